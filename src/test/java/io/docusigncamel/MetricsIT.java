package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docusigncamel.emulator.DocuSignEmulator;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8 on the running service: {@code /observe/metrics} carries the service's own metrics (rows by outcome, API
 * calls by endpoint template and status, token requests, envelopes by status, the ledger's queues, poll lag), and
 * {@code /observe/health/ready} follows the inbox folder and DocuSign's consent while the process keeps running and
 * liveness stays UP.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void metricsReflectWhatTheServiceDidAndReadinessFollowsTheInboxAndConsentWithoutARestart() throws Exception {
        try (ServiceUnderTest service = new ServiceUnderTest("metrics")
                .property("docusign.emulator.poll-interval", "1s")
                .property("docusign.auth-retry-max-backoff", "1s").start()) {
            InboxFolder inbox = new InboxFolder(service);
            await().atMost(WAIT).until(() -> service.get("/observe/health/ready").statusCode() == 200);
            assertThat(service.get("/observe/health/ready").body())
                    .contains("\"docusign-auth\"").contains("\"ledger\"").contains("\"inbox-folder\"");
            assertThat(service.get("/observe/health/live").body()).doesNotContain("inbox-folder").doesNotContain("\"ledger\"");

            inbox.drop("metrics.csv", """
                    ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                    M-1,Ada Lovelace,ada@example.com,HR,hr@example.com
                    M-2,Grace Hopper,grace@example.com,HR,hr@example.com
                    M-3,,nobody@example.com,HR,hr@example.com
                    M-4,Alan Turing,alan@example.com,,
                    """);
            // the template's cc role needs an e-mail address: DocuSign refuses M-4 (400)
            List<InboxFolder.ResultRow> results = inbox.awaitResults("metrics.csv", WAIT);
            assertThat(results).extracting(InboxFolder.ResultRow::outcome).containsExactly("sent", "sent", "rejected", "failed");
            OutboxFolder outbox = new OutboxFolder(service);
            outbox.complete(results.get(0).envelopeId());
            outbox.deliver(results.get(1).envelopeId());

            await().atMost(WAIT).untilAsserted(() -> {
                String metrics = scrape(service);
                assertThat(value(metrics, "docusign_rows_total", "outcome=\"sent\"")).isEqualTo(2.0);
                assertThat(value(metrics, "docusign_rows_total", "outcome=\"rejected\"")).isEqualTo(1.0);
                assertThat(value(metrics, "docusign_rows_total", "outcome=\"duplicate\"")).isEqualTo(0.0);
                assertThat(value(metrics, "docusign_rows_total", "outcome=\"failed\"")).isEqualTo(1.0);
                assertThat(value(metrics, "docusign_envelopes", "status=\"completed\"")).isEqualTo(1.0);
                assertThat(value(metrics, "docusign_envelopes", "status=\"delivered\"")).isEqualTo(1.0);
                assertThat(value(metrics, "docusign_archives_pending", "")).isEqualTo(0.0);
                assertThat(value(metrics, "docusign_events_pending", "")).isEqualTo(0.0);
                // the signed PDF of the completed envelope was downloaded
                assertThat(value(metrics, "docusign_api_calls_total",
                        "endpoint=\"GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/combined\",status=\"200\""))
                        .isEqualTo(1.0);
                assertThat(value(metrics, "docusign_poll_lag_seconds", "")).isBetween(0.0, 30.0);
                // the API budget as the emulator's rate-limit headers reported it (3,000 an hour by default)
                assertThat(value(metrics, "docusign_rate_limit_remaining", "window=\"hourly\"")).isBetween(1.0, 2999.0);
            });
            String metrics = scrape(service);
            assertThat(value(metrics, "docusign_api_calls_total",
                    "endpoint=\"POST /v2.1/accounts/{accountId}/envelopes\",status=\"201\"")).isEqualTo(2.0);
            assertThat(value(metrics, "docusign_api_calls_total",
                    "endpoint=\"POST /v2.1/accounts/{accountId}/envelopes\",status=\"400\"")).isEqualTo(1.0);
            assertThat(value(metrics, "docusign_api_calls_total",
                    "endpoint=\"GET /v2.1/accounts/{accountId}/envelopes\",status=\"200\"")).isGreaterThanOrEqualTo(1.0);
            assertThat(value(metrics, "docusign_token_requests_total", "")).isGreaterThanOrEqualTo(1.0);
            assertThat(value(metrics, "docusign_token_failures_total", "error=\"consent_required\"")).isEqualTo(0.0);
            assertThat(value(metrics, "docusign_connect_messages_pending", "")).isEqualTo(0.0);
            assertThat(metrics).as("no envelope id, account id or query string in a label")
                    .doesNotContainPattern("docusign_api_calls_total\\{.*[0-9a-f]{8}-[0-9a-f]{4}")
                    .doesNotContainPattern("docusign_api_calls_total\\{.*\\?");

            // The inbox folder becomes unusable: a file where the folder was. Ready goes DOWN naming inbox.dir, live
            // stays UP; a folder again: ready UP.
            Path folder = inbox.inbox();
            deleteRecursively(folder);
            Files.writeString(folder, "not a folder");
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> ready = service.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("inbox.dir").contains("inbox-folder").contains("not a folder");
                Files.writeString(service.workDir().resolve("ready-inbox-down.json"), ready.body());
            });
            assertThat(service.get("/observe/health/live").statusCode()).isEqualTo(200);
            Files.delete(folder);
            Files.createDirectories(folder);
            await().atMost(WAIT).until(() -> service.get("/observe/health/ready").statusCode() == 200);

            // Consent revoked while running: the next call to DocuSign gets a 401, the new token request is refused,
            // and ready goes DOWN with the consent URL. Consent given again: UP without a restart.
            DocuSignEmulator docusign = service.emulator().emulator();
            String consentUrl = docusign.oauthBaseUrl() + "/oauth/auth?response_type=code"
                    + "&scope=signature%20impersonation&client_id=" + docusign.integrationKey()
                    + "&redirect_uri=" + URLEncoder.encode(docusign.redirectUri(), StandardCharsets.UTF_8);
            docusign.revokeConsent();
            docusign.expireAllTokens();
            inbox.drop("after-revoke.csv", """
                    ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                    M-5,Edsger Dijkstra,edsger@example.com,HR,hr@example.com
                    """);
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> ready = service.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body().replace("\\/", "/").replace("\\\\/", "/"))
                        .contains("docusign-auth").contains("consent_required").contains(consentUrl);
                Files.writeString(service.workDir().resolve("ready-consent-down.json"), ready.body());
            });
            assertThat(service.get("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(value(scrape(service), "docusign_token_failures_total", "error=\"consent_required\""))
                    .isGreaterThanOrEqualTo(1.0);

            docusign.grantConsent();
            await().atMost(WAIT).until(() -> service.get("/observe/health/ready").statusCode() == 200);
            assertThat(service.context().getStatus().isStarted()).isTrue();
        }
    }

    private static String scrape(ServiceUnderTest service) {
        HttpResponse<String> response = service.get("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            Files.writeString(service.workDir().resolve("last-scrape.txt"), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return response.body();
    }

    /**
     * The value of the sample {@code name{labels...}} whose labels contain {@code labels} ({@code ""}: the first
     * sample of that name).
     */
    static double value(String scrape, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{(.*)\\})? (\\S+)$").matcher(scrape);
        while (sample.find()) {
            String found = sample.group(2) == null ? "" : sample.group(2);
            if (found.contains(labels)) {
                return Double.parseDouble(sample.group(3));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + scrape);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
