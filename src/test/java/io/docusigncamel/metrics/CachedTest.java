package io.docusigncamel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedTest {

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean failing;

    private final Cached<Integer> cached = new Cached<>("reading", () -> {
        if (failing) {
            throw new IllegalStateException("database away");
        }
        return reads.incrementAndGet();
    }, Duration.ofSeconds(5), clock);

    @Test
    void readsAtMostOncePerTtl() {
        assertThat(cached.get()).contains(1);
        clock.advance(Duration.ofSeconds(4));
        assertThat(cached.get()).contains(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cached.get()).contains(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadKeepsTheLastValueAndIsRetriedAfterTheTtl() {
        failing = true;
        assertThat(cached.get()).isEmpty();
        failing = false;
        assertThat(cached.get()).as("not retried before the ttl").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(cached.get()).contains(1);
        failing = true;
        clock.advance(Duration.ofSeconds(5));
        assertThat(cached.get()).contains(1);
        failing = false;
        clock.advance(Duration.ofSeconds(5));
        assertThat(cached.get()).contains(2);
    }
}
