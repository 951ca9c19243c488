package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.emulator.Fault;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under faults: a 200-row file, some creates accepted by DocuSign whose answer never arrives, and the
 * service stopped hard in the middle of the file and started again. Every row must end with exactly one envelope at
 * DocuSign and exactly one results line.
 */
class CrashSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRowEndsWithExactlyOneEnvelopeAcrossHangsAndARestartMidFile() throws Exception {
        try (StandaloneEmulator docusign = new StandaloneEmulator("crash")) {
            docusign.emulator().grantConsent();
            docusign.emulator().addFault(Fault.acceptThenHang("POST", "/restapi/v2\\.1/accounts/[^/]+/envelopes").probability(0.05));
            docusign.emulator().reseedFaults(42);
            ServiceUnderTest service = docusign.configure(new ServiceUnderTest("crash"))
                    .property("docusign.http-timeout", "2s")
                    .property("inbox.concurrency", "4")
                    .property("inbox.retry-initial-backoff", "100ms")
                    .property("inbox.retry-max-backoff", "1s")
                    .property("camel.main.shutdown-timeout", "1")
                    .start();
            InboxFolder inbox = new InboxFolder(service);
            String csv = csv("R", 200);
            inbox.drop("big.csv", csv);

            await().atMost(Duration.ofSeconds(120)).until(() -> envelopes(docusign).size() >= 60);
            service.stop(); // hard: in-flight rows are cut off after one second
            assertThat(inbox.movedTo(".done", "big.csv")).as("the file was not finished before the stop").isFalse();
            service.start();

            List<ResultRow> results = inbox.awaitResults("big.csv", Duration.ofSeconds(180));
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox.movedTo(".done", "big.csv"));
            service.close();

            List<JsonNode> envelopes = envelopes(docusign);
            Map<String, Long> perKey = envelopes.stream()
                    .collect(Collectors.groupingBy(e -> e.path("transactionId").asText(), Collectors.counting()));
            assertThat(perKey).as("one envelope per row key").hasSize(200).allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
            assertThat(results).hasSize(200);
            assertThat(results).extracting(ResultRow::row).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
            Map<String, String> envelopeByKey = new HashMap<>();
            envelopes.forEach(e -> envelopeByKey.put(e.path("transactionId").asText(), e.path("envelopeId").asText()));
            assertThat(results).allSatisfy(r -> assertThat(r.envelopeId()).isEqualTo(envelopeByKey.get(r.rowKey())));
        }
    }

    /**
     * A ledger that lost its last commits in a crash (H2 did, to kill -9; any database can, to a power cut): the
     * records of rows whose envelopes DocuSign has are gone. Taking the file up again must find those envelopes at
     * DocuSign and record them, not send the rows a second time.
     */
    @Test
    void rowsWhoseLedgerRecordsWereLostAreFoundAtDocuSignNotSentAgain() throws Exception {
        try (StandaloneEmulator docusign = new StandaloneEmulator("lost-claims")) {
            docusign.emulator().grantConsent();
            // slow creates, so that the stop finds the file half done
            docusign.emulator().addFault(Fault.delay("POST", "/restapi/v2\\.1/accounts/[^/]+/envelopes",
                    Duration.ofMillis(150)));
            ServiceUnderTest service = docusign.configure(new ServiceUnderTest("lost-claims"))
                    .property("inbox.concurrency", "4")
                    .property("camel.main.shutdown-timeout", "1")
                    .start();
            InboxFolder inbox = new InboxFolder(service);
            String csv = csv("L", 120);
            inbox.drop("lost.csv", csv);
            await().atMost(Duration.ofSeconds(120)).until(() -> envelopes(docusign).size() >= 30);
            service.stop();
            assertThat(inbox.movedTo(".done", "lost.csv")).as("the file was not finished before the stop").isFalse();

            List<String> sentKeys = envelopes(docusign).stream().map(e -> e.path("transactionId").asText()).toList();
            List<String> forgotten = sentKeys.subList(sentKeys.size() - 10, sentKeys.size());
            String url = "jdbc:h2:file:" + service.workDir().resolve("data").resolve("ledger");
            try (java.sql.Connection ledger = java.sql.DriverManager.getConnection(url, "", "");
                 java.sql.PreparedStatement claim = ledger.prepareStatement("DELETE FROM row_claim WHERE row_key = ?");
                 java.sql.PreparedStatement outcome = ledger.prepareStatement("DELETE FROM run_outcome WHERE row_key = ?")) {
                for (String key : forgotten) {
                    claim.setString(1, key);
                    assertThat(claim.executeUpdate()).as("the ledger's record of %s", key).isEqualTo(1);
                    outcome.setString(1, key);
                    outcome.executeUpdate();
                }
            }
            service.start();

            List<ResultRow> results = inbox.awaitResults("lost.csv", Duration.ofSeconds(180));
            service.close();
            List<JsonNode> envelopes = envelopes(docusign);
            Map<String, Long> perKey = envelopes.stream()
                    .collect(Collectors.groupingBy(e -> e.path("transactionId").asText(), Collectors.counting()));
            assertThat(perKey).as("one envelope per row key").hasSize(120).allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
            Map<String, String> envelopeByKey = new HashMap<>();
            envelopes.forEach(e -> envelopeByKey.put(e.path("transactionId").asText(), e.path("envelopeId").asText()));
            assertThat(results).hasSize(120).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo("sent");
                assertThat(r.envelopeId()).isEqualTo(envelopeByKey.get(r.rowKey()));
            });
        }
    }

    /** A CSV of {@code rows} rows keyed {@code <prefix>-001}, {@code <prefix>-002}, ... */
    private static String csv(String prefix, int rows) {
        return "ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n" + IntStream.rangeClosed(1, rows)
                .mapToObj(i -> String.format("%s-%03d,Person %d,person%d@example.com,HR,hr@example.com", prefix, i, i, i))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static List<JsonNode> envelopes(StandaloneEmulator docusign) throws Exception {
        JsonNode list = JSON.readTree(docusign.world().handleControl("GET", "/envelopes", Map.of(), new byte[0]).body());
        return java.util.stream.StreamSupport.stream(list.path("envelopes").spliterator(), false).toList();
    }
}
