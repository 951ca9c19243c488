package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under chaos: a 2,000-row file against an emulator that answers 10 % of REST calls with a 5xx, accepts
 * 5 % of creates without ever answering, and drops 2 % of connections; consent is revoked and restored during the
 * run, and the service is stopped hard and started again at three random points. Every row must end with exactly one
 * envelope at DocuSign and exactly one results line naming it: nothing sent twice, nothing lost.
 */
class ChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 2000;
    private static final String REST = "/restapi/.*";
    private static final String CREATE = "/restapi/v2\\.1/accounts/[^/]+/envelopes";

    @Test
    void everyRowEndsWithExactlyOneEnvelopeThroughFaultsAConsentOutageAndThreeHardRestarts() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        try (StandaloneEmulator docusign = new StandaloneEmulator("chaos")) {
            DocuSignEmulator emulator = docusign.emulator();
            emulator.grantConsent();
            // the limits are another test's subject (RateLimitBudgetIT): here they must not slow the run down
            emulator.applySettings(emulator.settings().withHourlyLimit(1_000_000, Duration.ofHours(1))
                    .withBurstLimit(1_000_000, Duration.ofSeconds(30)));
            emulator.addFault(Fault.status("*", REST, 503, null).probability(0.10));
            emulator.addFault(Fault.acceptThenHang("POST", CREATE).probability(0.05));
            emulator.addFault(Fault.reset("*", REST).probability(0.02));
            emulator.reseedFaults(seed);
            ServiceUnderTest service = docusign.configure(new ServiceUnderTest("chaos"))
                    .property("docusign.http-timeout", "2s")
                    .property("docusign.auth-retry-max-backoff", "2s")
                    .property("inbox.concurrency", "16")
                    .property("inbox.max-attempts", "30")
                    .property("inbox.retry-initial-backoff", "100ms")
                    .property("inbox.retry-max-backoff", "1s")
                    .property("camel.main.shutdown-timeout", "1")
                    .start();
            InboxFolder inbox = new InboxFolder(service);
            String csv = "ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n" + IntStream.rangeClosed(1, ROWS)
                    .mapToObj(i -> String.format("X-%04d,Person %d,person%d@example.com,HR,hr@example.com", i, i, i))
                    .collect(Collectors.joining("\n", "", "\n"));
            inbox.drop("chaos.csv", csv);

            List<Integer> restartsAt = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                restartsAt.add(ROWS * (15 + 20 * i) / 100 + random.nextInt(ROWS / 10));
            }
            int consentAt = ROWS * 3 / 4 + random.nextInt(ROWS / 20);
            for (int threshold : restartsAt) {
                await().atMost(Duration.ofMinutes(3)).until(() -> docusign.world().envelopeCount() >= threshold);
                service.stop(); // hard: in-flight rows are cut off after one second
                service.start();
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> docusign.world().envelopeCount() >= consentAt);
            emulator.revokeConsent();
            emulator.expireAllTokens();
            long stalledAt = docusign.world().envelopeCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health/ready").statusCode() == 503);
            emulator.grantConsent();

            List<ResultRow> results = inbox.awaitResults("chaos.csv", Duration.ofMinutes(5));
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox.movedTo(".done", "chaos.csv"));
            service.close();

            List<JsonNode> envelopes = envelopes(docusign);
            Map<String, Long> perKey = envelopes.stream()
                    .collect(Collectors.groupingBy(e -> e.path("transactionId").asText(), Collectors.counting()));
            String context = "seed " + seed + " (rerun with -Dchaos.seed=" + seed + "), restarts at " + restartsAt
                    + ", consent revoked at " + stalledAt;
            assertThat(perKey).as("one envelope per row key; " + context).hasSize(ROWS)
                    .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
            assertThat(results).as(context).hasSize(ROWS);
            assertThat(results).extracting(ResultRow::row).containsExactlyElementsOf(IntStream.rangeClosed(1, ROWS).boxed().toList());
            assertThat(results).as(context).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
            Map<String, String> envelopeByKey = new HashMap<>();
            envelopes.forEach(e -> envelopeByKey.put(e.path("transactionId").asText(), e.path("envelopeId").asText()));
            assertThat(results).allSatisfy(r -> assertThat(r.envelopeId()).isEqualTo(envelopeByKey.get(r.rowKey())));
            assertThat(emulator.counters().byOutcome()).as("the faults did happen").containsKeys("503", "hang", "reset");
        }
    }

    private static List<JsonNode> envelopes(StandaloneEmulator docusign) throws Exception {
        JsonNode list = JSON.readTree(docusign.world().handleControl("GET", "/envelopes", Map.of(), new byte[0]).body());
        return StreamSupport.stream(list.path("envelopes").spliterator(), false).toList();
    }
}
