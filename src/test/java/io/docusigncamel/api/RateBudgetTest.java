package io.docusigncamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared API budget on a fake clock: full speed while the budget is comfortable, paced when it runs low. */
class RateBudgetTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);

    private static Map<String, String> headers(long limit, long remaining, Instant reset, long burstLimit, long burstLeft) {
        return Map.of("x-ratelimit-limit", Long.toString(limit), "X-RateLimit-Remaining", Long.toString(remaining),
                "X-RateLimit-Reset", Long.toString(reset.getEpochSecond()), "X-BurstLimit-Limit", Long.toString(burstLimit),
                "X-BurstLimit-Remaining", Long.toString(burstLeft));
    }

    @Test
    void callsGoAheadBeforeAnythingIsKnown() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);

        for (int i = 0; i < 100; i++) {
            assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isZero();
        }
        assertThat(budget.hourlyRemaining()).isEmpty();
    }

    @Test
    void neverMoreThanTheBurstLimitInOneBurstWindow() {
        RateBudget budget = new RateBudget(0, Duration.ofSeconds(5), clock);
        budget.observe(headers(1000, 1000, T0.plusSeconds(3600), 20, 20));

        int allowed = 0;
        while (budget.tryAcquire(RateBudget.Purpose.SEND).isZero()) {
            allowed++;
        }
        assertThat(allowed).as("20 less a fifth, the margin for calls arriving late").isEqualTo(16);
        Duration wait = budget.tryAcquire(RateBudget.Purpose.SEND);
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6));
        clock.advance(wait);
        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isZero();
    }

    @Test
    void sendingLeavesTheReserveToTrackingAndWaitsForTheReset() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);
        Instant reset = T0.plusSeconds(600);
        budget.observe(headers(100, 20, reset, 1000, 1000));

        Duration sendWait = budget.tryAcquire(RateBudget.Purpose.SEND);
        assertThat(sendWait).isGreaterThanOrEqualTo(Duration.between(T0, reset));
        assertThat(budget.tryAcquire(RateBudget.Purpose.TRACK)).isZero();
    }

    @Test
    void aLowBudgetIsSpreadEvenlyUntilTheReset() {
        RateBudget budget = new RateBudget(0, Duration.ofSeconds(30), clock);
        budget.observe(headers(100, 40, T0.plusSeconds(400), 1000, 1000));

        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isZero();
        Duration spacing = budget.tryAcquire(RateBudget.Purpose.SEND);
        assertThat(spacing).isEqualTo(Duration.ofSeconds(10));
        clock.advance(spacing);
        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isZero();
    }

    @Test
    void aComfortableBudgetIsNotPaced() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);
        budget.observe(headers(1000, 900, T0.plusSeconds(3000), 500, 500));

        for (int i = 0; i < 300; i++) {
            assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).as("call " + i).isZero();
        }
    }

    @Test
    void aRefusalForTheHourlyLimitPausesEveryCallerUntilTheReset() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);
        Instant reset = T0.plusSeconds(120);

        budget.limitExceeded(headers(100, 0, reset, 1000, 1000), "HOURLY_APIINVOCATION_LIMIT_EXCEEDED");

        assertThat(budget.tryAcquire(RateBudget.Purpose.TRACK)).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(121));
        assertThat(budget.tryAcquire(RateBudget.Purpose.TRACK)).isZero();
    }

    @Test
    void aRefusalForTheBurstLimitPausesForOneBurstWindow() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);
        budget.limitExceeded(headers(1000, 500, T0.plusSeconds(3000), 200, 0), "BURST_APIINVOCATION_LIMIT_EXCEEDED");

        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aNewHourStartsFromWhatDocuSignSaysAgain() {
        RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), clock);
        budget.observe(headers(100, 5, T0.plusSeconds(60), 1000, 1000));
        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isPositive();

        clock.advance(Duration.ofSeconds(61));
        budget.observe(headers(100, 99, T0.plusSeconds(120), 1000, 1000));

        assertThat(budget.tryAcquire(RateBudget.Purpose.SEND)).isZero();
        assertThat(budget.hourlyRemaining()).hasValue(98);
    }
}
