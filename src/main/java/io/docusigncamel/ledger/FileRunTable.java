package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

import io.docusigncamel.ledger.Ledger.FileRun;

/** The SQL of the {@code file_run} table. Stateless; each method runs on the connection it is given. */
final class FileRunTable {

    private static final String COLUMNS = "id, file_name, content_sha256, started_at, finished_at, begun_count";

    private FileRunTable() {
    }

    /**
     * Resumes the unfinished run of this file, else starts one. The unique constraint on (hash, name, unfinished)
     * decides between two instances beginning the same file at once: the loser's insert fails and it resumes the
     * winner's run.
     */
    static FileRun begin(Connection connection, String fileName, String sha256, Instant now) throws SQLException {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Optional<FileRun> unfinished = findUnfinished(connection, fileName, sha256);
            if (unfinished.isPresent()) {
                FileRun run = unfinished.get();
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE file_run SET begun_count = begun_count + 1 WHERE id = ? AND unfinished = 1")) {
                    update.setLong(1, run.id());
                    if (update.executeUpdate() == 0) {
                        // Finished between the select and the update: the next attempt starts a new run.
                        continue;
                    }
                }
                return new FileRun(run.id(), run.fileName(), run.contentSha256(), run.startedAt(), run.finishedAt(),
                        true);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO file_run (file_name, content_sha256, started_at, begun_count, unfinished)"
                            + " VALUES (?, ?, ?, 1, 1)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, fileName);
                insert.setString(2, sha256);
                insert.setLong(3, now.toEpochMilli());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    // Column 1 on both drivers: H2 returns the identity, PostgreSQL every column, id first.
                    long id = keys.getLong(1);
                    return new FileRun(id, fileName, sha256, Instant.ofEpochMilli(now.toEpochMilli()),
                            Optional.empty(), false);
                }
            } catch (SQLException e) {
                if (!Ledger.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
        throw new SQLException("the run of " + fileName + " kept changing under concurrent starts", "40001");
    }

    /** Marks the run finished; false if there is no such run. Finishing a finished run changes nothing. */
    static boolean finish(Connection connection, long runId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE file_run SET finished_at = ?, unfinished = NULL WHERE id = ? AND finished_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setLong(2, runId);
            if (update.executeUpdate() == 1) {
                return true;
            }
        }
        return find(connection, runId).isPresent();
    }

    static Optional<FileRun> find(Connection connection, long runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM file_run WHERE id = ?")) {
            select.setLong(1, runId);
            return single(select);
        }
    }

    private static Optional<FileRun> findUnfinished(Connection connection, String fileName, String sha256)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM file_run WHERE content_sha256 = ? AND file_name = ? AND unfinished = 1")) {
            select.setString(1, sha256);
            select.setString(2, fileName);
            return single(select);
        }
    }

    private static Optional<FileRun> single(PreparedStatement select) throws SQLException {
        try (ResultSet result = select.executeQuery()) {
            if (!result.next()) {
                return Optional.empty();
            }
            long finishedAt = result.getLong(5);
            Optional<Instant> finished = result.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finishedAt));
            return Optional.of(new FileRun(result.getLong(1), result.getString(2), result.getString(3),
                    Instant.ofEpochMilli(result.getLong(4)), finished, result.getInt(6) > 1));
        }
    }
}
