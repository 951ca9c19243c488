package io.docusigncamel.auth;

import io.docusigncamel.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import io.docusigncamel.auth.FakeOAuthServer.Response;

class JwtGrantTokenSourceTest {

    private static final String IK = "0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c";
    private static final String USER = "7a1d5c3e-2b4f-4e6a-9c8d-1e2f3a4b5c6d";
    private static final String ACCESS_TOKEN = "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.secret-access-token.sig";
    private static final String REDIRECT = "https://example.com/docusign/consent";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private FakeOAuthServer docuSign;
    private JwtGrantTokenSource source;
    private ConsentUrl consent;

    @BeforeEach
    void start() throws IOException {
        docuSign = new FakeOAuthServer();
        source = sourceFor(docuSign.baseUrl());
    }

    @AfterEach
    void stop() {
        docuSign.close();
    }

    private JwtGrantTokenSource sourceFor(URI base) {
        JwtSettings settings = JwtSettings.of(base, IK, USER, "signature impersonation");
        consent = new ConsentUrl(base, IK, settings.scopes(), REDIRECT);
        return new JwtGrantTokenSource(base, new AssertionFactory(settings, TestKeys.rsaPrivate()), consent, http, clock);
    }

    @Test
    void postsAFormWithTheJwtBearerGrantAndAnAssertionThatVerifies() throws Exception {
        docuSign.respond("/oauth/token", Response.json(200,
                "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));

        source.requestToken();

        FakeOAuthServer.Request request = docuSign.requests("/oauth/token").get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.header("Authorization")).isNull();
        Map<String, String> form = form(request.body());
        assertThat(form).containsOnlyKeys("grant_type", "assertion");
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(request.body()).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier(TestKeys.rsaPublic()))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("127.0.0.1:" + docuSign.baseUrl().getPort());
        assertThat(assertion.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.instant().minus(JwtSettings.DEFAULT_BACKDATE));
    }

    @Test
    void expiryIsTheRequestTimePlusExpiresIn() throws Exception {
        docuSign.respond("/oauth/token", Response.json(200,
                "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":600}"));

        AccessToken token = source.requestToken();

        assertThat(token.value()).isEqualTo(ACCESS_TOKEN);
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-03-01T12:10:00Z"));
        assertThat(token.toString()).doesNotContain(ACCESS_TOKEN).contains("2026-03-01T12:10:00Z");
    }

    static Stream<Arguments> docuSignTokenErrors() {
        return Stream.of(
                Arguments.of("{\"error\":\"consent_required\"}", TokenError.CONSENT_REQUIRED, "grant consent once by opening"),
                Arguments.of("{\"error\":\"invalid_grant\",\"error_description\":\"no_valid_keys_or_signatures\"}",
                        TokenError.NO_VALID_KEYS_OR_SIGNATURES, "docusign.private-key-file"),
                Arguments.of("{\"error\":\"invalid_grant\",\"error_description\":\"issuer_not_found\"}",
                        TokenError.ISSUER_NOT_FOUND, "check docusign.integration-key and docusign.environment / docusign.oauth-base-url"),
                Arguments.of("{\"error\":\"invalid_grant\",\"error_description\":\"user_not_found\"}",
                        TokenError.USER_NOT_FOUND, "not an e-mail address"),
                Arguments.of("{\"error\":\"invalid_grant\",\"error_description\":\"invalid_subject\"}",
                        TokenError.USER_NOT_FOUND, "docusign.user-id to the user's GUID"),
                Arguments.of("{\"error\":\"invalid_grant\",\"error_description\":\"expired_grant\"}",
                        TokenError.EXPIRED_GRANT, "clock"),
                Arguments.of("{\"error\":\"invalid_grant\"}", TokenError.INVALID_GRANT, "doctor"),
                Arguments.of("{\"error\":\"invalid_request\"}", TokenError.INVALID_REQUEST, "docusign.oauth-base-url"),
                Arguments.of("{\"error\":\"unsupported_grant_type\"}", TokenError.UNSUPPORTED_GRANT_TYPE, "docusign.oauth-base-url"));
    }

    @ParameterizedTest
    @MethodSource("docuSignTokenErrors")
    void mapsEachDocuSignTokenErrorToItsTypeAndFix(String body, TokenError expected, String fixMentions) {
        docuSign.respond("/oauth/token", Response.json(400, body));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.error()).isEqualTo(expected);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.fix()).contains(fixMentions);
        assertThat(failure.getMessage()).contains("HTTP 400").contains(body).contains("Fix: " + failure.fix());
        assertThat(failure.consentUrl().isPresent()).isEqualTo(expected == TokenError.CONSENT_REQUIRED);
        assertNoSecretIn(failure.getMessage());
    }

    @Test
    void noValidKeysNamesEveryLikelyCause() {
        docuSign.respond("/oauth/token", Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"no_valid_keys_or_signatures\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.getMessage())
                .contains("not (or no longer) on the integration key")
                .contains("a demo integration key against production")
                .contains("no https://")
                .contains("clock");
    }

    @Test
    void consentRequiredCarriesTheExactConsentUrl() {
        docuSign.respond("/oauth/token", Response.json(400, "{\"error\":\"consent_required\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        String expected = docuSign.baseUrl() + "/oauth/auth?response_type=code&scope=signature%20impersonation"
                + "&client_id=" + IK + "&redirect_uri=https%3A%2F%2Fexample.com%2Fdocusign%2Fconsent";
        assertThat(failure.consentUrl()).contains(expected);
        assertThat(failure.getMessage()).contains(expected).contains(USER).contains(IK);
    }

    @Test
    void treatsErrorAsTheDiscriminatorWhenTheDescriptionDisagrees() {
        docuSign.respond("/oauth/token", Response.json(400, "{\"error\":\"consent_required\",\"error_description\":\"issuer_not_found\"}"));

        assertThat(catchThrowableOfType(TokenException.class, source::requestToken).error()).isEqualTo(TokenError.CONSENT_REQUIRED);
    }

    @Test
    void serverErrorIsAnUnexpectedRetryableResponse() {
        docuSign.respond("/oauth/token", Response.json(500, "{\"error\":\"internal_server_error\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("HTTP 500");
    }

    @Test
    void htmlAnswerIsAnUnexpectedResponse() {
        docuSign.respond("/oauth/token", new Response(400, "text/html", "<html><body>Bad Request</body></html>"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
        assertThat(failure.getMessage()).contains("<html><body>Bad Request</body></html>");
    }

    @Test
    void emptyBodyIsAnUnexpectedResponse() {
        docuSign.respond("/oauth/token", new Response(400, null, ""));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
        assertThat(failure.getMessage()).contains("empty body");
    }

    @Test
    void successWithoutExpiresInIsAnUnexpectedResponseThatDoesNotQuoteTheToken() {
        docuSign.respond("/oauth/token", Response.json(200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        assertThat(failure.error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
        assertThat(failure.getMessage()).contains("access_token token_type").doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void successWithANonJsonBodyIsAnUnexpectedResponse() {
        docuSign.respond("/oauth/token", new Response(200, "text/html", "<html>login</html>"));

        assertThat(catchThrowableOfType(TokenException.class, source::requestToken).error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
    }

    @Test
    void refusedConnectionIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtGrantTokenSource nowhere = sourceFor(URI.create("http://127.0.0.1:" + closedPort));

        TokenException failure = catchThrowableOfType(TokenException.class, nowhere::requestToken);

        assertThat(failure.error()).isEqualTo(TokenError.UNREACHABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort).contains("docusign.oauth-base-url");
    }

    @Test
    void neitherMessagesNorToStringRevealTheAssertion() {
        docuSign.respond("/oauth/token", Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"issuer_not_found\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, source::requestToken);

        String assertion = form(docuSign.requests("/oauth/token").get(0).body()).get("assertion");
        String signature = assertion.substring(assertion.lastIndexOf('.') + 1);
        assertThat(failure.getMessage()).doesNotContain(signature).doesNotContain(assertion.substring(0, 40));
        assertThat(failure.toString()).doesNotContain(signature);
        assertThat(source.toString()).doesNotContain(signature).contains(IK);
        assertNoSecretIn(source.toString());
    }

    private static void assertNoSecretIn(String text) {
        String privateKey = Base64.getEncoder().encodeToString(TestKeys.rsaPrivate().getEncoded());
        assertThat(text).doesNotContain(privateKey.substring(100, 140)).doesNotContain(ACCESS_TOKEN).doesNotContain("eyJ");
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> a, LinkedHashMap::new));
    }
}
