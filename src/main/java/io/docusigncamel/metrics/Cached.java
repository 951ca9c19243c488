package io.docusigncamel.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read at most once per {@code ttl} (a ledger query behind a gauge: a scrape, or several scrapers, must not
 * turn into a query per meter per scrape). A failed read keeps the last value (empty before the first success), is
 * retried after the same {@code ttl}, and is logged once until a read succeeds again. Thread-safe; concurrent
 * readers of an expired value may both read (harmless, and no lock is held during the read).
 */
final class Cached<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Cached.class);

    private record Entry<T>(Optional<T> value, Instant readAt) {
    }

    private final String what;
    private final Supplier<T> read;
    private final Duration ttl;
    private final Clock clock;
    private volatile Entry<T> entry;
    private volatile boolean failing;

    Cached(String what, Supplier<T> read, Duration ttl, Clock clock) {
        this.what = Objects.requireNonNull(what, "what");
        this.read = Objects.requireNonNull(read, "read");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The value, read now if the last read is older than {@code ttl}; empty while it could never be read. */
    Optional<T> get() {
        Instant now = clock.instant();
        Entry<T> current = entry;
        if (current != null && now.isBefore(current.readAt().plus(ttl))) {
            return current.value();
        }
        Optional<T> previous = current == null ? Optional.empty() : current.value();
        try {
            Optional<T> value = Optional.ofNullable(read.get());
            entry = new Entry<>(value, now);
            failing = false;
            return value;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Metrics: {} failed; the metric keeps its last value until it works again: {}", what, e.getMessage());
                failing = true;
            }
            entry = new Entry<>(previous, now);
            return previous;
        }
    }
}
