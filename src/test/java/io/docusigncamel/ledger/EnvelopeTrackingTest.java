package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.ledger.EnvelopeTracking.PollCheckpoint;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedEvent;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedMessage;
import io.docusigncamel.ledger.EnvelopeTracking.Recorded;
import io.docusigncamel.ledger.EnvelopeTracking.StatusChange;
import io.docusigncamel.ledger.EnvelopeTracking.TrackedEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvelopeTracking} on an H2 file ledger: compare-and-set status changes with one event per (envelope,
 * status) — RECORDED, CONFLICT, DUPLICATE; the event queue (oldest first, one per envelope for delivery, backoff,
 * leaving the queue once written or delivered); the Connect message queue; the archive queue with its retry time;
 * and the polling checkpoint, which survives reopening the same database.
 */
class EnvelopeTrackingTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private String url;
    private Ledger ledger;
    private EnvelopeTracking tracking;

    @BeforeEach
    void openLedger() {
        url = LedgerFiles.newFileUrl("tracking");
        ledger = Ledger.open(url, null, null);
        tracking = ledger.tracking();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private static StatusChange change(String envelopeId, String previous, String status) {
        return new StatusChange(envelopeId, previous, status, T0, "EMP-1", "hr.csv", null, status.equals("completed"),
                "{\"envelopeId\":\"" + envelopeId + "\",\"status\":\"" + status + "\"}");
    }

    private Recorded record(String envelopeId, String previous, String status) {
        return tracking.record(change(envelopeId, previous, status), T0);
    }

    // ------------------------------------------------------------------------------------------ status changes

    @Test
    void recordsTheFirstStatusOfANewEnvelopeAndQueuesItsEvent() {
        Recorded recorded = tracking.record(new StatusChange("env-1", null, "sent", T0.minusSeconds(5), "EMP-1",
                "hr.csv", "{\"status\":\"sent\"}", false, "{\"e\":1}"), T0);

        assertThat(recorded).isEqualTo(Recorded.RECORDED);
        TrackedEnvelope envelope = tracking.envelope("env-1").orElseThrow();
        assertThat(envelope.status()).isEqualTo("sent");
        assertThat(envelope.statusChangedAt()).contains(T0.minusSeconds(5));
        assertThat(envelope.rowKey()).contains("EMP-1");
        assertThat(envelope.sourceFile()).contains("hr.csv");
        assertThat(envelope.summaryJson()).contains("{\"status\":\"sent\"}");
        assertThat(envelope.archiveState()).isEmpty();
        assertThat(tracking.unwrittenEvents(10)).singleElement().satisfies(event -> {
            assertThat(event.envelopeId()).isEqualTo("env-1");
            assertThat(event.status()).isEqualTo("sent");
            assertThat(event.json()).isEqualTo("{\"e\":1}");
            assertThat(event.fileWritten()).isFalse();
            assertThat(event.attempts()).isZero();
            assertThat(event.nextAttemptAt()).isEmpty();
        });
    }

    @Test
    void aChangeFromTheStatusTheCallerReadIsRecorded() {
        record("env-1", null, "sent");

        assertThat(record("env-1", "sent", "delivered")).isEqualTo(Recorded.RECORDED);

        assertThat(tracking.envelope("env-1").orElseThrow().status()).isEqualTo("delivered");
        assertThat(tracking.countQueuedEvents()).isEqualTo(2);
    }

    @Test
    void aChangeFromAStatusTheEnvelopeNoLongerHasIsAConflict() {
        record("env-1", null, "sent");
        record("env-1", "sent", "delivered");

        assertThat(record("env-1", "sent", "completed")).isEqualTo(Recorded.CONFLICT);

        assertThat(tracking.envelope("env-1").orElseThrow().status()).isEqualTo("delivered");
        assertThat(tracking.envelope("env-1").orElseThrow().archiveState()).isEmpty();
        assertThat(tracking.countQueuedEvents()).isEqualTo(2);
    }

    @Test
    void aNewEnvelopeThatAnotherCallerRecordedMeanwhileIsAConflict() {
        record("env-1", null, "sent");

        assertThat(record("env-1", null, "delivered")).isEqualTo(Recorded.CONFLICT);

        assertThat(tracking.envelope("env-1").orElseThrow().status()).isEqualTo("sent");
        assertThat(tracking.countQueuedEvents()).isEqualTo(1);
    }

    @Test
    void aSecondEventForTheSameEnvelopeAndStatusIsADuplicateAndChangesNothing() {
        record("env-1", null, "sent");
        record("env-1", "sent", "delivered");

        // the compare-and-set would pass, but an event for "sent" exists already
        assertThat(record("env-1", "delivered", "sent")).isEqualTo(Recorded.DUPLICATE);

        assertThat(tracking.envelope("env-1").orElseThrow().status()).isEqualTo("delivered");
        assertThat(tracking.unwrittenEvents(10)).extracting(QueuedEvent::status).containsExactly("sent", "delivered");
    }

    @Test
    void aLaterChangeKeepsTheFirstRowKeyAndFillsAMissingSummary() {
        tracking.record(new StatusChange("env-1", null, "sent", T0, null, null, null, false, "{}"), T0);
        tracking.record(new StatusChange("env-1", "sent", "delivered", T0, "EMP-2", "b.csv", "{\"s\":1}", false, "{}"), T0);
        tracking.record(new StatusChange("env-1", "delivered", "completed", T0, "EMP-3", "c.csv", null, true, "{}"), T0);

        TrackedEnvelope envelope = tracking.envelope("env-1").orElseThrow();
        assertThat(envelope.rowKey()).contains("EMP-2");
        assertThat(envelope.sourceFile()).contains("b.csv");
        assertThat(envelope.summaryJson()).contains("{\"s\":1}");
        assertThat(envelope.archiveState()).contains("pending");
    }

    @Test
    void fillSummaryOnlyFillsAnEmptySummary() {
        record("env-1", null, "sent");

        tracking.fillSummary("env-1", "{\"first\":true}", T0);
        tracking.fillSummary("env-1", "{\"second\":true}", T0);

        assertThat(tracking.envelope("env-1").orElseThrow().summaryJson()).contains("{\"first\":true}");
    }

    @Test
    void refusesAnEventLongerThanTheLedgerCanHold() {
        String tooLong = "x".repeat(EnvelopeTracking.MAX_TEXT_LENGTH + 1);

        assertThatThrownBy(() -> tracking.record(new StatusChange("env-1", null, "sent", T0, null, null, null, false,
                tooLong), T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventJson");
        assertThat(tracking.envelope("env-1")).isEmpty();
    }

    @Test
    void anUnknownEnvelopeIsEmpty() {
        assertThat(tracking.envelope("never-seen")).isEmpty();
    }

    @Test
    void findsTheRowOfAnEnvelopeThisServiceSent() {
        long run = ledger.beginRun("hr.csv", LedgerFiles.sha256(1), T0).id();
        ledger.claim("EMP-1", run, "hr.csv", 4, T0);
        ledger.markSent("EMP-1", "env-1", T0);

        assertThat(ledger.rowOfEnvelope("env-1")).get().satisfies(row -> {
            assertThat(row.rowKey()).isEqualTo("EMP-1");
            assertThat(row.sourceFile()).isEqualTo("hr.csv");
            assertThat(row.row()).isEqualTo(4);
        });
        assertThat(ledger.rowOfEnvelope("env-2")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ event queue

    @Test
    void unwrittenEventsComeOldestFirst() {
        record("env-b", null, "sent");
        record("env-a", null, "sent");
        record("env-b", "sent", "delivered");

        List<QueuedEvent> events = tracking.unwrittenEvents(10);

        assertThat(events).extracting(QueuedEvent::envelopeId).containsExactly("env-b", "env-a", "env-b");
        assertThat(events).extracting(QueuedEvent::id).isSorted();
        assertThat(tracking.unwrittenEvents(2)).hasSize(2);
    }

    @Test
    void anEventWrittenWithNothingElseOwedLeavesTheQueue() {
        record("env-1", null, "sent");
        long id = tracking.unwrittenEvents(10).get(0).id();

        tracking.markEventWritten(id, true);

        assertThat(tracking.countQueuedEvents()).isZero();
        assertThat(tracking.unwrittenEvents(10)).isEmpty();
        assertThat(tracking.undeliveredEvents(T0, 10)).isEmpty();
    }

    @Test
    void anEventWrittenButOwedToTheWebhookStaysQueuedUntilDelivered() {
        record("env-1", null, "sent");
        long id = tracking.unwrittenEvents(10).get(0).id();

        tracking.markEventWritten(id, false);

        assertThat(tracking.unwrittenEvents(10)).isEmpty();
        assertThat(tracking.countQueuedEvents()).isEqualTo(1);
        assertThat(tracking.undeliveredEvents(T0, 10)).singleElement()
                .satisfies(event -> assertThat(event.fileWritten()).isTrue());

        tracking.markEventDelivered(id, T0);

        assertThat(tracking.countQueuedEvents()).isZero();
        assertThat(tracking.undeliveredEvents(T0, 10)).isEmpty();
    }

    @Test
    void undeliveredEventsHoldOnlyTheOldestEventOfEachEnvelope() {
        record("env-a", null, "sent");
        record("env-a", "sent", "delivered");
        record("env-b", null, "sent");
        record("env-a", "delivered", "completed");
        writeAllForTheWebhook();

        List<QueuedEvent> due = tracking.undeliveredEvents(T0, 10);

        assertThat(due).extracting(e -> e.envelopeId() + ":" + e.status()).containsExactly("env-a:sent", "env-b:sent");

        tracking.markEventDelivered(due.get(0).id(), T0);
        assertThat(tracking.undeliveredEvents(T0, 10)).extracting(e -> e.envelopeId() + ":" + e.status())
                .containsExactly("env-a:delivered", "env-b:sent");
        assertThat(tracking.undeliveredEvents(T0, 1)).extracting(e -> e.envelopeId() + ":" + e.status())
                .containsExactly("env-a:delivered");
    }

    @Test
    void anEnvelopeWhoseOldestEventIsNotWrittenYetContributesNothingToDelivery() {
        record("env-a", null, "sent");
        record("env-a", "sent", "delivered");
        List<QueuedEvent> events = tracking.unwrittenEvents(10);
        tracking.markEventWritten(events.get(1).id(), false); // only the newer one is written

        assertThat(tracking.undeliveredEvents(T0, 10)).isEmpty();
    }

    @Test
    void anEnvelopeWhoseOldestEventIsBackingOffContributesNothingUntilItsTime() {
        record("env-a", null, "sent");
        record("env-a", "sent", "delivered");
        record("env-b", null, "sent");
        writeAllForTheWebhook();
        QueuedEvent failed = tracking.undeliveredEvents(T0, 10).get(0);
        Instant retryAt = T0.plus(Duration.ofMinutes(1));

        tracking.noteDeliveryFailed(failed.id(), "HTTP 503 from the webhook", retryAt);

        assertThat(tracking.undeliveredEvents(T0, 10)).extracting(QueuedEvent::envelopeId).containsExactly("env-b");
        assertThat(tracking.undeliveredEvents(retryAt.minusMillis(1), 10)).extracting(QueuedEvent::envelopeId)
                .containsExactly("env-b");
        List<QueuedEvent> later = tracking.undeliveredEvents(retryAt, 10);
        assertThat(later).extracting(e -> e.envelopeId() + ":" + e.status()).containsExactly("env-a:sent", "env-b:sent");
        assertThat(later.get(0).attempts()).isEqualTo(1);
        assertThat(later.get(0).nextAttemptAt()).contains(retryAt);
    }

    private void writeAllForTheWebhook() {
        for (QueuedEvent event : tracking.unwrittenEvents(100)) {
            tracking.markEventWritten(event.id(), false);
        }
    }

    // ------------------------------------------------------------------------------------------ Connect messages

    @Test
    void connectMessagesAreQueuedInOrderUntilProcessed() {
        long first = tracking.queueConnectMessage("{\"n\":1}", T0);
        long second = tracking.queueConnectMessage("{\"n\":2,\"ü\":\"契約\"}", T0.plusSeconds(1));

        List<QueuedMessage> queued = tracking.queuedConnectMessages(10);

        assertThat(queued).extracting(QueuedMessage::id).containsExactly(first, second);
        assertThat(queued).extracting(QueuedMessage::body).containsExactly("{\"n\":1}", "{\"n\":2,\"ü\":\"契約\"}");
        assertThat(queued).extracting(QueuedMessage::receivedAt).containsExactly(T0, T0.plusSeconds(1));
        assertThat(tracking.queuedConnectMessages(1)).extracting(QueuedMessage::id).containsExactly(first);

        tracking.markConnectMessageProcessed(first, "envelope-sent: sent of envelope env-1", T0.plusSeconds(2));

        assertThat(tracking.queuedConnectMessages(10)).extracting(QueuedMessage::id).containsExactly(second);
        assertThat(tracking.countQueuedConnectMessages()).isEqualTo(1);
    }

    @Test
    void queuedConnectMessagesSurviveReopeningTheLedger() {
        tracking.queueConnectMessage("{\"n\":1}", T0);
        ledger.close();

        ledger = Ledger.open(url, null, null);
        tracking = ledger.tracking();

        assertThat(tracking.queuedConnectMessages(10)).extracting(QueuedMessage::body).containsExactly("{\"n\":1}");
    }

    // ------------------------------------------------------------------------------------------ archive

    @Test
    void aCompletedEnvelopeIsDueForTheArchiveUntilArchived() {
        record("env-1", null, "completed");

        assertThat(tracking.archivesDue(T0, 10)).extracting(TrackedEnvelope::envelopeId).containsExactly("env-1");
        assertThat(tracking.countArchivesPending()).isEqualTo(1);

        tracking.markArchived("env-1", T0);

        assertThat(tracking.archivesDue(T0.plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(tracking.envelope("env-1").orElseThrow().isArchived()).isTrue();
        assertThat(tracking.countArchivesPending()).isZero();
    }

    @Test
    void aFailedArchiveIsDueAgainOnlyAtItsNextAttempt() {
        record("env-1", null, "completed");
        Instant next = T0.plus(Duration.ofMinutes(10));

        tracking.noteArchiveFailed("env-1", "GetDocument call blocked", next);

        assertThat(tracking.archivesDue(T0, 10)).isEmpty();
        assertThat(tracking.archivesDue(next.minusMillis(1), 10)).isEmpty();
        assertThat(tracking.archivesDue(next, 10)).singleElement().satisfies(envelope -> {
            assertThat(envelope.archiveAttempts()).isEqualTo(1);
            assertThat(envelope.archiveNextAt()).contains(next);
            assertThat(envelope.archiveError()).contains("GetDocument call blocked");
        });
        assertThat(tracking.countArchivesPending()).isEqualTo(1);
    }

    @Test
    void onlyCompletedEnvelopesMarkedForTheArchiveAreDue() {
        record("env-1", null, "sent");
        tracking.record(new StatusChange("env-2", null, "completed", T0, null, null, null, false, "{}"), T0);

        assertThat(tracking.archivesDue(T0, 10)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ checkpoint

    @Test
    void theCheckpointIsEmptyAtFirst() {
        PollCheckpoint checkpoint = tracking.checkpoint("listStatusChanges");

        assertThat(checkpoint.windowEnd()).isEmpty();
        assertThat(checkpoint.lastStartedAt()).isEmpty();
    }

    @Test
    void theCheckpointKeepsTheStartAndTheWindowEndIndependently() {
        tracking.notePollStarted("listStatusChanges", T0);
        assertThat(tracking.checkpoint("listStatusChanges")).isEqualTo(new PollCheckpoint(
                java.util.Optional.empty(), java.util.Optional.of(T0)));

        tracking.advanceCheckpoint("listStatusChanges", T0.minusSeconds(1), T0.plusSeconds(5));
        tracking.notePollStarted("listStatusChanges", T0.plusSeconds(1200));
        tracking.notePollStarted("other", T0.plusSeconds(7));

        PollCheckpoint checkpoint = tracking.checkpoint("listStatusChanges");
        assertThat(checkpoint.windowEnd()).contains(T0.minusSeconds(1));
        assertThat(checkpoint.lastStartedAt()).contains(T0.plusSeconds(1200));
        assertThat(tracking.checkpoint("other").windowEnd()).isEmpty();
    }

    @Test
    void advancingACheckpointThatDoesNotExistYetCreatesIt() {
        tracking.advanceCheckpoint("listStatusChanges", T0, T0);

        assertThat(tracking.checkpoint("listStatusChanges").windowEnd()).contains(T0);
        assertThat(tracking.checkpoint("listStatusChanges").lastStartedAt()).isEmpty();
    }

    @Test
    void theCheckpointSurvivesReopeningTheSameLedger() {
        tracking.notePollStarted("listStatusChanges", T0);
        tracking.advanceCheckpoint("listStatusChanges", T0.plusMillis(1), T0);
        ledger.close();

        ledger = Ledger.open(url, null, null);
        tracking = ledger.tracking();

        PollCheckpoint checkpoint = tracking.checkpoint("listStatusChanges");
        assertThat(checkpoint.windowEnd()).contains(T0.plusMillis(1));
        assertThat(checkpoint.lastStartedAt()).contains(T0);
    }

    @Test
    void pruningDeletesOnlyMessagesProcessedBeforeTheCutOff() {
        long old = tracking.queueConnectMessage("{\"n\":1}", T0);
        long recent = tracking.queueConnectMessage("{\"n\":2}", T0);
        long unprocessed = tracking.queueConnectMessage("{\"n\":3}", T0);
        tracking.markConnectMessageProcessed(old, "done", T0.plusSeconds(10));
        tracking.markConnectMessageProcessed(recent, "done", T0.plusSeconds(100));

        assertThat(tracking.pruneProcessedConnectMessages(T0.plusSeconds(50))).isEqualTo(1);
        assertThat(tracking.queuedConnectMessages(10)).extracting(EnvelopeTracking.QueuedMessage::id).containsExactly(unprocessed);
        assertThat(tracking.pruneProcessedConnectMessages(T0.plusSeconds(50))).isZero();
        assertThat(tracking.pruneProcessedConnectMessages(T0.plusSeconds(1000))).isEqualTo(1);
    }
}
