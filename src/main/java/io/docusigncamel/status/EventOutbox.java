package io.docusigncamel.status;

import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events' way out (SPEC §5): writes each queued event to {@code outbox/events/} as its own JSON file, and, with
 * {@code events.webhook-url}, hands the deliveries to {@code routes/envelope-events.yaml} and records their results.
 *
 * <p>Nothing is lost: an event leaves the ledger's queue only once its file is written and the webhook (if any)
 * answered 2xx. Delivery is at least once (a crash between the webhook's answer and the ledger's commit repeats
 * it); each POST carries the event's id in {@value #EVENT_ID_HEADER} so the receiver can drop a repeat. Events of one
 * envelope are delivered in order: a batch holds at most the oldest undelivered event of each envelope.
 *
 * <p>While the webhook fails, deliveries pause with exponential backoff and jitter (1 s doubling up to
 * {@code events.webhook-retry-max-backoff}); the pause is per target, so one refused event does not send a burst
 * of doomed POSTs. Thread-safe.
 */
public final class EventOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);

    /** The header that carries the event's id on webhook POSTs. */
    public static final String EVENT_ID_HEADER = "X-Event-Id";
    static final String EVENT_PROPERTY = "DocuSignEvent";
    private static final int BATCH = 200;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final EnvelopeTracking tracking;
    private final Path eventsDir;
    private final Optional<URI> webhookUrl;
    private final Duration maxBackoff;
    private final Clock clock;
    private final Object writing = new Object();
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile int consecutiveFailures;

    public EventOutbox(EnvelopeTracking tracking, Path eventsDir, TrackingSettings settings, Clock clock) {
        this.tracking = tracking;
        this.eventsDir = eventsDir;
        this.webhookUrl = settings.webhookUrl();
        this.maxBackoff = settings.webhookRetryMaxBackoff();
        this.clock = clock;
    }

    /** The file name of an event: ordered by the ledger's event id, then the envelope and the status. */
    static String fileName(QueuedEvent event) {
        return String.format("%012d-%s-%s.json", event.id(), event.envelopeId(), event.status());
    }

    /** Writes the file of every queued event that has none yet; returns how many were written. */
    public int writePending() {
        // One writer at a time, so that polling and Connect finishing together do not write the same file twice.
        synchronized (writing) {
            int written = 0;
            List<QueuedEvent> batch;
            do {
                batch = tracking.unwrittenEvents(BATCH);
                for (QueuedEvent event : batch) {
                    try {
                        OutboxFiles.write(eventsDir.resolve(fileName(event)), event.json().getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write event file " + fileName(event) + " into "
                                + eventsDir.toAbsolutePath() + " (" + e.getMessage() + "); it stays queued and is written "
                                + "again once the folder is writable", e);
                    }
                    tracking.markEventWritten(event.id(), webhookUrl.isEmpty());
                    written++;
                }
            } while (batch.size() == BATCH);
            return written;
        }
    }

    public boolean webhookEnabled() {
        return webhookUrl.isPresent();
    }

    /** The webhook URL, for the route's {@code toD}. */
    public String webhookUrl() {
        return webhookUrl.map(URI::toString).orElse("");
    }

    /** The events to POST now, in order: empty without a webhook or while deliveries pause after a failure. */
    public List<QueuedEvent> dueForDelivery() {
        if (webhookUrl.isEmpty() || clock.instant().isBefore(pausedUntil)) {
            return List.of();
        }
        return tracking.undeliveredEvents(clock.instant(), BATCH);
    }

    /** False once a delivery of the current batch failed: the rest waits for the backoff. */
    public boolean mayDeliver() {
        return !clock.instant().isBefore(pausedUntil);
    }

    /** Sets up the POST of the event in the body: its JSON as the body, its id as a header. */
    public void prepareDelivery(Exchange exchange) {
        QueuedEvent event = exchange.getMessage().getBody(QueuedEvent.class);
        exchange.setProperty(EVENT_PROPERTY, event);
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(EVENT_ID_HEADER, String.valueOf(event.id()));
        exchange.getMessage().setBody(event.json());
    }

    public void delivered(Exchange exchange) {
        QueuedEvent event = exchange.getProperty(EVENT_PROPERTY, QueuedEvent.class);
        tracking.markEventDelivered(event.id(), clock.instant());
        if (consecutiveFailures > 0) {
            LOG.info("Webhook {} accepts events again", webhookUrl());
        }
        consecutiveFailures = 0;
    }

    /** The webhook refused or was unreachable: the event stays queued; deliveries pause with backoff. */
    public void deliveryFailed(Exchange exchange) {
        QueuedEvent event = exchange.getProperty(EVENT_PROPERTY, QueuedEvent.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = failure == null ? "unknown failure" : failure.getMessage();
        int failures = ++consecutiveFailures;
        Duration backoff = backoff(failures);
        Instant next = clock.instant().plus(backoff);
        pausedUntil = next;
        tracking.noteDeliveryFailed(event.id(), reason, next);
        LOG.warn("Webhook {} did not accept event {} ({} {} of envelope {}): {}; it stays queued, next try in {} s "
                        + "(events wait in the ledger; check that the target is up)", webhookUrl(), event.id(),
                event.status(), fileName(event), event.envelopeId(), reason, backoff.toSeconds());
    }

    private Duration backoff(int failures) {
        long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jitter = ThreadLocalRandom.current().nextLong(capped / 4 + 1);
        return Duration.ofMillis(capped - jitter);
    }

    /** Creates the events folder; called at start-up. */
    public static Path eventsDir(Path outboxDir) throws IOException {
        return Files.createDirectories(outboxDir.resolve("events"));
    }
}
