package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.auth.AuthStatus;
import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.emulator.DocuSignEmulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service booted against its embedded emulator: token, account, readiness, and a 401 healed by one retry. */
class AuthenticationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceUnderTest service;

    @BeforeEach
    void start() {
        service = new ServiceUnderTest("auth")
                .property("camel.main.routes-include-pattern", "file:routes/*.yaml,classpath:routes-it/rest-probe.yaml")
                .start();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private DocuSignEmulator emulator() {
        return service.bean("docuSignEmulator", EmbeddedEmulator.class).emulator();
    }

    @Test
    void becomesReadyWithTheDefaultAccountWhichIsNotTheFirst() throws Exception {
        DocuSignSession session = service.bean("docuSignSession", DocuSignSession.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> session.status().ready());

        AuthStatus status = session.status();
        assertThat(status.account()).get().satisfies(a -> {
            assertThat(a.accountId()).isEqualTo(emulator().defaultAccountId());
            assertThat(a.restBase()).isEqualTo(emulator().restBaseUri());
        });
        assertThat(emulator().identity().accounts().get(0).accountId())
                .as("the emulator's first account is not the default one").isNotEqualTo(emulator().defaultAccountId());

        HttpResponse<String> ready = await().atMost(Duration.ofSeconds(30))
                .until(() -> service.get("/observe/health/ready"), r -> r.statusCode() == 200);
        assertThat(ready.body()).contains("\"UP\"");
    }

    @Test
    void callsUserinfoOnceAndReusesOneTokenForManyCalls() {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.bean("docuSignSession", DocuSignSession.class).status().ready());
        ProducerTemplate template = service.context().createProducerTemplate();
        for (int i = 0; i < 5; i++) {
            assertThat(template.requestBody("direct:rest-probe", "", String.class)).contains("resultSetSize");
        }

        assertThat(emulator().counters().userinfoCalls()).isEqualTo(1);
        assertThat(service.bean("docuSignSession", DocuSignSession.class).tokenRequests()).isEqualTo(1);
    }

    @Test
    void aRestCallRejectedWith401GetsOneNewTokenAndOneRetry() throws Exception {
        DocuSignSession session = service.bean("docuSignSession", DocuSignSession.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> session.status().ready());
        ProducerTemplate template = service.context().createProducerTemplate();
        template.requestBody("direct:rest-probe", "", String.class);
        long tokensBefore = session.tokenRequests();

        emulator().expireAllTokens();
        String body = template.requestBody("direct:rest-probe", "", String.class);

        JsonNode list = JSON.readTree(body);
        assertThat(list.has("resultSetSize")).isTrue();
        assertThat(session.tokenRequests()).isEqualTo(tokensBefore + 1);
        assertThat(emulator().requests()).filteredOn(r -> r.path().contains("/envelopes") && r.outcome().equals("401")).hasSize(1);
    }
}
