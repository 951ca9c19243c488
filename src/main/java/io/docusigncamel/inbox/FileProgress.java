package io.docusigncamel.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of one file's rows for log lines: counts rows as they finish (from any thread), says when a progress line
 * is due (every {@code interval}, to at most one caller per interval), and formats rows done, rate and, when the total
 * is known, the estimated time left. Thread-safe (atomics only).
 */
public final class FileProgress {

    private final OptionalLong totalRows;
    private final Duration interval;
    private final Clock clock;
    private final long startMillis;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong nextReportMillis;

    /**
     * @param totalRows the file's row count when known (e.g. from a first pass), else empty
     * @param interval  how often a progress line is due
     */
    public FileProgress(OptionalLong totalRows, Duration interval, Clock clock) {
        this.totalRows = totalRows;
        this.interval = interval;
        this.clock = clock;
        this.startMillis = clock.millis();
        this.nextReportMillis = new AtomicLong(startMillis + interval.toMillis());
    }

    /** Counts one finished row; returns the number of rows done so far. */
    public long rowDone() {
        return done.incrementAndGet();
    }

    public long rowsDone() {
        return done.get();
    }

    /**
     * The progress line if one is due now; exactly one of several concurrent callers gets it, the others get empty.
     */
    public Optional<String> reportIfDue() {
        long now = clock.millis();
        long due = nextReportMillis.get();
        if (now < due || !nextReportMillis.compareAndSet(due, now + interval.toMillis())) {
            return Optional.empty();
        }
        return Optional.of(describe());
    }

    /** "1,200 of 10,000 rows (12%), 40.0 rows/s, about 3m 40s left" (without total: "1,200 rows, 40.0 rows/s"). */
    public String describe() {
        long rows = done.get();
        long elapsedMillis = Math.max(1, clock.millis() - startMillis);
        double rate = rows * 1000.0 / elapsedMillis;
        StringBuilder text = new StringBuilder(FilePreScan.number(rows));
        if (totalRows.isPresent()) {
            long total = totalRows.getAsLong();
            text.append(" of ").append(FilePreScan.number(total)).append(" rows");
            if (total > 0) {
                text.append(" (").append(rows * 100 / total).append("%)");
            }
        } else {
            text.append(" rows");
        }
        text.append(", ").append(String.format(Locale.ROOT, "%.1f", rate)).append(" rows/s");
        if (totalRows.isPresent() && rate > 0 && rows < totalRows.getAsLong()) {
            long secondsLeft = Math.round((totalRows.getAsLong() - rows) / rate);
            text.append(", about ").append(duration(secondsLeft)).append(" left");
        }
        return text.toString();
    }

    private static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}
