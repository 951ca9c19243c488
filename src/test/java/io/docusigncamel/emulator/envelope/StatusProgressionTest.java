package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StatusProgressionTest {

    private final MutableClock clock = MutableClock.at("2024-05-02T08:00:00.1234567Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);
    private final List<StatusChange> changes = new CopyOnWriteArrayList<>();

    {
        world.addStatusListener(changes::add);
    }

    @Test
    void withASignerDelaySentEnvelopesAreDeliveredThenCompletedAtTheRightTimes() {
        world.setSignerDelay(Duration.ofSeconds(30));
        String id = client.create(sentDefinition());

        clock.advance(Duration.ofSeconds(29));
        assertThat(world.tick()).isZero();
        assertThat(client.envelope(id, "").get("status").asText()).isEqualTo("sent");

        clock.advance(Duration.ofSeconds(2));
        assertThat(world.tick()).isEqualTo(1);
        JsonNode delivered = client.envelope(id, "include=recipients");
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("deliveredDateTime").asText()).isEqualTo("2024-05-02T08:00:30.1234567Z");
        assertThat(delivered.get("statusChangedDateTime").asText()).isEqualTo("2024-05-02T08:00:30.1234567Z");
        assertThat(delivered.get("lastModifiedDateTime").asText()).isEqualTo("2024-05-02T08:00:30.1234567Z");
        assertThat(delivered.has("completedDateTime")).isFalse();
        JsonNode signer = delivered.get("recipients").get("signers").get(0);
        assertThat(signer.get("status").asText()).isEqualTo("delivered");
        assertThat(signer.get("deliveredDateTime").asText()).isEqualTo("2024-05-02T08:00:30.1234567Z");
        assertThat(signer.has("signedDateTime")).isFalse();

        clock.advance(Duration.ofMinutes(5));
        assertThat(world.tick()).isEqualTo(1);
        JsonNode completed = client.envelope(id, "include=recipients");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("completedDateTime").asText()).isEqualTo("2024-05-02T08:01:00.1234567Z");
        assertThat(completed.get("deliveredDateTime").asText()).isEqualTo("2024-05-02T08:00:30.1234567Z");
        assertThat(completed.get("statusChangedDateTime").asText()).isEqualTo("2024-05-02T08:01:00.1234567Z");
        assertThat(completed.get("recipients").get("signers").get(0).get("signedDateTime").asText())
                .isEqualTo("2024-05-02T08:01:00.1234567Z");
        assertThat(completed.get("recipients").get("signers").get(0).get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("recipients").get("carbonCopies").get(0).get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("completedDateTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z");

        assertThat(changes).extracting(StatusChange::newStatus).containsExactly("sent", "delivered", "completed");
        assertThat(changes.get(1).oldStatus()).isEqualTo("sent");
        assertThat(changes.get(2).at()).isEqualTo(Instant.parse("2024-05-02T08:01:00.1234567Z"));
        assertThat(changes.get(2).accountId()).isEqualTo(EmulatorClient.ACCOUNT);
        assertThat(changes.get(2).envelopeId()).isEqualTo(id);
    }

    @Test
    void draftsDoNotMove() {
        world.setSignerDelay(Duration.ofSeconds(1));
        String id = client.create(sentDefinition().put("status", "created"));

        clock.advance(Duration.ofMinutes(1));
        world.tick();

        assertThat(client.envelope(id, "").get("status").asText()).isEqualTo("created");
        assertThat(changes).extracting(StatusChange::newStatus).containsExactly("created");
        assertThat(changes.get(0).oldStatus()).isNull();
    }

    @Test
    void withoutASignerDelayNothingMovesOnItsOwn() {
        String id = client.create(sentDefinition());

        clock.advance(Duration.ofDays(1));
        assertThat(world.tick()).isZero();
        assertThat(client.envelope(id, "").get("status").asText()).isEqualTo("sent");
    }

    @Test
    void turningTheDelayOffDropsScheduledActions() {
        world.setSignerDelay(Duration.ofSeconds(10));
        String id = client.create(sentDefinition());
        world.setSignerDelay(Duration.ZERO);

        clock.advance(Duration.ofMinutes(1));
        world.tick();
        assertThat(client.envelope(id, "").get("status").asText()).isEqualTo("sent");
    }

    @Test
    void advanceMovesOneStepAtATime() {
        String id = client.create(sentDefinition());

        clock.advance(Duration.ofMinutes(1));
        JsonNode delivered = json(client.control("POST", "/envelopes/" + id + "/advance", null));
        clock.advance(Duration.ofMinutes(1));
        JsonNode completed = json(client.control("POST", "/envelopes/" + id + "/advance", null));

        assertThat(delivered.get("status").asText()).isEqualTo("delivered");
        assertThat(delivered.get("deliveredDateTime").asText()).isEqualTo("2024-05-02T08:01:00.1234567Z");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("completedDateTime").asText()).isEqualTo("2024-05-02T08:02:00.1234567Z");
        assertError(client.control("POST", "/envelopes/" + id + "/advance", null), 400, "ENVELOPE_INVALID_STATUS");
    }

    @Test
    void completeGoesStraightToCompletedAndTheLaterScheduledStepsLapse() {
        world.setSignerDelay(Duration.ofSeconds(30));
        String id = client.create(sentDefinition());

        JsonNode completed = json(client.control("POST", "/envelopes/" + id + "/complete", null));
        clock.advance(Duration.ofMinutes(2));
        assertThat(world.tick()).isZero();

        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("deliveredDateTime").asText()).isEqualTo(completed.get("completedDateTime").asText());
        assertThat(changes).extracting(StatusChange::newStatus).containsExactly("sent", "completed");
    }

    @Test
    void declineRecordsTheReasonOnTheDecliningSigner() {
        String id = client.create(sentDefinition());
        clock.advance(Duration.ofMinutes(3));

        client.control("POST", "/envelopes/" + id + "/decline", "{\"reason\":\"Wrong salary\"}");

        JsonNode envelope = client.envelope(id, "include=recipients");
        assertThat(envelope.get("status").asText()).isEqualTo("declined");
        assertThat(envelope.get("declinedDateTime").asText()).isEqualTo("2024-05-02T08:03:00.1234567Z");
        JsonNode signer = envelope.get("recipients").get("signers").get(0);
        assertThat(signer.get("status").asText()).isEqualTo("declined");
        assertThat(signer.get("declinedReason").asText()).isEqualTo("Wrong salary");
        assertThat(signer.get("declinedDateTime").asText()).isEqualTo("2024-05-02T08:03:00.1234567Z");
        assertThat(envelope.get("recipients").get("carbonCopies").get(0).get("status").asText()).isEqualTo("sent");
        assertError(client.control("POST", "/envelopes/" + id + "/decline", "{}"), 400, "ENVELOPE_INVALID_STATUS");
    }

    @Test
    void declineCanNameTheRecipient() {
        var definition = sentDefinition();
        ((com.fasterxml.jackson.databind.node.ArrayNode) definition.get("recipients").get("signers")).addObject()
                .put("email", "second@example.com").put("name", "Second").put("recipientId", "3").put("routingOrder", "2");
        String id = client.create(definition);

        client.control("POST", "/envelopes/" + id + "/decline", "{\"reason\":\"no\",\"recipientId\":\"3\"}");

        JsonNode signers = client.envelope(id, "include=recipients").get("recipients").get("signers");
        assertThat(signers.get(0).get("status").asText()).isEqualTo("sent");
        assertThat(signers.get(1).get("declinedReason").asText()).isEqualTo("no");
        String other = client.create(sentDefinition());
        assertError(client.control("POST", "/envelopes/" + other + "/decline", "{\"recipientId\":\"2\"}"), 400, "INVALID_RECIPIENT_ID");
        assertError(client.control("POST", "/envelopes/" + other + "/decline", "{\"recipientId\":\"9\"}"), 400, "UNKNOWN_ENVELOPE_RECIPIENT");
    }

    @Test
    void voidRecordsReasonAndTimeAndCannotVoidACompletedEnvelope() {
        String id = client.create(sentDefinition());
        clock.advance(Duration.ofMinutes(4));

        EmulatorResponse voided = client.control("POST", "/envelopes/" + id + "/void", "{\"reason\":\"Sent by mistake\"}");

        assertThat(voided.status()).isEqualTo(200);
        JsonNode envelope = client.envelope(id, "");
        assertThat(envelope.get("status").asText()).isEqualTo("voided");
        assertThat(envelope.get("voidedReason").asText()).isEqualTo("Sent by mistake");
        assertThat(envelope.get("voidedDateTime").asText()).isEqualTo("2024-05-02T08:04:00.1234567Z");

        String completed = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + completed + "/complete", null);
        assertError(client.control("POST", "/envelopes/" + completed + "/void", "{\"reason\":\"late\"}"), 400,
                "ENVELOPE_CANNOT_VOID_INVALID_STATE");
        String draft = client.create(sentDefinition().put("status", "created"));
        assertError(client.control("POST", "/envelopes/" + draft + "/void", "{\"reason\":\"x\"}"), 400,
                "ENVELOPE_CANNOT_VOID_INVALID_STATE");
        assertError(client.control("POST", "/envelopes/" + draft + "/void", "{}"), 400, "INVALID_REQUEST_PARAMETER");
        assertError(client.control("POST", "/envelopes/" + draft + "/advance", null), 400, "ENVELOPE_INVALID_STATUS");
    }

    @Test
    void controlListShowsEveryEnvelopeWithFullDetailAndFilters() {
        String sent = client.create(sentDefinition().put("transactionId", "tx-9"));
        String draft = client.create(sentDefinition().put("status", "created"));

        JsonNode all = json(client.control("GET", "/envelopes", null)).get("envelopes");
        JsonNode drafts = json(world.handleControl("GET", "/envelopes", EmulatorClient.query("status=created"), new byte[0]))
                .get("envelopes");

        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("envelopeId").asText()).isEqualTo(sent);
        assertThat(all.get(0).get("transactionId").asText()).isEqualTo("tx-9");
        assertThat(all.get(0).get("accountId").asText()).isEqualTo(EmulatorClient.ACCOUNT);
        assertThat(all.get(0).has("counters")).isTrue();
        assertThat(all.get(0).get("definition").get("emailSubject").asText()).isEqualTo("Please sign this document set");
        assertThat(drafts).hasSize(1);
        assertThat(drafts.get(0).get("envelopeId").asText()).isEqualTo(draft);
        assertError(client.control("GET", "/envelopes/nope", null), 404, "ENVELOPE_DOES_NOT_EXIST");
        assertError(client.control("POST", "/envelopes/" + sent + "/teleport", null), 404, "RESOURCE_NOT_FOUND");
    }

    @Test
    void aFailingListenerDoesNotStopTheChangeOrOtherListeners() {
        world.addStatusListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        List<StatusChange> after = new CopyOnWriteArrayList<>();
        world.addStatusListener(after::add);

        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/advance", null);

        assertThat(after).extracting(StatusChange::newStatus).containsExactly("sent", "delivered");
        assertThat(client.envelope(id, "").get("status").asText()).isEqualTo("delivered");
    }

    @Test
    void theBackgroundSchedulerAppliesDueActionsOnItsOwn() throws Exception {
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            EnvelopeWorld ticking = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ofMillis(5)), scheduler);
            java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);
            ticking.addStatusListener(change -> {
                if (change.newStatus().equals("completed")) {
                    completed.countDown();
                }
            });
            ticking.setSignerDelay(Duration.ofSeconds(10));
            new EmulatorClient(ticking).create(sentDefinition());

            clock.advance(Duration.ofSeconds(20));

            assertThat(completed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            ticking.close();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
