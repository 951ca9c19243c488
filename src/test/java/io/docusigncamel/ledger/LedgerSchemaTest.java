package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LedgerSchemaTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void createsEveryTableAndRecordsTheVersionOnFirstOpen() throws SQLException {
        String url = LedgerFiles.newFileUrl("schema-first");
        try (Ledger ledger = Ledger.open(url, null, null)) {
            assertThat(ledger.schemaVersion()).isEqualTo(LedgerSchema.CURRENT_VERSION).isEqualTo(2);
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(tables(connection)).contains("SCHEMA_VERSION", "FILE_RUN", "ROW_CLAIM", "RUN_OUTCOME",
                    "TRACKED_ENVELOPE", "STATUS_EVENT", "CONNECT_MESSAGE", "POLL_CHECKPOINT");
            assertThat(versions(connection)).containsExactly(0, 1, 2);
        }
    }

    @Test
    void reopeningChangesNothingAndSeesTheDataWrittenBefore() throws SQLException {
        String url = LedgerFiles.newFileUrl("schema-reopen");
        long runId;
        try (Ledger ledger = Ledger.open(url, null, null)) {
            runId = ledger.beginRun("hires.csv", LedgerFiles.sha256(1), T0).id();
            ledger.claim("EMP-1", runId, "hires.csv", 1, T0);
            ledger.markSent("EMP-1", "env-1", T0);
            ledger.recordOutcome(runId, 1, "EMP-1", Outcome.SENT, "env-1", null);
        }
        List<String> appliedBefore;
        try (Connection connection = DriverManager.getConnection(url)) {
            appliedBefore = versionRows(connection);
        }
        try (Ledger ledger = Ledger.open(url, null, null)) {
            assertThat(ledger.schemaVersion()).isEqualTo(2);
            assertThat(ledger.row("EMP-1")).get().satisfies(row -> {
                assertThat(row.isSent()).isTrue();
                assertThat(row.envelopeId()).contains("env-1");
            });
            assertThat(ledger.run(runId)).get().extracting(Ledger.FileRun::fileName).isEqualTo("hires.csv");
            assertThat(ledger.hasOutcome(runId, 1)).isTrue();
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(versionRows(connection)).isEqualTo(appliedBefore);
        }
    }

    @Test
    void instancesOpeningTheSameDatabaseAtOnceMigrateItOnce() throws Exception {
        String url = LedgerFiles.newFileUrl("schema-concurrent");
        int instances = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<Ledger>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return Ledger.open(url, null, null);
                }));
            }
            start.countDown();
            List<Ledger> ledgers = new ArrayList<>();
            for (Future<Ledger> future : opened) {
                ledgers.add(future.get(60, TimeUnit.SECONDS));
            }
            assertThat(ledgers).allSatisfy(ledger -> assertThat(ledger.schemaVersion()).isEqualTo(2));
            try (Connection connection = DriverManager.getConnection(url)) {
                assertThat(versions(connection)).containsExactly(0, 1, 2);
            }
            ledgers.forEach(Ledger::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesADatabaseMigratedByANewerService() throws SQLException {
        String url = LedgerFiles.newFileUrl("schema-newer");
        Ledger.open(url, null, null).close();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_version VALUES (99, 'from the future', 0)");
        }
        assertThatThrownBy(() -> Ledger.open(url, null, null))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("ledger.jdbc-url");
    }

    @Test
    void splitsScriptsIntoStatementsWithoutComments() {
        List<String> statements = LedgerSchema.statements(LedgerSchema.MIGRATIONS.get(0).resource());

        assertThat(statements).hasSize(4);
        assertThat(statements).allSatisfy(sql -> {
            assertThat(sql).doesNotContain("--").doesNotEndWith(";");
            assertThat(sql).containsPattern("^CREATE (TABLE|INDEX) IF NOT EXISTS ");
        });
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet result = connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (result.next()) {
                names.add(result.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static List<Integer> versions(Connection connection) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (result.next()) {
                versions.add(result.getInt(1));
            }
        }
        return versions;
    }

    private static List<String> versionRows(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT version, description, applied_at FROM schema_version ORDER BY version")) {
            while (result.next()) {
                rows.add(result.getInt(1) + "|" + result.getString(2) + "|" + result.getLong(3));
            }
        }
        return rows;
    }
}
