package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Envelopes sent by the inbox route are followed by polling to delivered, completed, declined and voided: one event
 * file per change with the fields of SPEC §5, the signed PDF and its metadata archived for completed envelopes, and
 * the statuses in the ledger.
 */
class StatusTrackingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private ServiceUnderTest service;
    private InboxFolder inbox;
    private OutboxFolder outbox;

    @BeforeEach
    void start() {
        service = new ServiceUnderTest("tracking").property("docusign.emulator.poll-interval", "1s").start();
        inbox = new InboxFolder(service);
        outbox = new OutboxFolder(service);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void followsSentEnvelopesToDeliveredCompletedDeclinedAndVoidedWithOneEventPerChange() throws Exception {
        inbox.drop("contracts.csv", """
                ExternalId,signer::Name,signer::Email,cc::Name,cc::Email,startDate
                T-1,Ada Lovelace,ada@example.com,HR,hr@example.com,2027-01-04
                T-2,Grace Hopper,grace@example.com,HR,hr@example.com,2027-01-05
                T-3,Alan Turing,alan@example.com,HR,hr@example.com,2027-01-06
                T-4,Edsger Dijkstra,edsger@example.com,HR,hr@example.com,2027-01-07
                """);
        Map<String, String> envelopeOf = inbox.awaitResults("contracts.csv", WAIT).stream()
                .collect(Collectors.toMap(ResultRow::rowKey, ResultRow::envelopeId));
        String t1 = envelopeOf.get("T-1");
        String t2 = envelopeOf.get("T-2");
        String t3 = envelopeOf.get("T-3");
        String t4 = envelopeOf.get("T-4");

        outbox.deliver(t1);
        await().atMost(WAIT).until(() -> outbox.eventsOf(t1).size() == 1);
        outbox.complete(t1);
        outbox.complete(t2);
        outbox.decline(t3, "The start date is wrong");
        outbox.voidEnvelope(t4, "Position cancelled");
        await().atMost(WAIT).until(() -> outbox.events().size() == 5);

        List<JsonNode> ofT1 = outbox.eventsOf(t1);
        assertThat(ofT1).extracting(e -> e.path("status").asText()).containsExactly("delivered", "completed");
        assertThat(ofT1).extracting(e -> e.path("previousStatus").asText()).containsExactly("sent", "delivered");
        JsonNode completed = ofT1.get(1);
        assertThat(fieldNames(completed)).containsExactly("envelopeId", "status", "previousStatus",
                "statusChangedDateTime", "rowKey", "sourceFile", "source", "customFields");
        assertThat(completed.path("envelopeId").asText()).isEqualTo(t1);
        assertThat(completed.path("rowKey").asText()).isEqualTo("T-1");
        assertThat(completed.path("sourceFile").asText()).isEqualTo("contracts.csv");
        assertThat(completed.path("source").asText()).isEqualTo("poll");
        assertThat(completed.path("statusChangedDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(completed.path("customFields").path("rowKey").asText()).isEqualTo("T-1");

        assertThat(outbox.eventsOf(t2)).singleElement().satisfies(e -> {
            assertThat(e.path("status").asText()).isEqualTo("completed");
            assertThat(e.path("previousStatus").asText()).isEqualTo("sent");
        });
        assertThat(outbox.eventsOf(t3)).singleElement().satisfies(e -> {
            assertThat(e.path("status").asText()).isEqualTo("declined");
            assertThat(e.path("declinedReason").asText()).isEqualTo("The start date is wrong");
        });
        assertThat(outbox.eventsOf(t4)).singleElement().satisfies(e -> {
            assertThat(e.path("status").asText()).isEqualTo("voided");
            assertThat(e.path("voidedReason").asText()).isEqualTo("Position cancelled");
        });

        for (String id : List.of(t1, t2)) {
            await().atMost(WAIT).until(() -> Files.isDirectory(outbox.archive(id)));
            Path archive = outbox.archive(id);
            byte[] pdf = Files.readAllBytes(archive.resolve("combined.pdf"));
            assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("%%EOF");
            JsonNode metadata = OutboxFolder.read(archive.resolve("envelope.json"));
            assertThat(metadata.path("envelopeId").asText()).isEqualTo(id);
            assertThat(metadata.path("sourceFile").asText()).isEqualTo("contracts.csv");
            assertThat(metadata.path("customFields").path("rowKey").asText()).isIn("T-1", "T-2");
            assertThat(metadata.path("signers").get(0).path("email").asText()).endsWith("@example.com");
            assertThat(metadata.path("signers").get(0).path("signedDateTime").asText()).endsWith("Z");
            assertThat(metadata.path("completedDateTime").asText()).endsWith("Z");
        }
        assertThat(outbox.archive(t3)).doesNotExist();
        assertThat(outbox.archive(t4)).doesNotExist();

        EnvelopeTracking tracking = service.bean("ledger", Ledger.class).tracking();
        assertThat(List.of(t1, t2, t3, t4)).extracting(id -> tracking.envelope(id).orElseThrow().status())
                .containsExactly("completed", "completed", "declined", "voided");
        await().atMost(WAIT).until(() -> tracking.envelope(t1).orElseThrow().isArchived()
                && tracking.envelope(t2).orElseThrow().isArchived());
        assertThat(tracking.countQueuedEvents()).isZero();
        assertThat(outbox.eventFileNames()).allMatch(name -> name.matches("\\d{12}-[0-9a-f-]{36}-[a-z]+\\.json"));

        // later cycles read the same changes again inside the overlap: nothing new is emitted
        long pollsBefore = listCalls();
        await().atMost(WAIT).until(() -> listCalls() >= pollsBefore + 3);
        assertThat(outbox.events()).hasSize(5);
    }

    private long listCalls() {
        return service.emulator().emulator().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/envelopes") && r.query().contains("to_date="))
                .count();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
