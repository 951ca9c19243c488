package io.docusigncamel.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger's versioned schema: the ordered list of migrations and the procedure that brings a database up to the
 * newest one, recording each applied version in {@code schema_version}.
 *
 * <p>Migrations are SQL scripts under {@code src/main/resources/ledger/}, each statement idempotent
 * ({@code IF NOT EXISTS}). A new version is a new script appended to {@link #MIGRATIONS}; a released script is
 * never edited.
 *
 * <p>Safe when several service instances start at once against one PostgreSQL database: every migrator first locks
 * the {@code schema_version} row of version 0 ({@code SELECT … FOR UPDATE}) and runs all pending migrations in that
 * same transaction (PostgreSQL's DDL is transactional), so the others wait and then find nothing left to do. H2
 * commits DDL implicitly, which releases that lock, and its {@code IF NOT EXISTS} is not atomic between sessions
 * (two concurrent {@code CREATE INDEX IF NOT EXISTS} fail with "object already exists"); an embedded H2 file belongs
 * to one process, so migrations are also serialized within the JVM. A crash halfway through a migration leaves its
 * version unrecorded, and its idempotent statements run again at the next start. Thread-safe.
 */
final class LedgerSchema {

    /** A script to apply, in version order. */
    record Migration(int version, String description, String resource) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "file runs, row-key claims, run outcomes", "ledger/V1__file_runs_row_claims_outcomes.sql"),
            new Migration(2, "envelope tracking: statuses, events, Connect messages, poll checkpoint",
                    "ledger/V2__envelope_tracking.sql"));

    static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private static final ReentrantLock MIGRATING_IN_THIS_JVM = new ReentrantLock();
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DUPLICATE_TABLE = "42P07";

    private LedgerSchema() {
    }

    /** Creates or upgrades the schema; returns the version the database is at afterwards. */
    static int migrate(Connection connection, Instant now) throws SQLException {
        MIGRATING_IN_THIS_JVM.lock();
        try {
            return migrateLocked(connection, now);
        } finally {
            MIGRATING_IN_THIS_JVM.unlock();
        }
    }

    private static int migrateLocked(Connection connection, Instant now) throws SQLException {
        createVersionTable(connection, now);
        connection.setAutoCommit(false);
        try {
            lockVersions(connection);
            Set<Integer> applied = appliedVersions(connection);
            int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
            if (newest > CURRENT_VERSION) {
                throw new LedgerException("The ledger database is at schema version " + newest
                        + ", newer than this service understands (" + CURRENT_VERSION
                        + "); run the newer service version, or point " + LedgerException.URL_PROPERTY
                        + " at another database");
            }
            for (Migration migration : MIGRATIONS) {
                if (!applied.contains(migration.version())) {
                    apply(connection, migration, now);
                }
            }
            connection.commit();
            return CURRENT_VERSION;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The highest version recorded, 0 for none. */
    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            result.next();
            return result.getInt(1);
        }
    }

    /**
     * The version table and its row 0, the lock every migrator takes. Two PostgreSQL instances creating the table at
     * the same instant can collide in the catalog even with IF NOT EXISTS (unique violation or duplicate table):
     * the loser tries again and then finds the table.
     */
    private static void createVersionTable(Connection connection, Instant now) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + " version INTEGER PRIMARY KEY,"
                        + " description VARCHAR(200) NOT NULL,"
                        + " applied_at BIGINT NOT NULL)");
                insertVersion(connection, 0, "schema_version created; this row is the migration lock", now);
                return;
            } catch (SQLException e) {
                boolean race = UNIQUE_VIOLATION.equals(e.getSQLState()) || DUPLICATE_TABLE.equals(e.getSQLState());
                if (!race || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void lockVersions(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT version FROM schema_version WHERE version = 0 FOR UPDATE")) {
            if (!result.next()) {
                throw new SQLException("schema_version has no row 0 to lock", "55000");
            }
        }
    }

    private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> versions = new TreeSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT version FROM schema_version WHERE version > 0")) {
            while (result.next()) {
                versions.add(result.getInt(1));
            }
        }
        return versions;
    }

    private static void apply(Connection connection, Migration migration, Instant now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(migration.resource())) {
                statement.execute(sql);
            }
        }
        insertVersion(connection, migration.version(), migration.description(), now);
    }

    /**
     * Inserts a version row unless it exists. A unique violation means another migrator recorded it first, which the
     * lock rules out on PostgreSQL (where it would abort the transaction) and which H2's implicit DDL commits allow.
     */
    private static void insertVersion(Connection connection, int version, String description, Instant now)
            throws SQLException {
        if (versionExists(connection, version)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, description);
            insert.setLong(3, now.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static boolean versionExists(Connection connection, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
            select.setInt(1, version);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /** The statements of a script: split at semicolons ending a line, "--" comment lines dropped. */
    static List<String> statements(String resource) {
        String script;
        try (InputStream in = LedgerSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("ledger migration script " + resource + " is missing from the jar");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger migration script " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("ledger migration script " + resource + " ends without a semicolon");
        }
        return statements;
    }
}
