package io.docusigncamel.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedEvent;
import io.docusigncamel.ledger.EnvelopeTracking.TrackedEnvelope;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.TestLedgers;
import io.docusigncamel.status.StatusEvents.Decision;
import io.docusigncamel.status.StatusObservation.Source;
import io.docusigncamel.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusEvents} against a real (H2 file) ledger: which observations become events (EMITTED), which repeat
 * one (DUPLICATE), which come too late (STALE) and which concern envelopes the service does not track
 * (NOT_TRACKED); the event JSON of SPEC §5 with the row key and file from the ledger; and one event when eight
 * threads observe the same change at once.
 */
class StatusEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SENT_BY_US = "env-sent-by-us";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final List<String> SPEC_FIELDS = List.of("envelopeId", "status", "previousStatus",
            "statusChangedDateTime", "rowKey", "sourceFile", "source", "customFields");

    private final MutableClock clock = new MutableClock(T0);
    private Ledger ledger;
    private EnvelopeTracking tracking;
    private StatusEvents events;

    @BeforeEach
    void openLedgerWithOneSentRow() {
        ledger = TestLedgers.open("status-events");
        tracking = ledger.tracking();
        events = new StatusEvents(ledger, TrackingSettings.defaults(), clock);
        long run = ledger.beginRun("hr.csv", "ab".repeat(32), T0).id();
        ledger.claim("EMP-1", run, "hr.csv", 2, T0);
        ledger.markSent("EMP-1", SENT_BY_US, T0);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private static StatusObservation observed(String envelopeId, String status, Source source, Instant at) {
        return new StatusObservation(envelopeId, status, at, source, Map.of(), null, null, null);
    }

    private static StatusObservation polled(String envelopeId, String status, Instant at) {
        return observed(envelopeId, status, Source.POLL, at);
    }

    private List<QueuedEvent> queued() {
        return tracking.unwrittenEvents(100);
    }

    private static JsonNode json(QueuedEvent event) throws Exception {
        return MAPPER.readTree(event.json());
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void theSentStatusOfAnEnvelopeThisServiceSentIsNoNews() {
        Decision decision = events.decide(polled(SENT_BY_US, "sent", T0));

        assertThat(decision).isEqualTo(Decision.DUPLICATE);
        assertThat(tracking.countQueuedEvents()).isZero();
    }

    @Test
    void deliveredAfterSentIsEmittedWithTheRowKeyAndFileFromTheLedger() throws Exception {
        Instant at = T0.plus(Duration.ofMinutes(5)).plusMillis(123);

        Decision decision = events.decide(polled(SENT_BY_US, "delivered", at));

        assertThat(decision).isEqualTo(Decision.EMITTED);
        assertThat(queued()).singleElement().satisfies(event -> {
            assertThat(event.envelopeId()).isEqualTo(SENT_BY_US);
            assertThat(event.status()).isEqualTo("delivered");
            JsonNode json = json(event);
            assertThat(json.path("envelopeId").asText()).isEqualTo(SENT_BY_US);
            assertThat(json.path("status").asText()).isEqualTo("delivered");
            assertThat(json.path("previousStatus").asText()).isEqualTo("sent");
            assertThat(json.path("statusChangedDateTime").asText()).isEqualTo("2025-03-01T10:05:00.123Z");
            assertThat(json.path("rowKey").asText()).isEqualTo("EMP-1");
            assertThat(json.path("sourceFile").asText()).isEqualTo("hr.csv");
            assertThat(json.path("source").asText()).isEqualTo("poll");
            assertThat(json.path("customFields").isObject()).isTrue();
        });
        TrackedEnvelope tracked = tracking.envelope(SENT_BY_US).orElseThrow();
        assertThat(tracked.status()).isEqualTo("delivered");
        assertThat(tracked.statusChangedAt()).contains(at);
        assertThat(tracked.rowKey()).contains("EMP-1");
        assertThat(tracked.sourceFile()).contains("hr.csv");
        assertThat(tracked.archiveState()).isEmpty();
    }

    @Test
    void theSameChangeSeenAgainByPollingOrConnectIsADuplicate() {
        events.decide(polled(SENT_BY_US, "delivered", T0.plusSeconds(60)));

        assertThat(events.decide(observed(SENT_BY_US, "delivered", Source.CONNECT, T0.plusSeconds(60))))
                .isEqualTo(Decision.DUPLICATE);
        assertThat(events.decide(polled(SENT_BY_US, "delivered", T0.plusSeconds(60)))).isEqualTo(Decision.DUPLICATE);
        assertThat(events.record(polled(SENT_BY_US, "delivered", T0.plusSeconds(60)))).isFalse();
        assertThat(tracking.countQueuedEvents()).isEqualTo(1);
    }

    @Test
    void completedIsEmittedAndQueuedForTheArchive() throws Exception {
        events.decide(polled(SENT_BY_US, "delivered", T0.plusSeconds(60)));

        Decision decision = events.decide(observed(SENT_BY_US, "completed", Source.CONNECT, T0.plusSeconds(120)));

        assertThat(decision).isEqualTo(Decision.EMITTED);
        QueuedEvent completed = queued().get(1);
        assertThat(json(completed).path("previousStatus").asText()).isEqualTo("delivered");
        assertThat(json(completed).path("source").asText()).isEqualTo("connect");
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().archiveState()).contains("pending");
        assertThat(tracking.archivesDue(clock.instant(), 10)).extracting(TrackedEnvelope::envelopeId)
                .containsExactly(SENT_BY_US);
    }

    @Test
    void completedIsNotQueuedForTheArchiveWhenArchivingIsOff() {
        StatusEvents noArchive = new StatusEvents(ledger, TrackingSettings.read(
                key -> key.equals(TrackingSettings.ARCHIVE_COMPLETED) ? Optional.of("false") : Optional.empty()).orThrow(),
                clock);

        assertThat(noArchive.decide(polled(SENT_BY_US, "completed", T0))).isEqualTo(Decision.EMITTED);

        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().archiveState()).isEmpty();
        assertThat(tracking.countArchivesPending()).isZero();
    }

    @Test
    void aLateDeliveredAfterCompletedIsStale() {
        events.decide(polled(SENT_BY_US, "delivered", T0.plusSeconds(60)));
        events.decide(polled(SENT_BY_US, "completed", T0.plusSeconds(120)));

        assertThat(events.decide(observed(SENT_BY_US, "delivered", Source.CONNECT, T0.plusSeconds(60))))
                .isEqualTo(Decision.STALE);
        assertThat(events.decide(polled(SENT_BY_US, "sent", T0))).isEqualTo(Decision.STALE);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().status()).isEqualTo("completed");
        assertThat(tracking.countQueuedEvents()).isEqualTo(2);
    }

    @Test
    void aStatusSkippedBetweenTwoPollsIsNotInvented() throws Exception {
        assertThat(events.decide(polled(SENT_BY_US, "completed", T0.plusSeconds(600)))).isEqualTo(Decision.EMITTED);

        assertThat(queued()).singleElement().satisfies(event ->
                assertThat(json(event).path("previousStatus").asText()).isEqualTo("sent"));
    }

    @Test
    void aFinalStatusIsNeverFollowedByAnother() {
        events.decide(polled(SENT_BY_US, "declined", T0));

        assertThat(events.decide(polled(SENT_BY_US, "voided", T0.plusSeconds(1)))).isEqualTo(Decision.STALE);
        assertThat(events.decide(polled(SENT_BY_US, "completed", T0.plusSeconds(1)))).isEqualTo(Decision.STALE);
    }

    @Test
    void anEnvelopeThisServiceDidNotSendIsNotTrackedByDefault() {
        Decision decision = events.decide(polled("env-someone-else", "completed", T0));

        assertThat(decision).isEqualTo(Decision.NOT_TRACKED);
        assertThat(tracking.envelope("env-someone-else")).isEmpty();
        assertThat(tracking.countQueuedEvents()).isZero();
    }

    @Test
    void withTrackAllEnvelopesAForeignEnvelopeIsEmittedWithoutPreviousStatus() throws Exception {
        StatusEvents trackAll = new StatusEvents(ledger, TrackingSettings.read(
                key -> key.equals(TrackingSettings.TRACK_ALL) ? Optional.of("true") : Optional.empty()).orThrow(), clock);

        Decision decision = trackAll.decide(polled("env-someone-else", "sent", T0));

        assertThat(decision).isEqualTo(Decision.EMITTED);
        JsonNode json = json(queued().get(0));
        assertThat(json.get("previousStatus").isNull()).isTrue();
        assertThat(json.get("rowKey").isNull()).isTrue();
        assertThat(json.get("sourceFile").isNull()).isTrue();
        assertThat(fieldNames(json)).containsExactlyElementsOf(SPEC_FIELDS);
    }

    @Test
    void anEnvelopeCarryingARowKeyFieldIsTrackedEvenIfThisLedgerNeverSentIt() throws Exception {
        StatusObservation observation = new StatusObservation("env-other-instance", "delivered", T0, Source.CONNECT,
                Map.of("rowKey", "EMP-9", "sourceFile", "payroll.csv", "Region", "West"), null, null, null);

        assertThat(events.decide(observation)).isEqualTo(Decision.EMITTED);

        JsonNode json = json(queued().get(0));
        assertThat(json.get("previousStatus").isNull()).isTrue();
        assertThat(json.path("rowKey").asText()).isEqualTo("EMP-9");
        assertThat(json.path("sourceFile").asText()).isEqualTo("payroll.csv");
        assertThat(json.path("customFields").path("Region").asText()).isEqualTo("West");
    }

    @Test
    void aVoidedEventCarriesTheVoidedReason() throws Exception {
        StatusObservation voided = new StatusObservation(SENT_BY_US, "voided", T0, Source.POLL, Map.of(),
                "Envelope has expired.", null, null);

        assertThat(events.decide(voided)).isEqualTo(Decision.EMITTED);

        JsonNode json = json(queued().get(0));
        assertThat(json.path("voidedReason").asText()).isEqualTo("Envelope has expired.");
        assertThat(fieldNames(json)).containsExactlyElementsOf(plus(SPEC_FIELDS, "voidedReason"));
    }

    @Test
    void aDeclinedEventCarriesTheDeclinedReason() throws Exception {
        StatusObservation declined = new StatusObservation(SENT_BY_US, "declined", T0, Source.CONNECT, Map.of(),
                null, "Wrong salary", null);

        assertThat(events.decide(declined)).isEqualTo(Decision.EMITTED);

        JsonNode json = json(queued().get(0));
        assertThat(json.path("declinedReason").asText()).isEqualTo("Wrong salary");
        assertThat(fieldNames(json)).containsExactlyElementsOf(plus(SPEC_FIELDS, "declinedReason"));
    }

    @Test
    void anOrdinaryEventHasExactlyTheSpecFields() throws Exception {
        StatusObservation delivered = new StatusObservation(SENT_BY_US, "delivered", null, Source.POLL,
                Map.of("Region", "West"), "ignored for delivered", "ignored too", "{\"status\":\"delivered\"}");

        events.decide(delivered);

        JsonNode json = json(queued().get(0));
        assertThat(fieldNames(json)).containsExactlyElementsOf(SPEC_FIELDS);
        assertThat(json.get("statusChangedDateTime").isNull()).isTrue();
        assertThat(json.path("customFields").path("Region").asText()).isEqualTo("West");
    }

    @Test
    void aDuplicateFillsInTheSummaryTheFirstObservationLacked() {
        events.decide(polled(SENT_BY_US, "completed", T0));
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson()).isEmpty();

        StatusObservation withSummary = new StatusObservation(SENT_BY_US, "completed", T0, Source.CONNECT, Map.of(),
                null, null, "{\"status\":\"completed\",\"recipients\":{}}");

        assertThat(events.decide(withSummary)).isEqualTo(Decision.DUPLICATE);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson())
                .contains("{\"status\":\"completed\",\"recipients\":{}}");
    }

    @Test
    void eightThreadsObservingTheSameChangeEmitOneEvent() throws Exception {
        assertOneEventFromEightThreads(SENT_BY_US, events);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().status()).isEqualTo("delivered");
    }

    @Test
    void eightThreadsObservingTheFirstStatusOfAForeignEnvelopeEmitOneEvent() throws Exception {
        StatusEvents trackAll = new StatusEvents(ledger, TrackingSettings.read(
                key -> key.equals(TrackingSettings.TRACK_ALL) ? Optional.of("true") : Optional.empty()).orThrow(), clock);

        assertOneEventFromEightThreads("env-someone-else", trackAll);
    }

    private void assertOneEventFromEightThreads(String envelopeId, StatusEvents statusEvents) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Source source = i % 2 == 0 ? Source.POLL : Source.CONNECT;
                Callable<Decision> observe = () -> {
                    ready.countDown();
                    go.await();
                    return statusEvents.decide(observed(envelopeId, "delivered", source, T0.plusSeconds(30)));
                };
                decisions.add(pool.submit(observe));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();
            List<Decision> results = new ArrayList<>();
            for (Future<Decision> decision : decisions) {
                results.add(decision.get(30, TimeUnit.SECONDS));
            }

            assertThat(results).filteredOn(d -> d == Decision.EMITTED).hasSize(1);
            assertThat(results).filteredOn(d -> d != Decision.EMITTED).containsOnly(Decision.DUPLICATE);
            assertThat(queued()).singleElement().extracting(QueuedEvent::envelopeId).isEqualTo(envelopeId);
            assertThat(tracking.countQueuedEvents()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> plus(List<String> names, String extra) {
        List<String> all = new ArrayList<>(names);
        all.add(extra);
        return all;
    }

    @Test
    void onlyAnEnvelopeStillToArchiveKeepsItsSummaryAndOnlyUntilItIsArchived() {
        StatusObservation delivered = new StatusObservation(SENT_BY_US, "delivered", T0, Source.POLL, Map.of(), null,
                null, "{\"status\":\"delivered\"}");
        events.decide(delivered);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson()).isEmpty();

        StatusObservation completed = new StatusObservation(SENT_BY_US, "completed", T0, Source.POLL, Map.of(), null,
                null, "{\"status\":\"completed\"}");
        events.decide(completed);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson()).contains("{\"status\":\"completed\"}");

        tracking.markArchived(SENT_BY_US, T0);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson()).isEmpty();
        events.decide(completed);
        assertThat(tracking.envelope(SENT_BY_US).orElseThrow().summaryJson()).as("not refilled once archived").isEmpty();
    }
}
