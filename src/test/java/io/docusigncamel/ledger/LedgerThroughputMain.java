package io.docusigncamel.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows per second through the ledger as the send route drives it: claim, markSent, recordOutcome per row, on an H2
 * file under {@code target/}, with T threads. Not a test; run by hand:
 *
 * <pre>
 * mvn -B -o -q test-compile
 * java -cp "target/test-classes:target/classes:$(mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.docusigncamel.ledger.LedgerThroughputMain 100000 8 [jdbc-url]
 * </pre>
 */
public final class LedgerThroughputMain {

    private LedgerThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String url = args.length > 2 ? args[2]
                : "jdbc:h2:file:" + Path.of("target", "ledger-bench", "ledger-" + System.nanoTime()).toAbsolutePath();
        Instant now = Instant.now();
        try (Ledger ledger = Ledger.open(url, null, null)) {
            long run = ledger.beginRun("bench.csv", LedgerFiles.sha256((int) System.nanoTime()), now).id();
            String keyPrefix = "BENCH-" + run + "-";
            AtomicInteger nextRow = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int row = nextRow.incrementAndGet(); row <= rows; row = nextRow.incrementAndGet()) {
                        String key = keyPrefix + row;
                        ledger.claim(key, run, "bench.csv", row, now);
                        ledger.markSent(key, "00000000-0000-0000-0000-" + String.format("%012d", row), now);
                        ledger.recordOutcome(run, row, key, Outcome.SENT,
                                "00000000-0000-0000-0000-" + String.format("%012d", row), null);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long streamStart = System.nanoTime();
            AtomicInteger streamed = new AtomicInteger();
            ledger.forEachOutcome(run, line -> streamed.incrementAndGet());
            double streamSeconds = (System.nanoTime() - streamStart) / 1e9;
            System.out.printf("%d rows, %d threads: %.0f rows/s (claim + markSent + recordOutcome, %.1f s); "
                            + "streamed %d outcomes at %.0f lines/s%n",
                    rows, threads, rows / seconds, seconds, streamed.get(), streamed.get() / streamSeconds);
        }
    }
}
