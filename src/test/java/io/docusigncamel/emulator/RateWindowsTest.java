package io.docusigncamel.emulator;

import io.docusigncamel.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateWindowsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-02T13:00:10Z"));
    private final RateWindows windows = new RateWindows(clock);
    private final EmulatorSettings settings = EmulatorSettings.defaults().withHourlyLimit(3, Duration.ofHours(1))
            .withBurstLimit(2, Duration.ofSeconds(30));

    @Test
    void hourWindowResetsAtTheTopOfTheHour() {
        RateWindows.Snapshot first = windows.acquire("A", settings);

        assertThat(first.resetEpochSeconds()).isEqualTo(Instant.parse("2025-05-02T14:00:00Z").getEpochSecond());
        assertThat(first.hourlyRemaining()).isEqualTo(2);
        assertThat(first.headers()).containsEntry("X-RateLimit-Reset", "1746194400");
    }

    @Test
    void burstLimitStopsUntilTheNextBurstWindowAndRefusedCallsDoNotCount() {
        windows.acquire("A", settings);
        windows.acquire("A", settings);
        RateWindows.Snapshot refused = windows.acquire("A", settings);
        assertThat(refused.exceeded()).isEqualTo(RateWindows.Exceeded.BURST);
        assertThat(refused.hourlyRemaining()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(30));
        RateWindows.Snapshot next = windows.acquire("A", settings);
        assertThat(next.exceeded()).isNull();
        assertThat(next.hourlyRemaining()).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(windows.acquire("A", settings).exceeded()).isEqualTo(RateWindows.Exceeded.HOURLY);
    }

    @Test
    void accountsAreCountedSeparatelyAndCaseInsensitively() {
        windows.acquire("abc", settings);
        windows.acquire("ABC", settings);

        assertThat(windows.peek("Abc", settings).burstRemaining()).isZero();
        assertThat(windows.peek("other", settings).burstRemaining()).isEqualTo(2);
    }
}
