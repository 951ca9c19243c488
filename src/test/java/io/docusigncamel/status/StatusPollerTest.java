package io.docusigncamel.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.TestLedgers;
import io.docusigncamel.testing.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusPoller} on a fake clock and a real (H2 file) ledger: a cycle is due at most once per interval, also
 * across a restart; the first window reaches back {@code status.initial-lookback} plus the overlap, each later one
 * starts an overlap before the last complete window's end; a 2,500-envelope window is paged 1,000 at a time; the
 * checkpoint advances only when the window was read completely and did not shift while it was paged.
 */
class StatusPollerTest {

    private static final Duration INTERVAL = Duration.ofMinutes(20);
    private static final Duration OVERLAP = Duration.ofMinutes(10);
    private static final Duration LOOKBACK = Duration.ofDays(30);
    private static CamelContext camel;

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00.123456Z");
    private String url;
    private Ledger ledger;
    private EnvelopeTracking tracking;
    private StatusPoller poller;

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
        url = TestLedgers.newFileUrl("status-poller");
        ledger = Ledger.open(url, null, null);
        tracking = ledger.tracking();
        poller = newPoller();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private StatusPoller newPoller() {
        return new StatusPoller(tracking, INTERVAL, TrackingSettings.defaults(), clock, () -> true);
    }

    private static Exchange exchange() {
        return new DefaultExchange(camel);
    }

    private static StatusPoller.Window window(Exchange exchange) {
        return exchange.getProperty(StatusPoller.WINDOW_PROPERTY, StatusPoller.Window.class);
    }

    private static boolean more(Exchange exchange) {
        return exchange.getProperty(StatusPoller.MORE_PROPERTY, Boolean.class);
    }

    private static Map<String, String> query(StatusPoller poller, Exchange exchange) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : poller.query(exchange).split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** A listStatusChanges answer: envelopes {@code start .. start+count-1} of a window of {@code total}. */
    private static String page(int start, int count, int total) {
        StringBuilder json = new StringBuilder("{\"resultSetSize\":\"" + count + "\",\"totalSetSize\":\"" + total
                + "\",\"startPosition\":\"" + start + "\",\"endPosition\":\"" + (start + count - 1)
                + "\",\"nextUri\":\"\",\"previousUri\":\"\",\"envelopes\":[");
        for (int i = start; i < start + count; i++) {
            if (i > start) {
                json.append(',');
            }
            json.append("{\"status\":\"sent\",\"envelopeId\":\"env-").append(i)
                    .append("\",\"statusChangedDateTime\":\"2025-03-01T09:00:00.0000000Z\"}");
        }
        return json.append("]}").toString();
    }

    private List<StatusObservation> feed(Exchange exchange, String body) {
        exchange.getMessage().setBody(body);
        return poller.page(exchange);
    }

    private Optional<Instant> checkpoint() {
        return tracking.checkpoint(StatusPoller.CHECKPOINT).windowEnd();
    }

    // ------------------------------------------------------------------------------------------ due

    @Test
    void theFirstCycleIsDueAtOnce() {
        assertThat(poller.due()).isTrue();
    }

    @Test
    void theNextCycleIsDueOnlyOnceTheIntervalPassedSinceTheLastStart() {
        poller.begin(exchange());

        assertThat(poller.due()).isFalse();
        clock.advance(INTERVAL.minusSeconds(1));
        assertThat(poller.due()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(poller.due()).isTrue();
    }

    @Test
    void aRestartDoesNotMakeACycleDueEarlier() {
        poller.begin(exchange());
        clock.advance(Duration.ofMinutes(5));
        ledger.close();

        ledger = Ledger.open(url, null, null);
        tracking = ledger.tracking();
        StatusPoller restarted = newPoller();

        assertThat(restarted.due()).isFalse();
        clock.advance(INTERVAL.minus(Duration.ofMinutes(5)));
        assertThat(restarted.due()).isTrue();
    }

    @Test
    void aFailedCycleStillCountsAsTheLastStart() {
        Exchange exchange = exchange();
        poller.begin(exchange);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("HTTP 503"));

        poller.failed(exchange);

        assertThat(poller.due()).isFalse();
        assertThat(checkpoint()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ windows

    @Test
    void theFirstWindowReachesBackTheInitialLookbackPlusTheOverlap() {
        Exchange exchange = exchange();
        Instant now = Instant.parse("2025-03-01T10:00:00.123Z"); // the clock, to the millisecond

        poller.begin(exchange);

        assertThat(window(exchange).from()).isEqualTo(now.minus(LOOKBACK).minus(OVERLAP));
        assertThat(window(exchange).to()).isEqualTo(now);
        assertThat(more(exchange)).isTrue();
        Map<String, String> query = query(poller, exchange);
        assertThat(query).containsEntry("from_date", "2025-01-30T09:50:00.123Z")
                .containsEntry("to_date", "2025-03-01T10:00:00.123Z")
                .containsEntry("from_to_status", "changed")
                .containsEntry("count", "1000")
                .containsEntry("start_position", "0")
                .containsEntry("include", "custom_fields,recipients");
        assertThat(poller.query(exchange)).doesNotContain("envelope_ids");
    }

    @Test
    void aLaterWindowStartsAnOverlapBeforeTheLastCompleteWindowsEnd() {
        Exchange first = exchange();
        poller.begin(first);
        feed(first, page(0, 3, 3));
        poller.finish(first);
        Instant previousTo = window(first).to();
        assertThat(checkpoint()).contains(previousTo);

        clock.advance(INTERVAL);
        Exchange second = exchange();
        poller.begin(second);

        assertThat(window(second).from()).isEqualTo(previousTo.minus(OVERLAP));
        assertThat(window(second).to()).isEqualTo(previousTo.plus(INTERVAL));
    }

    @Test
    void anEmptyWindowIsOnePageAndAdvancesTheCheckpoint() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        List<StatusObservation> observations = feed(exchange,
                "{\"resultSetSize\":\"0\",\"totalSetSize\":\"0\",\"startPosition\":\"0\",\"endPosition\":\"-1\"}");
        poller.finish(exchange);

        assertThat(observations).isEmpty();
        assertThat(more(exchange)).isFalse();
        assertThat(checkpoint()).contains(window(exchange).to());
    }

    // ------------------------------------------------------------------------------------------ paging

    @Test
    void pagesA2500EnvelopeWindowInPagesOf1000AndThenAdvancesTheCheckpoint() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        assertThat(query(poller, exchange)).containsEntry("start_position", "0");
        List<StatusObservation> first = feed(exchange, page(0, 1000, 2500));
        assertThat(first).hasSize(1000);
        assertThat(first.get(0).envelopeId()).isEqualTo("env-0");
        assertThat(first.get(0).source()).isEqualTo(StatusObservation.Source.POLL);
        assertThat(more(exchange)).isTrue();

        assertThat(query(poller, exchange)).containsEntry("start_position", "1000");
        assertThat(feed(exchange, page(1000, 1000, 2500))).hasSize(1000);
        assertThat(more(exchange)).isTrue();

        assertThat(query(poller, exchange)).containsEntry("start_position", "2000");
        List<StatusObservation> last = feed(exchange, page(2000, 500, 2500));
        assertThat(last).hasSize(500);
        assertThat(last.get(499).envelopeId()).isEqualTo("env-2499");
        assertThat(more(exchange)).isFalse();

        assertThat(checkpoint()).isEmpty();
        poller.finish(exchange);
        assertThat(checkpoint()).contains(window(exchange).to());
    }

    @Test
    void totalsGivenAsNumbersPageTheSameWay() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        feed(exchange, page(0, 1000, 1500).replace("\"totalSetSize\":\"1500\"", "\"totalSetSize\":1500"));

        assertThat(more(exchange)).isTrue();
        assertThat(query(poller, exchange)).containsEntry("start_position", "1000");
    }

    @Test
    void aWindowWhoseTotalChangedWhileItWasPagedDoesNotAdvanceTheCheckpoint() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        feed(exchange, page(0, 1000, 2500));
        feed(exchange, page(1000, 1000, 2499)); // an envelope left the window: the rest shifted by one
        feed(exchange, page(2000, 499, 2499));
        assertThat(more(exchange)).isFalse();
        poller.finish(exchange);

        assertThat(checkpoint()).isEmpty();
    }

    @Test
    void aShiftedWindowIsReadAgainFromTheSameStartNextCycle() {
        tracking.advanceCheckpoint(StatusPoller.CHECKPOINT, Instant.parse("2025-03-01T09:00:00Z"), clock.instant());
        Exchange exchange = exchange();
        poller.begin(exchange);
        feed(exchange, page(0, 1000, 1200));
        feed(exchange, page(1000, 201, 1201));
        poller.finish(exchange);

        clock.advance(INTERVAL);
        Exchange next = exchange();
        poller.begin(next);

        assertThat(checkpoint()).contains(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(window(next).from()).isEqualTo(window(exchange).from());
    }

    @Test
    void aFailedCycleLeavesTheCheckpoint() {
        tracking.advanceCheckpoint(StatusPoller.CHECKPOINT, Instant.parse("2025-03-01T09:00:00Z"), clock.instant());
        Exchange exchange = exchange();
        poller.begin(exchange);
        feed(exchange, page(0, 1000, 2500));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("HTTP 429"));

        poller.failed(exchange);

        assertThat(checkpoint()).contains(Instant.parse("2025-03-01T09:00:00Z"));
    }

    @Test
    void failedWithoutAWindowDoesNotThrow() {
        Exchange exchange = exchange();

        poller.failed(exchange);

        assertThat(checkpoint()).isEmpty();
    }

    @Test
    void refusesAnAnswerThatIsNotAJsonObject() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        assertThatThrownBy(() -> feed(exchange, "<html>502 Bad Gateway</html>"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> feed(exchange, "[]"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void skipsEntriesWithoutStatusOrEnvelopeId() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        List<StatusObservation> observations = feed(exchange, "{\"totalSetSize\":\"3\",\"envelopes\":["
                + "{\"envelopeId\":\"a\",\"status\":\"sent\"},{\"envelopeId\":\"b\"},{\"status\":\"sent\"}]}");

        assertThat(observations).extracting(StatusObservation::envelopeId).containsExactly("a");
        assertThat(more(exchange)).isFalse();
    }

    @Test
    void anEmptyPageBeforeTheTotalWasReachedDoesNotAdvanceTheCheckpoint() {
        Exchange exchange = exchange();
        poller.begin(exchange);

        feed(exchange, page(0, 1000, 2500));
        feed(exchange, "{\"resultSetSize\":\"0\",\"totalSetSize\":\"2500\",\"startPosition\":\"1000\"}");
        assertThat(more(exchange)).isFalse();
        poller.finish(exchange);

        assertThat(checkpoint()).as("1,500 envelopes of the window were never read").isEmpty();
    }

    @Test
    void noCycleStartsWhileDocuSignCannotBeCalled() {
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean(false);
        StatusPoller waiting = new StatusPoller(tracking, INTERVAL, TrackingSettings.defaults(), clock, ready::get);

        assertThat(waiting.due()).isFalse();
        ready.set(true);
        assertThat(waiting.due()).isTrue();
    }
}
