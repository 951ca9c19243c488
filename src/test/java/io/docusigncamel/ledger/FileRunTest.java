package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.FileRun;

class FileRunTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String HASH = LedgerFiles.sha256(7);

    private Ledger ledger;

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(LedgerFiles.newFileUrl("runs"), null, null);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void beginsANewRunForAFileNeverSeen() {
        FileRun run = ledger.beginRun("hires.csv", HASH, T0);

        assertThat(run.resumed()).isFalse();
        assertThat(run.fileName()).isEqualTo("hires.csv");
        assertThat(run.contentSha256()).isEqualTo(HASH);
        assertThat(run.startedAt()).isEqualTo(T0);
        assertThat(run.finishedAt()).isEmpty();
        assertThat(ledger.run(run.id())).contains(run);
    }

    @Test
    void resumesTheUnfinishedRunOfTheSameNameAndContent() {
        FileRun first = ledger.beginRun("hires.csv", HASH, T0);

        FileRun again = ledger.beginRun("hires.csv", HASH, T0.plusSeconds(60));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.resumed()).isTrue();
        assertThat(again.startedAt()).isEqualTo(T0);
        assertThat(ledger.run(first.id())).get().extracting(FileRun::resumed).isEqualTo(true);
    }

    @Test
    void beginsANewRunWhenTheSameFileIsDroppedAfterItsRunFinished() {
        FileRun first = ledger.beginRun("hires.csv", HASH, T0);
        ledger.finishRun(first.id(), T0.plusSeconds(5));

        FileRun second = ledger.beginRun("hires.csv", HASH, T0.plusSeconds(60));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.resumed()).isFalse();
        assertThat(ledger.run(first.id())).get().extracting(FileRun::finishedAt)
                .isEqualTo(java.util.Optional.of(T0.plusSeconds(5)));
    }

    @Test
    void aDifferentNameOrContentIsADifferentRun() {
        FileRun run = ledger.beginRun("hires.csv", HASH, T0);

        assertThat(ledger.beginRun("hires-2.csv", HASH, T0).id()).isNotEqualTo(run.id());
        assertThat(ledger.beginRun("hires.csv", LedgerFiles.sha256(8), T0).id()).isNotEqualTo(run.id());
    }

    @Test
    void treatsAnUpperCaseHashAsTheSameContent() {
        FileRun run = ledger.beginRun("hires.csv", HASH, T0);

        assertThat(ledger.beginRun("hires.csv", HASH.toUpperCase(), T0).id()).isEqualTo(run.id());
    }

    @Test
    void finishingTwiceKeepsTheFirstFinishTime() {
        FileRun run = ledger.beginRun("hires.csv", HASH, T0);
        ledger.finishRun(run.id(), T0.plusSeconds(1));
        ledger.finishRun(run.id(), T0.plusSeconds(2));

        assertThat(ledger.run(run.id()).orElseThrow().finishedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    void refusesToFinishARunThatDoesNotExist() {
        assertThatThrownBy(() -> ledger.finishRun(424242, T0))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("no run 424242");
        assertThat(ledger.run(424242)).isEmpty();
    }

    @Test
    void rejectsAHashThatIsNotSha256Hex() {
        assertThatThrownBy(() -> ledger.beginRun("hires.csv", "abc", T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
    }

    @Test
    void concurrentBeginsOfOneFileShareOneRun() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<FileRun>> begun = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                begun.add(pool.submit(() -> {
                    start.await();
                    return ledger.beginRun("hires.csv", HASH, T0);
                }));
            }
            start.countDown();
            List<FileRun> runs = new ArrayList<>();
            for (Future<FileRun> future : begun) {
                runs.add(future.get(30, TimeUnit.SECONDS));
            }

            Set<Long> ids = runs.stream().map(FileRun::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            assertThat(runs).filteredOn(run -> !run.resumed()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
