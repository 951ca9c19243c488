package io.docusigncamel.metrics;

import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.auth.TokenError;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.PollCheckpoint;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.Outcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The service's own Prometheus metrics (SPEC §8), in the Micrometer registry that {@code /observe/metrics} scrapes:
 * <ul>
 *   <li>{@code docusign_rows_total{outcome}}: rows of all runs by outcome (sent, duplicate, rejected, failed), from
 *       the ledger, so they survive restarts;</li>
 *   <li>{@code docusign_envelopes{status}}: tracked envelopes by last known status ({@value #OTHER_STATUS} for a
 *       status outside DocuSign's usual seven);</li>
 *   <li>{@code docusign_token_requests_total}, {@code docusign_token_failures_total{error}}: JWT grant requests of
 *       this process, and the failed ones by {@link TokenError} (lower case);</li>
 *   <li>{@code docusign_api_calls_total{endpoint,status}}: see {@link ApiCallCounter};</li>
 *   <li>{@code docusign_poll_lag_seconds}: time since the end of the last completely read status window (NaN before
 *       the first one);</li>
 *   <li>{@code docusign_events_pending}, {@code docusign_connect_messages_pending},
 *       {@code docusign_archives_pending}: the ledger's queues;</li>
 *   <li>{@code docusign_rate_limit_remaining{window}}: registered by whoever knows the budget, through
 *       {@link #registerRateLimitGauges}.</li>
 * </ul>
 * Ledger-backed values are read when scraped, at most once per {@link #LEDGER_CACHE} each; a failed read keeps the
 * last value (the ledger readiness check reports the failure). Thread-safe. Meters whose state this object holds
 * reference it weakly (Micrometer's function counters): keep the instance reachable (it is bound in Camel's registry
 * as {@value #BEAN}).
 */
public final class DocuSignMetrics implements MeterBinder {

    /** The name this object is bound under in Camel's registry. */
    public static final String BEAN = "docuSignMetrics";
    public static final Duration LEDGER_CACHE = Duration.ofSeconds(5);
    /** The statuses {@code docusign_envelopes} always reports (zero included). */
    public static final List<String> ENVELOPE_STATUSES = List.of("created", "sent", "delivered", "signed", "completed",
            "declined", "voided");
    /** The status poller's checkpoint ({@code StatusPoller.CHECKPOINT}): the poll lag is measured on its window end. */
    public static final String POLL_CHECKPOINT = "listStatusChanges";
    static final String OTHER_STATUS = "other";
    static final String RATE_LIMIT_METER = "docusign.rate.limit.remaining";

    private final LongSupplier tokenRequests;
    private final ToLongFunction<TokenError> tokenFailures;
    private final Clock clock;
    private final Cached<Map<Outcome, Long>> outcomes;
    private final Cached<Map<String, Long>> envelopes;
    private final Cached<PollCheckpoint> checkpoint;
    private final Cached<Long> eventsPending;
    private final Cached<Long> connectPending;
    private final Cached<Long> archivesPending;
    private final String checkpointName;

    /**
     * @param checkpointName the poll checkpoint whose window end measures the poll lag ({@code listStatusChanges})
     */
    public DocuSignMetrics(Ledger ledger, String checkpointName, LongSupplier tokenRequests,
                           ToLongFunction<TokenError> tokenFailures, Clock clock) {
        Objects.requireNonNull(ledger, "ledger");
        this.checkpointName = Objects.requireNonNull(checkpointName, "checkpointName");
        this.tokenRequests = Objects.requireNonNull(tokenRequests, "tokenRequests");
        this.tokenFailures = Objects.requireNonNull(tokenFailures, "tokenFailures");
        this.clock = Objects.requireNonNull(clock, "clock");
        EnvelopeTracking tracking = ledger.tracking();
        this.outcomes = new Cached<>("counting rows by outcome", ledger::countAllOutcomes, LEDGER_CACHE, clock);
        this.envelopes = new Cached<>("counting envelopes by status", tracking::countEnvelopesByStatus, LEDGER_CACHE, clock);
        this.checkpoint = new Cached<>("reading poll checkpoint " + checkpointName, () -> tracking.checkpoint(checkpointName),
                LEDGER_CACHE, clock);
        this.eventsPending = new Cached<>("counting pending events", tracking::countQueuedEvents, LEDGER_CACHE, clock);
        this.connectPending = new Cached<>("counting pending Connect messages", tracking::countQueuedConnectMessages,
                LEDGER_CACHE, clock);
        this.archivesPending = new Cached<>("counting pending archives", tracking::countArchivesPending, LEDGER_CACHE, clock);
    }

    /** The metrics of {@code session}'s token requests and of {@code ledger}. */
    public static DocuSignMetrics of(Ledger ledger, String checkpointName, DocuSignSession session, Clock clock) {
        return new DocuSignMetrics(ledger, checkpointName, session::tokenRequests, session::tokenFailures, clock);
    }

    /**
     * The Micrometer registry {@code /observe/metrics} scrapes: camel-micrometer-prometheus uses the
     * {@code PrometheusMeterRegistry} bound as {@value MicrometerConstants#METRICS_REGISTRY_NAME} in Camel's registry
     * and creates (and binds) one only if there is none. So: the bound one, or a new one bound now, before that
     * service starts.
     */
    public static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        if (found != null) {
            return found;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    /**
     * Registers everything on the registry {@code /observe/metrics} scrapes: the meters of {@code metrics}, which is
     * bound as {@value #BEAN} (to keep it reachable), and the {@link ApiCallCounter} as an event notifier.
     */
    public static void install(CamelContext context, DocuSignMetrics metrics) {
        MeterRegistry registry = meterRegistry(context);
        metrics.bindTo(registry);
        context.getRegistry().bind(BEAN, metrics);
        ApiCallCounter.install(context, registry);
    }

    /**
     * The hook for DocuSign's rate-limit budget (the {@code RateBudget} of the REST calls):
     * {@code docusign_rate_limit_remaining{window="hourly"}} and {@code {window="burst"}}, read from the suppliers at
     * each scrape (a negative value, for "not known yet", is reported as NaN). Call once per registry, e.g. with
     * {@code DocuSignMetrics.meterRegistry(context)}.
     */
    public static void registerRateLimitGauges(MeterRegistry registry, LongSupplier hourlyRemaining,
                                               LongSupplier burstRemaining) {
        Objects.requireNonNull(hourlyRemaining, "hourlyRemaining");
        Objects.requireNonNull(burstRemaining, "burstRemaining");
        rateGauge(registry, "hourly", hourlyRemaining);
        rateGauge(registry, "burst", burstRemaining);
    }

    private static void rateGauge(MeterRegistry registry, String window, LongSupplier remaining) {
        Gauge.builder(RATE_LIMIT_METER, remaining, s -> {
                    long value = s.getAsLong();
                    return value < 0 ? Double.NaN : value;
                })
                .strongReference(true)
                .description("API calls DocuSign still allows in the current rate-limit window")
                .tag("window", window)
                .register(registry);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            FunctionCounter.builder("docusign.rows", this, m -> m.rows(outcome))
                    .description("CSV rows of all runs by outcome (from the ledger)")
                    .tag("outcome", outcome.label())
                    .register(registry);
        }
        for (String status : ENVELOPE_STATUSES) {
            envelopeGauge(registry, status);
        }
        envelopeGauge(registry, OTHER_STATUS);
        FunctionCounter.builder("docusign.token.requests", this, m -> m.tokenRequests.getAsLong())
                .description("JWT grant token requests to DocuSign's OAuth service since the process started")
                .register(registry);
        for (TokenError error : TokenError.values()) {
            FunctionCounter.builder("docusign.token.failures", this, m -> m.tokenFailures.applyAsLong(error))
                    .description("Failed token requests since the process started, by error")
                    .tag("error", error.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("docusign.poll.lag", this, DocuSignMetrics::pollLagSeconds)
                .strongReference(true)
                .description("Time since the end of the last completely read listStatusChanges window")
                .baseUnit("seconds")
                .register(registry);
        pendingGauge(registry, "docusign.events.pending", "Status events not yet written to the outbox or not yet"
                + " accepted by the webhook", eventsPending);
        pendingGauge(registry, "docusign.connect.messages.pending", "Connect messages received but not yet processed",
                connectPending);
        pendingGauge(registry, "docusign.archives.pending", "Completed envelopes whose signed PDF is not archived yet",
                archivesPending);
    }

    double rows(Outcome outcome) {
        return outcomes.get().map(counts -> (double) counts.getOrDefault(outcome, 0L)).orElse(0.0);
    }

    double envelopes(String status) {
        return envelopes.get().map(counts -> {
            if (!OTHER_STATUS.equals(status)) {
                return (double) counts.getOrDefault(status, 0L);
            }
            return (double) counts.entrySet().stream().filter(e -> !ENVELOPE_STATUSES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }).orElse(Double.NaN);
    }

    double pollLagSeconds() {
        Optional<Instant> windowEnd = checkpoint.get().flatMap(PollCheckpoint::windowEnd);
        return windowEnd.map(end -> Duration.between(end, clock.instant()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    private void envelopeGauge(MeterRegistry registry, String status) {
        Gauge.builder("docusign.envelopes", this, m -> m.envelopes(status))
                .strongReference(true)
                .description("Tracked envelopes by last known status (from the ledger)")
                .tag("status", status)
                .register(registry);
    }

    private void pendingGauge(MeterRegistry registry, String name, String description, Cached<Long> count) {
        Gauge.builder(name, count, c -> c.get().map(Long::doubleValue).orElse(Double.NaN))
                .strongReference(true)
                .description(description)
                .register(registry);
    }

    /** The checkpoint the poll lag is measured on. */
    public String checkpointName() {
        return checkpointName;
    }
}
