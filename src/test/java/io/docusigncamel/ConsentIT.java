package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.auth.AuthStatus;
import io.docusigncamel.auth.DocuSignSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * Consent missing: the service does not crash-loop; it logs the consent URL once, reports DOWN with the URL on
 * readiness, retries with backoff, and becomes ready by itself once the user consents.
 */
class ConsentIT {

    @Test
    void waitsForConsentThenBecomesReadyWithoutARestart() throws Exception {
        try (StandaloneEmulator docusign = new StandaloneEmulator("consent");
             LogCapture logs = LogCapture.at(Level.INFO);
             ServiceUnderTest service = docusign.configure(new ServiceUnderTest("consent"))
                     .property("docusign.auth-retry-max-backoff", "1s").start()) {
            String consentUrl = docusign.emulator().oauthBaseUrl() + "/oauth/auth?response_type=code"
                    + "&scope=signature%20impersonation&client_id=" + docusign.emulator().integrationKey()
                    + "&redirect_uri=" + java.net.URLEncoder.encode(docusign.emulator().redirectUri(), java.nio.charset.StandardCharsets.UTF_8);
            DocuSignSession session = service.bean("docuSignSession", DocuSignSession.class);

            await().atMost(Duration.ofSeconds(30)).until(() -> docusign.emulator().counters().tokenRequests().values().stream().mapToLong(Long::longValue).sum() >= 4);
            AuthStatus status = session.status();
            assertThat(status.state()).isEqualTo(AuthStatus.State.CONSENT_REQUIRED);
            assertThat(status.consentUrl()).contains(consentUrl);
            HttpResponse<String> down = service.get("/observe/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            String message = StreamSupport.stream(new ObjectMapper().readTree(down.body()).get("checks").spliterator(), false)
                    .filter(c -> c.get("name").asText().equals("docusign-auth")).findFirst().orElseThrow()
                    .get("message").asText()
                    .replace("\\/", "/"); // Camel's health endpoint escapes slashes twice
            assertThat(message).contains("consent_required").contains(consentUrl);
            assertThat(logs.lines()).as("the consent URL is logged once, not at every retry")
                    .filteredOn(l -> l.contains(consentUrl)).hasSize(1);
            assertThat(service.context().getStatus().isStarted()).isTrue();

            // the user opens the consent URL and accepts
            HttpClient browser = EmulatorClients.trusting(docusign.emulator().truststoreFile(), docusign.emulator().truststorePassword());
            HttpResponse<String> consent = browser.send(HttpRequest.newBuilder(URI.create(consentUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(consent.statusCode()).isEqualTo(302);

            await().atMost(Duration.ofSeconds(30)).until(() -> session.status().ready());
            assertThat(service.get("/observe/health/ready").statusCode()).isEqualTo(200);
        }
    }
}
