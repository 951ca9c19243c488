package io.docusigncamel.auth;

import io.docusigncamel.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.auth.FakeOAuthServer.Response;

class JwtAuthProcessorTest {

    /** The YAML of {@link JwtAuthProcessor}'s Javadoc: any 401 gets one new token and one retry. */
    private static final String ROUTES = """
            - routeConfiguration:
                id: docusign-auth
                onException:
                  - onException:
                      exception:
                        - org.apache.camel.http.base.HttpOperationFailedException
                      onWhen:
                        simple: "${exception.statusCode} == 401"
                      onRedeliveryRef: jwtAuth
                      redeliveryPolicy:
                        maximumRedeliveries: 1
                        redeliveryDelay: 0
            - route:
                id: send-envelope
                routeConfigurationId: docusign-auth
                from:
                  uri: direct:send-envelope
                  steps:
                    - process:
                        ref: jwtAuth
                    - toD:
                        uri: "${header.DocuSignRestBase}/v2.1/accounts/${header.DocuSignAccountId}/envelopes"
            """;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
    private FakeOAuthServer docuSign;
    private CamelContext camel;
    private JwtAuthProcessor processor;

    @BeforeEach
    void start() throws IOException {
        docuSign = new FakeOAuthServer();
        String accountsHere = UserInfoClientTest.TWO_ACCOUNTS.replace("https://na3.docusign.net", docuSign.baseUrl().toString());
        docuSign.respond("/oauth/userinfo", Response.json(200, accountsHere));
        DocuSignSession session = new DocuSignSession(new TokenProvider(source, clock, Duration.ofMinutes(10)),
                new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient()), Optional.empty(), clock);
        processor = new JwtAuthProcessor(session);
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        camel.stop();
        docuSign.close();
    }

    @Test
    void setsBearerTokenAccountAndRestBase() throws Exception {
        Exchange exchange = new DefaultExchange(camel);

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.AUTHORIZATION)).isEqualTo("Bearer token-1");
        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.ACCOUNT_ID)).isEqualTo(UserInfoClientTest.CORPORATION);
        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.REST_BASE)).isEqualTo(docuSign.baseUrl() + "/restapi");
        assertThat(exchange.getProperty(JwtAuthProcessor.ACCESS_TOKEN_PROPERTY, AccessToken.class).value()).isEqualTo("token-1");
    }

    @Test
    void afterA401ItInvalidatesThatTokenAndSetsAFreshOne() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        processor.process(exchange);
        exchange.setException(httpFailure(401));

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.AUTHORIZATION)).isEqualTo("Bearer token-2");
        assertThat(exchange.getProperty(JwtAuthProcessor.ACCESS_TOKEN_PROPERTY, AccessToken.class).value()).isEqualTo("token-2");
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void recognisesA401KeptAsTheCaughtException() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        processor.process(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("wrapped", httpFailure(401)));

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.AUTHORIZATION)).isEqualTo("Bearer token-2");
    }

    @Test
    void keepsTheTokenWhenTheFailureWasNotA401() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        processor.process(exchange);
        exchange.setException(httpFailure(500));

        processor.process(exchange);

        assertThat(exchange.getMessage().getHeader(JwtAuthProcessor.AUTHORIZATION)).isEqualTo("Bearer token-1");
        assertThat(source.requests()).isEqualTo(1);
    }

    @Test
    void yamlRouteRetriesA401OnceWithAFreshToken() throws Exception {
        docuSign.respond("/restapi/v2.1/accounts/" + UserInfoClientTest.CORPORATION + "/envelopes",
                Response.json(401, "{\"errorCode\":\"AUTHORIZATION_INVALID_TOKEN\",\"message\":\"The access token provided is expired, revoked or malformed.\"}"),
                Response.json(201, "{\"envelopeId\":\"44040055\",\"status\":\"sent\"}"));
        startRoutes();

        String reply = camel.createProducerTemplate().requestBody("direct:send-envelope", "{}", String.class);

        assertThat(reply).contains("44040055");
        assertThat(docuSign.requests("/restapi/v2.1/accounts/" + UserInfoClientTest.CORPORATION + "/envelopes"))
                .extracting(request -> request.header("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void yamlRouteFailsAfterASecond401WithoutAThirdToken() throws Exception {
        docuSign.respond("/restapi/v2.1/accounts/" + UserInfoClientTest.CORPORATION + "/envelopes",
                Response.json(401, "{\"errorCode\":\"USER_AUTHENTICATION_FAILED\"}"));
        startRoutes();
        ProducerTemplate producer = camel.createProducerTemplate();

        assertThatThrownBy(() -> producer.requestBody("direct:send-envelope", "{}", String.class))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(HttpOperationFailedException.class);

        assertThat(docuSign.requests("/restapi/v2.1/accounts/" + UserInfoClientTest.CORPORATION + "/envelopes")).hasSize(2);
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void aTokenFailureReachesTheRoute() {
        source.failNext(new TokenException(TokenError.CONSENT_REQUIRED, "consent missing", "open the consent URL", "https://consent", null));

        assertThatThrownBy(() -> processor.process(new DefaultExchange(camel)))
                .isInstanceOf(TokenException.class)
                .extracting(e -> ((TokenException) e).error()).isEqualTo(TokenError.CONSENT_REQUIRED);
    }

    private void startRoutes() throws Exception {
        camel.getRegistry().bind("jwtAuth", processor);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("memory:docusign-auth.yaml", ROUTES));
        camel.start();
    }

    private static HttpOperationFailedException httpFailure(int status) {
        return new HttpOperationFailedException("https://demo.docusign.net/restapi/v2.1/accounts/x/envelopes", status, "status", null,
                Map.of(), "{}");
    }
}
