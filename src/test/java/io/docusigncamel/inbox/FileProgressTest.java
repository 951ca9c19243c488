package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FileProgressTest {

    /** A clock that moves only when told. */
    private static final class SteppedClock extends Clock {
        private volatile Instant now = Instant.parse("2025-01-06T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void reportsRowsRateAndTimeLeftOncePerInterval() {
        SteppedClock clock = new SteppedClock();
        FileProgress progress = new FileProgress(OptionalLong.of(10_000), Duration.ofSeconds(10), clock);
        for (int i = 0; i < 1_200; i++) {
            progress.rowDone();
        }
        assertThat(progress.reportIfDue()).isEmpty();

        clock.advance(Duration.ofSeconds(30));

        assertThat(progress.reportIfDue()).contains("1,200 of 10,000 rows (12%), 40.0 rows/s, about 3m 40s left");
        assertThat(progress.reportIfDue()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(progress.reportIfDue()).isPresent();
    }

    @Test
    void reportsWithoutEstimateWhenTheTotalIsUnknown() {
        SteppedClock clock = new SteppedClock();
        FileProgress progress = new FileProgress(OptionalLong.empty(), Duration.ofSeconds(10), clock);
        progress.rowDone();
        progress.rowDone();
        clock.advance(Duration.ofSeconds(10));

        assertThat(progress.reportIfDue()).contains("2 rows, 0.2 rows/s");
    }

    @Test
    void givesTheDueReportToOneOfManyThreadsAndCountsEveryRow() throws Exception {
        SteppedClock clock = new SteppedClock();
        FileProgress progress = new FileProgress(OptionalLong.empty(), Duration.ofSeconds(10), clock);
        clock.advance(Duration.ofSeconds(11));
        List<Optional<String>> reports = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        progress.rowDone();
                    }
                    reports.add(progress.reportIfDue());
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(progress.rowsDone()).isEqualTo(8_000);
        assertThat(reports).hasSize(8);
        assertThat(reports.stream().filter(Optional::isPresent)).hasSize(1);
    }
}
