package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.Claim.Kind;

/** Many send threads, one ledger: the database, not luck, decides who owns a key. */
class RowClaimConcurrencyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final int THREADS = 16;
    private static final int KEYS = 1_000;

    private Ledger ledger;
    private ExecutorService pool;

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(LedgerFiles.newFileUrl("concurrency"), null, null);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void closeLedger() {
        pool.shutdownNow();
        ledger.close();
    }

    @Test
    void sixteenRunsClaimingTheSameThousandKeysClaimEachExactlyOnce() throws Exception {
        long[] runs = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            runs[t] = ledger.beginRun("file-" + t + ".csv", LedgerFiles.sha256(t), T0).id();
        }
        Map<String, AtomicInteger> claimedPerKey = new ConcurrentHashMap<>();
        Map<Kind, AtomicInteger> kinds = new ConcurrentHashMap<>();

        runConcurrently(t -> {
            for (int k = 0; k < KEYS; k++) {
                // Each thread walks the keys from a different start so that contention is spread over the keys.
                String key = "EMP-" + ((k + t * 61) % KEYS);
                Kind kind = ledger.claim(key, runs[t], "file-" + t + ".csv", k + 1, T0).kind();
                kinds.computeIfAbsent(kind, x -> new AtomicInteger()).incrementAndGet();
                if (kind == Kind.CLAIMED) {
                    claimedPerKey.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                }
            }
        });

        assertThat(claimedPerKey).hasSize(KEYS);
        assertThat(claimedPerKey.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(kinds.get(Kind.CLAIMED).get()).isEqualTo(KEYS);
        assertThat(kinds.get(Kind.PENDING_UNCERTAIN).get()).isEqualTo(KEYS * (THREADS - 1));
        assertThat(ledger.pendingRows()).hasSize(KEYS);
    }

    @Test
    void sixteenRowsOfOneRunWithTheSameKeysClaimEachOnceAndSeeDuplicatesInTheFile() throws Exception {
        long run = ledger.beginRun("one.csv", LedgerFiles.sha256(1), T0).id();
        Map<Kind, AtomicInteger> kinds = new ConcurrentHashMap<>();

        runConcurrently(t -> {
            for (int k = 0; k < KEYS; k++) {
                // Thread t plays rows t*KEYS + k: the same key appears on 16 different rows of one file.
                Kind kind = ledger.claim("EMP-" + k, run, "one.csv", t * KEYS + k + 1, T0).kind();
                kinds.computeIfAbsent(kind, x -> new AtomicInteger()).incrementAndGet();
            }
        });

        assertThat(kinds).containsOnlyKeys(Kind.CLAIMED, Kind.DUPLICATE_IN_FILE);
        assertThat(kinds.get(Kind.CLAIMED).get()).isEqualTo(KEYS);
        assertThat(kinds.get(Kind.DUPLICATE_IN_FILE).get()).isEqualTo(KEYS * (THREADS - 1));
    }

    @Test
    void sixteenRunsRetryingOneFailedKeyLetExactlyOneOfThemSendIt() throws Exception {
        long first = ledger.beginRun("first.csv", LedgerFiles.sha256(99), T0).id();
        ledger.claim("EMP-1", first, "first.csv", 1, T0);
        ledger.markFailed("EMP-1", "UNSPECIFIED_ERROR", "try later", T0);
        long[] runs = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            runs[t] = ledger.beginRun("retry-" + t + ".csv", LedgerFiles.sha256(t), T0).id();
        }
        Map<Kind, AtomicInteger> kinds = new EnumMap<>(Kind.class);

        List<Kind> answers = callConcurrently(t -> ledger.claim("EMP-1", runs[t], "retry-" + t + ".csv", 1,
                T0.plusSeconds(1)).kind());
        answers.forEach(kind -> kinds.computeIfAbsent(kind, x -> new AtomicInteger()).incrementAndGet());

        assertThat(kinds.get(Kind.CLAIMED).get()).isEqualTo(1);
        assertThat(kinds.get(Kind.PENDING_UNCERTAIN).get()).isEqualTo(THREADS - 1);
    }

    @Test
    void concurrentSendsAndOutcomesOfDistinctRowsAreAllRecorded() throws Exception {
        long run = ledger.beginRun("big.csv", LedgerFiles.sha256(5), T0).id();
        int rowsPerThread = 250;

        runConcurrently(t -> {
            for (int i = 0; i < rowsPerThread; i++) {
                int row = t * rowsPerThread + i + 1;
                String key = "EMP-" + row;
                assertThat(ledger.claim(key, run, "big.csv", row, T0).kind()).isEqualTo(Kind.CLAIMED);
                ledger.markSent(key, "env-" + row, T0);
                ledger.recordOutcome(run, row, key, Outcome.SENT, "env-" + row, null);
            }
        });

        int rows = THREADS * rowsPerThread;
        assertThat(ledger.countOutcomes(run)).containsEntry(Outcome.SENT, (long) rows);
        assertThat(ledger.pendingRows()).isEmpty();
        List<Integer> seen = new ArrayList<>();
        ledger.forEachOutcome(run, line -> {
            assertThat(line.envelopeId()).isEqualTo("env-" + line.row());
            assertThat(ledger.row(line.rowKey()).orElseThrow().envelopeId()).contains(line.envelopeId());
            seen.add(line.row());
        });
        assertThat(seen).hasSize(rows).isSorted();
    }

    /** Work for thread number {@code t}, which may throw. */
    @FunctionalInterface
    private interface ThreadWork {
        void run(int t) throws Exception;
    }

    @FunctionalInterface
    private interface ThreadCall<T> {
        T call(int t) throws Exception;
    }

    private void runConcurrently(ThreadWork work) throws Exception {
        callConcurrently(t -> {
            work.run(t);
            return null;
        });
    }

    /** Starts all threads together (a latch, so they contend) and returns each thread's answer. */
    private <T> List<T> callConcurrently(ThreadCall<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<T> task = () -> {
                start.await();
                return call.call(thread);
            };
            futures.add(pool.submit(task));
        }
        start.countDown();
        List<T> answers = new ArrayList<>();
        for (Future<T> future : futures) {
            answers.add(future.get(120, TimeUnit.SECONDS));
        }
        return answers;
    }
}
