package io.docusigncamel.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * DocuSign's per-account API limits (docusign-api.md §7.1): a count per fixed "hour" window (aligned to the clock,
 * so with a one-hour window it resets at the top of each hour, as DocuSign's does) and per fixed burst window.
 * Counts are kept per account id, case-insensitively. Thread-safe: all methods synchronize on the instance.
 */
final class RateWindows {

    /** Which limit stopped a call. */
    enum Exceeded { HOURLY, BURST }

    /**
     * The state reported in the rate-limit headers, and whether the call may proceed.
     *
     * @param resetEpochSeconds end of the current "hour" window, Unix seconds
     */
    record Snapshot(int hourlyLimit, int hourlyRemaining, long resetEpochSeconds, int burstLimit, int burstRemaining,
                    Exceeded exceeded) {

        Map<String, String> headers() {
            return Map.of("X-RateLimit-Limit", Integer.toString(hourlyLimit),
                    "X-RateLimit-Remaining", Integer.toString(hourlyRemaining),
                    "X-RateLimit-Reset", Long.toString(resetEpochSeconds),
                    "X-BurstLimit-Limit", Integer.toString(burstLimit),
                    "X-BurstLimit-Remaining", Integer.toString(burstRemaining));
        }
    }

    private static final class Counts {
        long hourStart = Long.MIN_VALUE;
        int hourCount;
        long burstStart = Long.MIN_VALUE;
        int burstCount;
    }

    private final Clock clock;
    private final Map<String, Counts> byAccount = new HashMap<>();

    RateWindows(Clock clock) {
        this.clock = clock;
    }

    /** Counts one call for {@code accountId} unless a limit is exhausted; a refused call does not count. */
    synchronized Snapshot acquire(String accountId, EmulatorSettings settings) {
        Counts counts = current(accountId, settings);
        Exceeded exceeded = counts.hourCount >= settings.hourlyLimit() ? Exceeded.HOURLY
                : counts.burstCount >= settings.burstLimit() ? Exceeded.BURST : null;
        if (exceeded == null) {
            counts.hourCount++;
            counts.burstCount++;
        }
        return snapshot(counts, settings, exceeded);
    }

    /** The headers' values for a call that is refused before it reaches the limits (e.g. a 401). */
    synchronized Snapshot peek(String accountId, EmulatorSettings settings) {
        return snapshot(current(accountId, settings), settings, null);
    }

    synchronized void clear() {
        byAccount.clear();
    }

    private Counts current(String accountId, EmulatorSettings settings) {
        long now = clock.millis();
        Counts counts = byAccount.computeIfAbsent(accountId.toLowerCase(java.util.Locale.ROOT), a -> new Counts());
        long hourStart = windowStart(now, settings.hourlyWindow());
        if (hourStart != counts.hourStart) {
            counts.hourStart = hourStart;
            counts.hourCount = 0;
        }
        long burstStart = windowStart(now, settings.burstWindow());
        if (burstStart != counts.burstStart) {
            counts.burstStart = burstStart;
            counts.burstCount = 0;
        }
        return counts;
    }

    private static Snapshot snapshot(Counts counts, EmulatorSettings settings, Exceeded exceeded) {
        long reset = Math.floorDiv(counts.hourStart + settings.hourlyWindow().toMillis(), 1000L);
        return new Snapshot(settings.hourlyLimit(), Math.max(0, settings.hourlyLimit() - counts.hourCount), reset,
                settings.burstLimit(), Math.max(0, settings.burstLimit() - counts.burstCount), exceeded);
    }

    private static long windowStart(long nowMillis, Duration window) {
        long length = window.toMillis();
        return Math.floorDiv(nowMillis, length) * length;
    }
}
