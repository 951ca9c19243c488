package io.docusigncamel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.auth.TokenError;
import io.docusigncamel.ledger.EnvelopeTracking.StatusChange;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.Outcome;
import io.docusigncamel.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters on a real (in-memory) ledger, as Prometheus shows them. */
class DocuSignMetricsTest {

    private static final String SHA = "a".repeat(64);

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong tokenRequests = new AtomicLong();
    private final Map<TokenError, AtomicLong> tokenFailures = new EnumMap<>(TokenError.class);
    private Ledger ledger;
    private DocuSignMetrics metrics;

    @BeforeEach
    void open() {
        ledger = Ledger.open("jdbc:h2:mem:metrics-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null, null);
        for (TokenError error : TokenError.values()) {
            tokenFailures.put(error, new AtomicLong());
        }
        metrics = new DocuSignMetrics(ledger, DocuSignMetrics.POLL_CHECKPOINT, tokenRequests::get,
                error -> tokenFailures.get(error).get(), clock);
        metrics.bindTo(registry);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private String scrape() {
        return registry.scrape();
    }

    private void sendRows(int sent, int rejected) {
        long run = ledger.beginRun("hr-" + System.nanoTime() + ".csv", SHA, clock.instant()).id();
        int row = 1;
        for (int i = 0; i < sent; i++, row++) {
            ledger.recordOutcome(run, row, "K-" + run + "-" + row, Outcome.SENT, "env-" + run + "-" + row, null);
        }
        for (int i = 0; i < rejected; i++, row++) {
            ledger.recordOutcome(run, row, null, Outcome.REJECTED, null, "row " + row + ": bad");
        }
    }

    private void track(String envelopeId, String previous, String status) {
        ledger.tracking().record(new StatusChange(envelopeId, previous, status, clock.instant(), null, null, null,
                status.equals("completed"), "{}"), clock.instant());
    }

    @Test
    void everyMeterIsThereFromTheStartWithPrometheusNames() {
        assertThat(scrape())
                .contains("docusign_rows_total{outcome=\"sent\"} 0.0")
                .contains("docusign_rows_total{outcome=\"duplicate\"} 0.0")
                .contains("docusign_rows_total{outcome=\"rejected\"} 0.0")
                .contains("docusign_rows_total{outcome=\"failed\"} 0.0")
                .contains("docusign_envelopes{status=\"completed\"} 0.0")
                .contains("docusign_envelopes{status=\"other\"} 0.0")
                .contains("docusign_token_requests_total 0.0")
                .contains("docusign_token_failures_total{error=\"consent_required\"} 0.0")
                .contains("docusign_poll_lag_seconds NaN")
                .contains("docusign_events_pending 0.0")
                .contains("docusign_connect_messages_pending 0.0")
                .contains("docusign_archives_pending 0.0")
                .doesNotContain("docusign_rate_limit_remaining");
    }

    @Test
    void rowsAndEnvelopesComeFromTheLedgerReadAtMostOncePerCachePeriod() {
        sendRows(2, 1);
        track("env-1", null, "sent");
        track("env-1", "sent", "completed");
        track("env-2", null, "delivered");
        track("env-3", null, "correct");
        assertThat(scrape())
                .contains("docusign_rows_total{outcome=\"sent\"} 2.0")
                .contains("docusign_rows_total{outcome=\"rejected\"} 1.0")
                .contains("docusign_envelopes{status=\"completed\"} 1.0")
                .contains("docusign_envelopes{status=\"delivered\"} 1.0")
                .contains("docusign_envelopes{status=\"sent\"} 0.0")
                .contains("docusign_envelopes{status=\"other\"} 1.0")
                .contains("docusign_events_pending 4.0")
                .contains("docusign_archives_pending 1.0");

        sendRows(3, 0);
        assertThat(scrape()).as("cached").contains("docusign_rows_total{outcome=\"sent\"} 2.0");
        clock.advance(DocuSignMetrics.LEDGER_CACHE);
        assertThat(scrape()).contains("docusign_rows_total{outcome=\"sent\"} 5.0");
    }

    @Test
    void pollLagIsTheTimeSinceTheLastCompleteWindow() {
        Instant windowEnd = clock.instant().minusSeconds(90);
        ledger.tracking().advanceCheckpoint(DocuSignMetrics.POLL_CHECKPOINT, windowEnd, clock.instant());
        assertThat(scrape()).contains("docusign_poll_lag_seconds 90.0");
        clock.advance(Duration.ofSeconds(3));
        assertThat(scrape()).as("the window end is cached, now is not").contains("docusign_poll_lag_seconds 93.0");
    }

    @Test
    void tokenCountersFollowTheSession() {
        tokenRequests.set(3);
        tokenFailures.get(TokenError.CONSENT_REQUIRED).set(2);
        assertThat(scrape())
                .contains("docusign_token_requests_total 3.0")
                .contains("docusign_token_failures_total{error=\"consent_required\"} 2.0")
                .contains("docusign_token_failures_total{error=\"unreachable\"} 0.0");
    }

    @Test
    void aLedgerThatStopsAnsweringKeepsTheLastCounts() {
        sendRows(1, 0);
        assertThat(scrape()).contains("docusign_rows_total{outcome=\"sent\"} 1.0");
        ledger.close();
        clock.advance(DocuSignMetrics.LEDGER_CACHE);
        assertThat(scrape()).contains("docusign_rows_total{outcome=\"sent\"} 1.0");
    }

    @Test
    void rateLimitHookRegistersOneGaugePerWindow() {
        AtomicLong hourly = new AtomicLong(-1);
        MeterRegistry target = registry;
        DocuSignMetrics.registerRateLimitGauges(target, hourly::get, () -> 12);
        assertThat(scrape())
                .contains("docusign_rate_limit_remaining{window=\"hourly\"} NaN")
                .contains("docusign_rate_limit_remaining{window=\"burst\"} 12.0");
        hourly.set(2950);
        assertThat(scrape()).contains("docusign_rate_limit_remaining{window=\"hourly\"} 2950.0");
    }
}
