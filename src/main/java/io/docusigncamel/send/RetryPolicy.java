package io.docusigncamel.send;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt of one row, and when to give up: exponential backoff with full jitter
 * between an initial and a maximum delay (jitter keeps parallel rows from retrying in lock-step). Immutable.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} attempts (1-based). */
    public long backoffMillis(int attempt) {
        long ceiling = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(Math.max(ceiling, initialBackoff.toMillis()), maxBackoff.toMillis());
        if (capped <= 0) {
            return 0;
        }
        // full jitter, but never below half the delay: a retry storm is avoided and the wait stays meaningful
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }
}
