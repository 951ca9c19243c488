package io.docusigncamel.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedEvent;
import io.docusigncamel.ledger.EnvelopeTracking.StatusChange;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.TestLedgers;
import io.docusigncamel.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventOutbox} on a real (H2 file) ledger and a temporary events folder: each queued event becomes one file
 * {@code <012d id>-<envelopeId>-<status>.json} holding exactly the event JSON, with no temporary file left behind;
 * without a webhook the event then leaves the queue, with one it stays until delivered, one event per envelope per
 * batch; a failed delivery pauses deliveries until the backoff passed on the clock.
 */
class EventOutboxTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String WEBHOOK = "https://erp.example.com/docusign-events";
    private static CamelContext camel;

    @TempDir
    Path eventsDir;

    private final MutableClock clock = new MutableClock(T0);
    private Ledger ledger;
    private EnvelopeTracking tracking;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void closeCamel() throws Exception {
        camel.close();
    }

    @BeforeEach
    void openLedger() {
        ledger = TestLedgers.open("event-outbox");
        tracking = ledger.tracking();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private EventOutbox outbox(Map<String, String> properties) {
        TrackingSettings settings = TrackingSettings.read(key -> Optional.ofNullable(properties.get(key))).orThrow();
        return new EventOutbox(tracking, eventsDir, settings, clock);
    }

    private EventOutbox withoutWebhook() {
        return outbox(Map.of());
    }

    private EventOutbox withWebhook() {
        return outbox(Map.of(TrackingSettings.WEBHOOK_URL, WEBHOOK));
    }

    private static String eventJson(String envelopeId, String status) {
        return "{\"envelopeId\":\"" + envelopeId + "\",\"status\":\"" + status + "\",\"note\":\"Grüße\"}";
    }

    private void emit(String envelopeId, String previous, String status) {
        assertThat(tracking.record(new StatusChange(envelopeId, previous, status, T0, null, null, null, false,
                eventJson(envelopeId, status)), T0)).isEqualTo(EnvelopeTracking.Recorded.RECORDED);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(eventsDir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static Exchange exchangeWith(QueuedEvent event) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(event);
        exchange.getMessage().setHeader("X-Leftover", "from the timer");
        return exchange;
    }

    // ------------------------------------------------------------------------------------------ files

    @Test
    void writesEachEventToItsOwnFileHoldingExactlyTheEventJson() throws IOException {
        emit("env-b", null, "sent");
        emit("env-a", null, "delivered");
        emit("env-b", "sent", "completed");
        List<QueuedEvent> queued = tracking.unwrittenEvents(10);

        int written = withoutWebhook().writePending();

        assertThat(written).isEqualTo(3);
        assertThat(fileNames()).containsExactly(
                String.format("%012d-env-b-sent.json", queued.get(0).id()),
                String.format("%012d-env-a-delivered.json", queued.get(1).id()),
                String.format("%012d-env-b-completed.json", queued.get(2).id()));
        for (QueuedEvent event : queued) {
            Path file = eventsDir.resolve(String.format("%012d-%s-%s.json", event.id(), event.envelopeId(), event.status()));
            assertThat(file).hasBinaryContent(event.json().getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(eventJson(event.envelopeId(), event.status()));
        }
    }

    @Test
    void fileNamesSortByEventIdEvenAcrossDigitCounts() throws IOException {
        for (int i = 0; i < 12; i++) {
            emit("env-" + (char) ('z' - i), null, "sent");
        }

        withoutWebhook().writePending();

        List<String> names = fileNames();
        assertThat(names).hasSize(12).allMatch(name -> name.matches("\\d{12}-env-[a-z]-sent\\.json"));
        List<Long> ids = names.stream().map(name -> Long.parseLong(name.substring(0, 12))).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        emit("env-1", null, "sent");
        emit("env-2", null, "sent");

        withoutWebhook().writePending();

        assertThat(fileNames()).hasSize(2).noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp"));
    }

    @Test
    void writesEveryEventOfABacklogLargerThanOneBatch() throws IOException {
        for (int i = 0; i < 450; i++) {
            emit("env-" + i, null, "sent");
        }

        int written = withoutWebhook().writePending();

        assertThat(written).isEqualTo(450);
        assertThat(fileNames()).hasSize(450);
        assertThat(tracking.countQueuedEvents()).isZero();
    }

    @Test
    void writesAnEventOnlyOnce() throws IOException {
        EventOutbox outbox = withoutWebhook();
        emit("env-1", null, "sent");
        outbox.writePending();
        Path file = eventsDir.resolve(fileNames().get(0));
        Files.delete(file);

        assertThat(outbox.writePending()).isZero();
        assertThat(fileNames()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ queue

    @Test
    void withoutAWebhookAWrittenEventLeavesTheQueue() {
        EventOutbox outbox = withoutWebhook();
        emit("env-1", null, "sent");

        outbox.writePending();

        assertThat(tracking.countQueuedEvents()).isZero();
        assertThat(outbox.webhookEnabled()).isFalse();
        assertThat(outbox.webhookUrl()).isEmpty();
        assertThat(outbox.dueForDelivery()).isEmpty();
    }

    @Test
    void withAWebhookAWrittenEventStaysQueuedUntilDelivered() {
        EventOutbox outbox = withWebhook();
        emit("env-1", null, "sent");

        outbox.writePending();

        assertThat(tracking.countQueuedEvents()).isEqualTo(1);
        assertThat(outbox.webhookEnabled()).isTrue();
        assertThat(outbox.webhookUrl()).isEqualTo(WEBHOOK);
        List<QueuedEvent> due = outbox.dueForDelivery();
        assertThat(due).singleElement().extracting(QueuedEvent::envelopeId).isEqualTo("env-1");

        Exchange exchange = exchangeWith(due.get(0));
        outbox.prepareDelivery(exchange);
        outbox.delivered(exchange);

        assertThat(tracking.countQueuedEvents()).isZero();
        assertThat(outbox.dueForDelivery()).isEmpty();
    }

    @Test
    void anEventIsNotDeliveredBeforeItsFileIsWritten() {
        emit("env-1", null, "sent");

        assertThat(withWebhook().dueForDelivery()).isEmpty();
    }

    @Test
    void aBatchHoldsOneEventPerEnvelopeInOrder() {
        EventOutbox outbox = withWebhook();
        emit("env-a", null, "sent");
        emit("env-a", "sent", "delivered");
        emit("env-b", null, "sent");
        outbox.writePending();

        List<QueuedEvent> first = outbox.dueForDelivery();
        assertThat(first).extracting(e -> e.envelopeId() + ":" + e.status()).containsExactly("env-a:sent", "env-b:sent");

        for (QueuedEvent event : first) {
            Exchange exchange = exchangeWith(event);
            outbox.prepareDelivery(exchange);
            outbox.delivered(exchange);
        }

        assertThat(outbox.dueForDelivery()).extracting(e -> e.envelopeId() + ":" + e.status())
                .containsExactly("env-a:delivered");
    }

    @Test
    void thePostCarriesTheEventJsonAndItsIdAndNothingElse() {
        EventOutbox outbox = withWebhook();
        emit("env-1", null, "completed");
        outbox.writePending();
        QueuedEvent event = outbox.dueForDelivery().get(0);
        Exchange exchange = exchangeWith(event);

        outbox.prepareDelivery(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo(eventJson("env-1", "completed"));
        assertThat(exchange.getMessage().getHeader(EventOutbox.EVENT_ID_HEADER)).isEqualTo(String.valueOf(event.id()));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("POST");
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey("X-Leftover");
    }

    // ------------------------------------------------------------------------------------------ backoff

    @Test
    void aFailedDeliveryPausesDeliveriesUntilTheBackoffPassed() {
        EventOutbox outbox = withWebhook();
        emit("env-1", null, "sent");
        emit("env-2", null, "sent");
        outbox.writePending();
        Exchange exchange = exchangeWith(outbox.dueForDelivery().get(0));
        outbox.prepareDelivery(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("HTTP 503 Service Unavailable"));

        outbox.deliveryFailed(exchange);

        assertThat(outbox.mayDeliver()).isFalse();
        assertThat(outbox.dueForDelivery()).isEmpty();
        assertThat(tracking.countQueuedEvents()).isEqualTo(2);
        clock.advance(Duration.ofMillis(700)); // the first backoff is 1 s minus up to a quarter of jitter
        assertThat(outbox.mayDeliver()).isFalse();
        assertThat(outbox.dueForDelivery()).isEmpty();
        clock.advance(Duration.ofMillis(300));
        assertThat(outbox.mayDeliver()).isTrue();
        assertThat(outbox.dueForDelivery()).extracting(QueuedEvent::envelopeId).containsExactly("env-1", "env-2");
        assertThat(outbox.dueForDelivery().get(0).attempts()).isEqualTo(1);
    }

    @Test
    void theBackoffDoublesWithEachFailureUpToTheMaximum() {
        EventOutbox outbox = outbox(Map.of(TrackingSettings.WEBHOOK_URL, WEBHOOK,
                TrackingSettings.WEBHOOK_RETRY_MAX_BACKOFF, "4s"));
        emit("env-1", null, "sent");
        outbox.writePending();

        long[] pauses = new long[6];
        for (int failure = 0; failure < pauses.length; failure++) {
            Exchange exchange = exchangeWith(outbox.dueForDelivery().get(0));
            outbox.prepareDelivery(exchange);
            outbox.deliveryFailed(exchange);
            long paused = 0;
            while (!outbox.mayDeliver()) {
                clock.advance(Duration.ofMillis(50));
                paused += 50;
            }
            pauses[failure] = paused;
        }

        // 1 s, 2 s, 4 s, then capped at 4 s; each minus up to a quarter of jitter
        assertThat(pauses[0]).isBetween(750L, 1000L);
        assertThat(pauses[1]).isBetween(1500L, 2000L);
        assertThat(pauses[2]).isBetween(3000L, 4000L);
        assertThat(pauses[3]).isBetween(3000L, 4000L);
        assertThat(pauses[5]).isBetween(3000L, 4000L);
    }

    @Test
    void aSuccessfulDeliveryResetsTheBackoff() {
        EventOutbox outbox = withWebhook();
        emit("env-1", null, "sent");
        emit("env-2", null, "sent");
        outbox.writePending();
        for (int i = 0; i < 3; i++) {
            Exchange failing = exchangeWith(outbox.dueForDelivery().get(0));
            outbox.prepareDelivery(failing);
            outbox.deliveryFailed(failing);
            clock.advance(Duration.ofSeconds(10));
        }
        Exchange succeeding = exchangeWith(outbox.dueForDelivery().get(0));
        outbox.prepareDelivery(succeeding);
        outbox.delivered(succeeding);

        Exchange failing = exchangeWith(outbox.dueForDelivery().get(0));
        outbox.prepareDelivery(failing);
        outbox.deliveryFailed(failing);
        clock.advance(Duration.ofSeconds(1));

        assertThat(outbox.mayDeliver()).as("back to the first backoff of 1 s").isTrue();
    }
}
