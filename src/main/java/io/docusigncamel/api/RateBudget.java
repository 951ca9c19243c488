package io.docusigncamel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's share of DocuSign's account API limits (docusign-api.md §7.1), used before every call to the REST
 * API: sends, polls, downloads. DocuSign counts calls per account per hour ({@code X-RateLimit-Limit/Remaining/Reset})
 * and per burst window ({@code X-BurstLimit-Limit/Remaining}); every response's headers are fed back through
 * {@link #observe}, so the budget follows what DocuSign counts, other clients of the account included.
 *
 * <p>How it paces:
 * <ul>
 *   <li><b>Hourly</b>: at full speed while more than half of the hourly limit is left; below that, the calls left
 *       until the reset are spread evenly over the time left, so a long file uses the whole budget without running
 *       into the limit, and a short one is not slowed down. Sending may use all but {@code reserve} of the hourly limit:
 *       that share stays for status tracking and downloads ({@link Purpose#TRACK}), so polling still works when a
 *       large file has used the rest.</li>
 *   <li><b>Burst</b>: at most the burst limit in any {@code burstWindow}, counted over the calls made here (a sliding
 *       window never exceeds a fixed one), and none while DocuSign reported the burst spent.</li>
 *   <li><b>Refused anyway</b> ({@code HOURLY_APIINVOCATION_LIMIT_EXCEEDED}, {@code BURST_APIINVOCATION_LIMIT_EXCEEDED}):
 *       {@link #limitExceeded} pauses every caller until the hourly reset, or for one burst window.</li>
 * </ul>
 * Before the first response nothing is known and calls go ahead. Waiting happens in {@link #acquire} on the
 * caller's thread (the send route's bounded pool, the poll and archive timers), which is what slows the routes down.
 *
 * <p>Thread-safe: the state is guarded by this object's monitor, which is never held while waiting.
 */
public final class RateBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RateBudget.class);
    /** Checked at least this often while waiting, so a reset or a response seen by another thread is noticed. */
    private static final long MAX_SLEEP_MILLIS = 500;
    /** DocuSign's window boundaries and ours are not exactly aligned: start again a little after the reset. */
    private static final Duration RESET_MARGIN = Duration.ofMillis(500);
    /** Calls go at full (burst-limited) speed while more than this share of the hourly limit is left. */
    private static final double PACE_BELOW = 0.5;

    /** What a call is for: sending may not use the share reserved for tracking. */
    public enum Purpose {
        SEND,
        TRACK
    }

    private final double reserve;
    private final Duration burstWindow;
    private final Clock clock;

    private long hourlyLimit = -1;
    private long hourlyRemaining = -1;
    private Instant hourlyReset = Instant.MIN;
    private long burstLimit = -1;
    private long burstRemaining = -1;
    /** Calls started since the last response with headers: they are not in {@code hourlyRemaining} yet. */
    private long startedSinceObserved;
    private final Deque<Instant> recentCalls = new ArrayDeque<>();
    private Instant nextSlot = Instant.MIN;
    private Instant pausedUntil = Instant.MIN;
    private long waits;

    /**
     * @param reserve     share of the hourly limit kept for {@link Purpose#TRACK} calls, 0 to 0.9
     * @param burstWindow the length of DocuSign's burst window (30 s at DocuSign)
     */
    public RateBudget(double reserve, Duration burstWindow, Clock clock) {
        if (reserve < 0 || reserve > 0.9) {
            throw new IllegalArgumentException("reserve must be between 0 and 0.9, was " + reserve);
        }
        this.reserve = reserve;
        this.burstWindow = burstWindow;
        this.clock = clock;
    }

    /** Waits until a call for {@code purpose} fits the budget, then counts it. */
    public void acquire(Purpose purpose) throws InterruptedException {
        boolean logged = false;
        while (true) {
            Duration wait = tryAcquire(purpose);
            if (wait.isZero()) {
                return;
            }
            if (!logged && wait.toMillis() >= 5000) {
                logged = true;
                synchronized (this) {
                    waits++;
                    LOG.info("DocuSign API budget: {} of {} calls left this hour (reset {}), burst limit {}; {} calls "
                                    + "wait {} s", hourlyRemaining, hourlyLimit, hourlyReset, burstLimit,
                            purpose.name().toLowerCase(Locale.ROOT), wait.toSeconds());
                }
            }
            Thread.sleep(Math.max(1, Math.min(wait.toMillis(), MAX_SLEEP_MILLIS)));
        }
    }

    /** Counts a call for {@code purpose} and returns zero if it fits the budget now, else how long to wait first. */
    synchronized Duration tryAcquire(Purpose purpose) {
        Instant now = clock.instant();
        Instant allowedAt = allowedAt(purpose, now);
        if (!allowedAt.isAfter(now)) {
            take(purpose, now);
            return Duration.ZERO;
        }
        return Duration.between(now, allowedAt);
    }

    /** Reads the rate-limit headers of a DocuSign response (header names in any case); absent headers change nothing. */
    public void observe(Map<String, ?> headers) {
        if (headers == null) {
            return;
        }
        OptionalLong limit = number(headers, "X-RateLimit-Limit");
        OptionalLong remaining = number(headers, "X-RateLimit-Remaining");
        OptionalLong reset = number(headers, "X-RateLimit-Reset");
        OptionalLong burst = number(headers, "X-BurstLimit-Limit");
        OptionalLong burstLeft = number(headers, "X-BurstLimit-Remaining");
        synchronized (this) {
            if (limit.isPresent() && remaining.isPresent()) {
                Instant newReset = reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : hourlyReset;
                // responses arrive out of order: within one window the lowest remaining is the latest truth
                if (!newReset.equals(hourlyReset) || remaining.getAsLong() < hourlyRemaining || hourlyRemaining < 0) {
                    hourlyRemaining = remaining.getAsLong();
                    startedSinceObserved = 0;
                }
                hourlyLimit = limit.getAsLong();
                hourlyReset = newReset;
            }
            if (burst.isPresent()) {
                burstLimit = burst.getAsLong();
            }
            if (burstLeft.isPresent()) {
                burstRemaining = burstLeft.getAsLong();
            }
        }
    }

    /**
     * DocuSign refused a call for its account limit: every caller waits until the hourly reset (when the hourly
     * budget is spent) or for one burst window.
     */
    public void limitExceeded(Map<String, ?> headers, String errorCode) {
        observe(headers);
        synchronized (this) {
            Instant now = clock.instant();
            boolean hourly = (errorCode != null && errorCode.toUpperCase(Locale.ROOT).startsWith("HOURLY"))
                    || hourlyRemaining == 0;
            Instant until = hourly && hourlyReset.isAfter(now) ? hourlyReset.plus(RESET_MARGIN) : now.plus(burstWindow);
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
            LOG.warn("DocuSign refused a call for the account's API limit ({}); every DocuSign call waits until {}",
                    errorCode, pausedUntil);
        }
    }

    /** Calls left this hour as DocuSign last reported them, minus those started since; empty before any response. */
    public synchronized OptionalLong hourlyRemaining() {
        return hourlyRemaining < 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, hourlyRemaining - startedSinceObserved));
    }

    /** Burst calls left as DocuSign last reported them; empty before any response. */
    public synchronized OptionalLong burstRemaining() {
        return burstRemaining < 0 ? OptionalLong.empty() : OptionalLong.of(burstRemaining);
    }

    /** How many times callers had to wait five seconds or more. */
    public synchronized long longWaits() {
        return waits;
    }

    // ------------------------------------------------------------------------------------------ pacing

    private Instant allowedAt(Purpose purpose, Instant now) {
        Instant at = pausedUntil;
        if (hourlyRemaining >= 0 && hourlyReset.isAfter(now)) {
            long kept = purpose == Purpose.SEND ? (long) Math.ceil(hourlyLimit * reserve) : 0;
            long available = hourlyRemaining - startedSinceObserved - kept;
            if (available <= 0) {
                at = later(at, hourlyReset.plus(RESET_MARGIN));
            } else {
                at = later(at, nextSlot);
            }
        }
        if (burstLimit > 0) {
            // A call counted here at t reaches DocuSign a little later, perhaps in its next window: keep a margin of
            // a fifth of the limit and of the window, so the sliding count also bounds DocuSign's fixed windows.
            Duration window = burstWindow.plus(burstWindow.dividedBy(5));
            long limit = Math.max(1, burstLimit - Math.max(1, burstLimit / 5));
            dropBefore(now.minus(window));
            if (recentCalls.size() >= limit) {
                at = later(at, recentCalls.peekFirst().plus(window));
            }
        }
        return at;
    }

    private void take(Purpose purpose, Instant now) {
        if (hourlyRemaining >= 0 && hourlyReset.isAfter(now)) {
            long kept = purpose == Purpose.SEND ? (long) Math.ceil(hourlyLimit * reserve) : 0;
            long available = Math.max(1, hourlyRemaining - startedSinceObserved - kept);
            if (hourlyRemaining - startedSinceObserved <= hourlyLimit * PACE_BELOW) {
                // the calls left, evenly over the time left: the budget lasts exactly until the reset
                Duration spacing = Duration.between(now, hourlyReset).dividedBy(available);
                nextSlot = later(nextSlot, now).plus(spacing);
            }
        }
        if (!hourlyReset.isAfter(now) && hourlyRemaining >= 0) {
            // the window DocuSign reported is over: its remaining count no longer applies
            hourlyRemaining = -1;
            nextSlot = Instant.MIN;
        }
        startedSinceObserved++;
        if (burstRemaining > 0) {
            burstRemaining--;
        }
        recentCalls.addLast(now);
    }

    private void dropBefore(Instant cutOff) {
        while (!recentCalls.isEmpty() && recentCalls.peekFirst().isBefore(cutOff)) {
            recentCalls.removeFirst();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static OptionalLong number(Map<String, ?> headers, String name) {
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && header.getValue() != null) {
                Object value = header.getValue();
                if (value instanceof Iterable<?> values) {
                    java.util.Iterator<?> first = values.iterator();
                    value = first.hasNext() ? first.next() : null;
                }
                try {
                    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.toString().trim()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
