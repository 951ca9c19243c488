package io.docusigncamel.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.PollCheckpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compliant polling (SPEC §7, DocuSign's polling rule): at most one cycle per {@code status.poll-interval}, measured
 * from the last cycle's start as recorded in the ledger, so restarts do not poll more often. Each cycle reads one
 * listStatusChanges window — {@code from_date} = the last complete window's end minus {@code status.poll-overlap},
 * {@code to_date} = now — page by page ({@code count}/{@code start_position}) until {@code totalSetSize} is reached.
 * Envelopes are never read one by one.
 *
 * <p>The checkpoint advances to the window's end only when every page was read and every envelope recorded, and
 * only if the window stayed put while it was paged: if {@code totalSetSize} changed between pages (an envelope
 * left the window by changing again, shifting the ones after it), an envelope may have been skipped, so the next
 * cycle reads the window again. The overlap catches changes DocuSign makes visible late; the events' dedupe drops
 * what the overlap repeats.
 *
 * <p>The window in progress travels on the exchange ({@link Window}); the poller itself is thread-safe.
 */
public final class StatusPoller {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPoller.class);
    static final String CHECKPOINT = "listStatusChanges";
    static final String WINDOW_PROPERTY = "DocuSignPollWindow";
    static final String MORE_PROPERTY = "DocuSignMorePages";

    private final EnvelopeTracking tracking;
    private final Duration interval;
    private final Duration overlap;
    private final Duration initialLookback;
    private final int pageSize;
    private final Clock clock;
    private final BooleanSupplier docuSignReady;
    private final ObjectMapper mapper = new ObjectMapper();

    /** @param docuSignReady whether the service holds a token and an account (no cycle starts before) */
    public StatusPoller(EnvelopeTracking tracking, Duration interval, TrackingSettings settings, Clock clock,
                        BooleanSupplier docuSignReady) {
        this.tracking = tracking;
        this.docuSignReady = docuSignReady;
        this.interval = interval;
        this.overlap = settings.pollOverlap();
        this.initialLookback = settings.initialLookback();
        this.pageSize = settings.pageSize();
        this.clock = clock;
    }

    /** One cycle's window and how far it has been read. Mutable, confined to the polling exchange. */
    public static final class Window {
        final Instant from;
        final Instant to;
        int startPosition;
        int pages;
        int envelopes;
        Integer totalSetSize;
        boolean incomplete;

        Window(Instant from, Instant to) {
            this.from = from;
            this.to = to;
        }

        public Instant from() {
            return from;
        }

        public Instant to() {
            return to;
        }
    }

    /**
     * Whether a cycle is due: {@code status.poll-interval} has passed since the last one started, and DocuSign can
     * be called (while consent is missing, the session retries on its own; a cycle would only fail).
     */
    public boolean due() {
        if (!docuSignReady.getAsBoolean()) {
            return false;
        }
        PollCheckpoint checkpoint = tracking.checkpoint(CHECKPOINT);
        return checkpoint.lastStartedAt().map(last -> !clock.instant().isBefore(last.plus(interval))).orElse(true);
    }

    /** Starts a cycle: notes its start in the ledger and puts its window on the exchange. */
    public void begin(Exchange exchange) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        tracking.notePollStarted(CHECKPOINT, now);
        Instant end = tracking.checkpoint(CHECKPOINT).windowEnd().orElse(now.minus(initialLookback));
        Window window = new Window(end.minus(overlap), now);
        exchange.setProperty(WINDOW_PROPERTY, window);
        exchange.setProperty(MORE_PROPERTY, true);
    }

    /** The query of the window's next page. */
    public String query(Exchange exchange) {
        Window window = exchange.getProperty(WINDOW_PROPERTY, Window.class);
        return "from_date=" + encode(window.from.toString()) + "&to_date=" + encode(window.to.toString())
                + "&from_to_status=changed&include=" + encode("custom_fields,recipients")
                + "&order_by=status_changed&order=asc&count=" + pageSize + "&start_position=" + window.startPosition;
    }

    /** Reads one page: returns its envelopes as observations and moves the window to the next page (if any). */
    public List<StatusObservation> page(Exchange exchange) {
        Window window = exchange.getProperty(WINDOW_PROPERTY, Window.class);
        JsonNode page = readPage(exchange.getMessage().getBody(String.class));
        int total = number(page, "totalSetSize", -1);
        JsonNode envelopes = page.path("envelopes");
        List<StatusObservation> observations = new ArrayList<>();
        for (JsonNode envelope : envelopes) {
            StatusObservation observation = EnvelopeSummary.observe(envelope, null, StatusObservation.Source.POLL);
            if (observation != null) {
                observations.add(observation);
            }
        }
        int received = envelopes.size();
        window.pages++;
        window.envelopes += received;
        if (window.totalSetSize == null) {
            window.totalSetSize = total;
        } else if (total != window.totalSetSize) {
            window.incomplete = true;
        }
        window.startPosition += received;
        boolean more = received > 0 && total >= 0 && window.startPosition < total;
        if (!more && (total < 0 ? received > 0 : window.startPosition < total)) {
            // an empty page before the total was reached, or no total to know the end by: envelopes may be unread
            window.incomplete = true;
        }
        exchange.setProperty(MORE_PROPERTY, more);
        return observations;
    }

    /** Every page was read and recorded: the checkpoint moves to the window's end (unless the window was incomplete). */
    public void finish(Exchange exchange) {
        Window window = exchange.getProperty(WINDOW_PROPERTY, Window.class);
        if (window.incomplete) {
            LOG.info("Status poll {} .. {}: {} envelopes in {} pages, but the window changed while it was paged or a "
                    + "page came back short; it is read again next cycle", window.from, window.to, window.envelopes,
                    window.pages);
            return;
        }
        tracking.advanceCheckpoint(CHECKPOINT, window.to, clock.instant());
        LOG.info("Status poll {} .. {}: {} envelopes in {} page{}; next poll in {}", window.from, window.to,
                window.envelopes, window.pages, window.pages == 1 ? "" : "s", interval);
    }

    /** The cycle broke off: the checkpoint stays, the next cycle reads the window again. */
    public void failed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Window window = exchange.getProperty(WINDOW_PROPERTY, Window.class);
        LOG.warn("Status poll{} failed: {}; the checkpoint stays and the window is read again in {}",
                window == null ? "" : " " + window.from + " .. " + window.to,
                failure == null ? "unknown failure" : failure.getMessage(), interval);
    }

    private JsonNode readPage(String body) {
        try {
            JsonNode page = mapper.readTree(body == null ? "" : body);
            if (page == null || !page.isObject()) {
                throw new IllegalStateException("listStatusChanges answered something that is not a JSON object");
            }
            return page;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("listStatusChanges answered malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static int number(JsonNode node, String field, int missing) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return missing;
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            return missing;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
