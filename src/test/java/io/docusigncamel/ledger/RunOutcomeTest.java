package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.OutcomeLine;

class RunOutcomeTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private String url;
    private Ledger ledger;
    private long run;

    @BeforeEach
    void openLedger() {
        url = LedgerFiles.newFileUrl("outcomes");
        ledger = Ledger.open(url, null, null);
        run = ledger.beginRun("hires.csv", LedgerFiles.sha256(1), T0).id();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    /**
     * The lines are written in one batch straight into the table: a hundred thousand single-row commits would take
     * half a minute (the throughput benchmark measures those); what is tested here is the reading side.
     */
    @Test
    void streamsAHundredThousandLinesWrittenOutOfOrderInRowOrder() throws SQLException {
        int rows = 100_000;
        List<Integer> order = new ArrayList<>();
        for (int row = 1; row <= rows; row++) {
            order.add(row);
        }
        Collections.shuffle(order, new Random(42));
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO run_outcome"
                     + " (run_id, source_row, row_key, outcome, envelope_id, detail) VALUES (?, ?, ?, ?, ?, NULL)")) {
            connection.setAutoCommit(false);
            for (int row : order) {
                insert.setLong(1, run);
                insert.setInt(2, row);
                insert.setString(3, "K" + row);
                insert.setString(4, outcomeOf(row).label());
                insert.setString(5, "env-" + row);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        ledger.recordOutcome(run, 50_000, "K50000", outcomeOf(50_000), null, "replaced through the ledger");
        long otherRun = ledger.beginRun("other.csv", LedgerFiles.sha256(2), T0).id();
        ledger.recordOutcome(otherRun, 1, "OTHER", Outcome.SENT, "env-x", null);

        AtomicInteger count = new AtomicInteger();
        AtomicInteger previous = new AtomicInteger();
        ledger.forEachOutcome(run, line -> {
            assertThat(line.row()).isGreaterThan(previous.get());
            assertThat(line.rowKey()).isEqualTo("K" + line.row());
            assertThat(line.outcome()).isEqualTo(outcomeOf(line.row()));
            assertThat(line.detail()).isEqualTo(line.row() == 50_000 ? "replaced through the ledger" : null);
            previous.set(line.row());
            count.incrementAndGet();
        });

        assertThat(count.get()).isEqualTo(rows);
        assertThat(previous.get()).isEqualTo(rows);
        assertThat(ledger.countOutcomes(run)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Outcome.SENT, 25_000L, Outcome.DUPLICATE, 25_000L, Outcome.REJECTED, 25_000L, Outcome.FAILED, 25_000L));
    }

    @Test
    void reRecordingARowReplacesItsLine() {
        ledger.recordOutcome(run, 3, "EMP-3", Outcome.FAILED, null, "UNSPECIFIED_ERROR: try later");

        ledger.recordOutcome(run, 3, "EMP-3", Outcome.SENT, "env-3", null);

        assertThat(lines()).containsExactly(new OutcomeLine(3, "EMP-3", Outcome.SENT, "env-3", null));
        assertThat(ledger.countOutcomes(run)).containsEntry(Outcome.SENT, 1L).containsEntry(Outcome.FAILED, 0L);
    }

    @Test
    void keepsNullKeysEnvelopeIdsAndDetails() {
        ledger.recordOutcome(run, 7, null, Outcome.REJECTED, null, "row 7: Signer::Email \"bob@\" is not an e-mail address");
        ledger.recordOutcome(run, 8, "EMP-8", Outcome.SENT, "env-8", null);

        assertThat(lines()).containsExactly(
                new OutcomeLine(7, null, Outcome.REJECTED, null, "row 7: Signer::Email \"bob@\" is not an e-mail address"),
                new OutcomeLine(8, "EMP-8", Outcome.SENT, "env-8", null));
    }

    @Test
    void knowsWhichRowsHaveAnOutcome() {
        ledger.recordOutcome(run, 1, "EMP-1", Outcome.DUPLICATE, "env-0", "first sent from old.csv row 4");

        assertThat(ledger.hasOutcome(run, 1)).isTrue();
        assertThat(ledger.hasOutcome(run, 2)).isFalse();
    }

    @Test
    void cutsOverLongDetailsAndRejectedKeysWithAnEllipsis() {
        String detail = "x".repeat(9_000);
        String key = "k".repeat(5_000);

        ledger.recordOutcome(run, 1, key, Outcome.REJECTED, null, detail);

        OutcomeLine line = lines().get(0);
        assertThat(line.detail()).hasSize(Ledger.MAX_DETAIL_LENGTH).endsWith("x…");
        assertThat(line.rowKey()).hasSize(1000).endsWith("k…");
    }

    @Test
    void neverSplitsASurrogatePairWhenCutting() {
        String detail = "a".repeat(Ledger.MAX_DETAIL_LENGTH - 2) + "😀😀😀";

        ledger.recordOutcome(run, 1, null, Outcome.REJECTED, null, detail);

        assertThat(lines().get(0).detail()).isEqualTo("a".repeat(Ledger.MAX_DETAIL_LENGTH - 2) + "…");
    }

    @Test
    void countsEveryOutcomeOfAnEmptyRunAsZero() {
        assertThat(ledger.countOutcomes(run)).containsOnlyKeys(Outcome.values()).allSatisfy((o, n) -> assertThat(n).isZero());
    }

    @Test
    void refusesAnOutcomeForARunThatDoesNotExist() {
        assertThatThrownBy(() -> ledger.recordOutcome(987654, 1, "EMP-1", Outcome.SENT, "env-1", null))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("no run 987654");
    }

    @Test
    void anExceptionFromTheConsumerStopsTheStreamAndReachesTheCaller() {
        ledger.recordOutcome(run, 1, "A", Outcome.SENT, "env-1", null);
        ledger.recordOutcome(run, 2, "B", Outcome.SENT, "env-2", null);
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> ledger.forEachOutcome(run, line -> {
            seen.add(line.row());
            throw new IllegalStateException("disk full");
        })).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
        assertThat(seen).containsExactly(1);
        assertThat(lines()).hasSize(2);
    }

    private List<OutcomeLine> lines() {
        List<OutcomeLine> lines = new ArrayList<>();
        ledger.forEachOutcome(run, lines::add);
        return lines;
    }

    private static Outcome outcomeOf(int row) {
        return Outcome.values()[row % Outcome.values().length];
    }
}
