package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import io.docusigncamel.ledger.Ledger.OutcomeLine;

/** The SQL of the {@code run_outcome} table. Stateless; each method runs on the connection it is given. */
final class RunOutcomeTable {

    /** Rows fetched per round trip while streaming; bounds the memory a results file needs. */
    static final int FETCH_SIZE = 1000;

    private RunOutcomeTable() {
    }

    /**
     * Inserts the line, or replaces it if the row has one. Insert first because nearly every line is new; the
     * replacement path is for resumed runs, and a concurrent insert of the same row simply loses to the update.
     */
    static void record(Connection connection, long runId, int row, String rowKey, Outcome outcome, String envelopeId,
                       String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO run_outcome (run_id, source_row, row_key, outcome, envelope_id, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setInt(2, row);
            insert.setString(3, rowKey);
            insert.setString(4, outcome.label());
            insert.setString(5, envelopeId);
            insert.setString(6, detail);
            insert.executeUpdate();
            return;
        } catch (SQLException e) {
            if (!Ledger.isUniqueViolation(e)) {
                throw e;
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE run_outcome SET row_key = ?, outcome = ?, envelope_id = ?, detail = ?"
                        + " WHERE run_id = ? AND source_row = ?")) {
            update.setString(1, rowKey);
            update.setString(2, outcome.label());
            update.setString(3, envelopeId);
            update.setString(4, detail);
            update.setLong(5, runId);
            update.setInt(6, row);
            update.executeUpdate();
        }
    }

    static boolean exists(Connection connection, long runId, int row) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM run_outcome WHERE run_id = ? AND source_row = ?")) {
            select.setLong(1, runId);
            select.setInt(2, row);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * Streams the lines in row order. PostgreSQL honours the fetch size only outside auto-commit, hence the
     * read-only transaction; H2 keeps a large result in a temporary file rather than in memory. The primary key
     * (run_id, source_row) delivers the order without a sort.
     */
    static void forEach(Connection connection, long runId, Consumer<OutcomeLine> action) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT source_row, row_key, outcome, envelope_id, detail FROM run_outcome"
                        + " WHERE run_id = ? ORDER BY source_row")) {
            select.setFetchSize(FETCH_SIZE);
            select.setLong(1, runId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    action.accept(new OutcomeLine(result.getInt(1), result.getString(2),
                            Outcome.fromLabel(result.getString(3)), result.getString(4), result.getString(5)));
                }
            }
            connection.commit();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** A count for every outcome, zero included. */
    static Map<Outcome, Long> count(Connection connection, long runId) throws SQLException {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT outcome, COUNT(*) FROM run_outcome WHERE run_id = ? GROUP BY outcome")) {
            select.setLong(1, runId);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    counts.put(Outcome.fromLabel(result.getString(1)), result.getLong(2));
                }
            }
        }
        return counts;
    }

    /** A count for every outcome over all runs, zero included. */
    static Map<Outcome, Long> countAll(Connection connection) throws SQLException {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT outcome, COUNT(*) FROM run_outcome GROUP BY outcome");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                counts.put(Outcome.fromLabel(result.getString(1)), result.getLong(2));
            }
        }
        return counts;
    }
}
