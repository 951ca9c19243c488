package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.docusigncamel.ledger.Ledger.Claim;
import io.docusigncamel.ledger.Ledger.RowRecord;

/**
 * The SQL of the {@code row_claim} table. Every method is a sequence of single auto-committed statements, each
 * atomic on its own: a new key is claimed by an INSERT that the primary key lets only one caller win, and every
 * state change is an UPDATE conditioned on the state it changes from. No method reads and then writes without such
 * a condition, so concurrent callers, in one process or in several, cannot both win a key. Stateless.
 */
final class RowClaimTable {

    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String FAILED = "failed";

    private static final String COLUMNS = "row_key, state, envelope_id, source_file, source_row, run_id,"
            + " created_at, updated_at, attempts, error_code, error_message";

    private RowClaimTable() {
    }

    static Claim claim(Connection connection, String rowKey, long runId, String sourceFile, int row, Instant now)
            throws SQLException {
        // Each pass either decides or saw the record change under it (a rolled-back claim, a lost retry race).
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (insertPending(connection, rowKey, runId, sourceFile, row, now)) {
                return new Claim(Claim.Kind.CLAIMED, Optional.empty());
            }
            Optional<RowRecord> found = find(connection, rowKey);
            if (found.isEmpty()) {
                continue;
            }
            RowRecord existing = found.get();
            Claim.Kind kind = classify(existing, runId, row);
            if (kind != Claim.Kind.CLAIMED) {
                return new Claim(kind, found);
            }
            if (reclaimFailed(connection, existing, runId, sourceFile, row, now)) {
                return new Claim(Claim.Kind.CLAIMED, found);
            }
        }
        throw new SQLException("row key " + rowKey + " kept changing under concurrent claims", "40001");
    }

    /** What an existing record means to row {@code row} of run {@code runId}; CLAIMED for a failed key to retry. */
    private static Claim.Kind classify(RowRecord existing, long runId, int row) {
        boolean sameRun = existing.runId() == runId;
        if (sameRun && existing.row() != row) {
            return Claim.Kind.DUPLICATE_IN_FILE;
        }
        return switch (existing.state()) {
            case SENT -> sameRun ? Claim.Kind.ALREADY_SENT : Claim.Kind.DUPLICATE;
            case PENDING -> Claim.Kind.PENDING_UNCERTAIN;
            case FAILED -> sameRun ? Claim.Kind.ALREADY_FAILED : Claim.Kind.CLAIMED;
            default -> throw new IllegalStateException("unknown row_claim state " + existing.state());
        };
    }

    private static boolean insertPending(Connection connection, String rowKey, long runId, String sourceFile, int row,
                                         Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO row_claim (row_key, state, source_file, source_row, run_id, created_at, updated_at,"
                        + " attempts) VALUES (?, 'pending', ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, rowKey);
            insert.setString(2, sourceFile);
            insert.setInt(3, row);
            insert.setLong(4, runId);
            insert.setLong(5, now.toEpochMilli());
            insert.setLong(6, now.toEpochMilli());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Ledger.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Failed → pending for this run, only if the record is still the failed one we looked at. */
    private static boolean reclaimFailed(Connection connection, RowRecord failed, long runId, String sourceFile,
                                         int row, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE row_claim SET state = 'pending', envelope_id = NULL, source_file = ?, source_row = ?,"
                        + " run_id = ?, created_at = ?, updated_at = ?, attempts = 0, error_code = NULL,"
                        + " error_message = NULL"
                        + " WHERE row_key = ? AND state = 'failed' AND run_id = ? AND source_row = ? AND updated_at = ?")) {
            update.setString(1, sourceFile);
            update.setInt(2, row);
            update.setLong(3, runId);
            update.setLong(4, now.toEpochMilli());
            update.setLong(5, now.toEpochMilli());
            update.setString(6, failed.rowKey());
            update.setLong(7, failed.runId());
            update.setInt(8, failed.row());
            update.setLong(9, failed.updatedAt().toEpochMilli());
            return update.executeUpdate() == 1;
        }
    }

    /** Pending → pending of another run and row, only if the record is still exactly the one observed. */
    static boolean takeOver(Connection connection, RowRecord observed, long runId, String sourceFile, int row,
                            Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE row_claim SET source_file = ?, source_row = ?, run_id = ?, updated_at = ?"
                        + " WHERE row_key = ? AND state = 'pending' AND run_id = ? AND source_row = ?"
                        + " AND attempts = ? AND updated_at = ?")) {
            update.setString(1, sourceFile);
            update.setInt(2, row);
            update.setLong(3, runId);
            update.setLong(4, now.toEpochMilli());
            update.setString(5, observed.rowKey());
            update.setLong(6, observed.runId());
            update.setInt(7, observed.row());
            update.setInt(8, observed.attempts());
            update.setLong(9, observed.updatedAt().toEpochMilli());
            return update.executeUpdate() == 1;
        }
    }

    /** Anything but sent → sent. Returns false when the key is already sent or unknown (the caller looks). */
    static boolean markSent(Connection connection, String rowKey, String envelopeId, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE row_claim SET state = 'sent', envelope_id = ?, updated_at = ?, error_code = NULL,"
                        + " error_message = NULL WHERE row_key = ? AND state <> 'sent'")) {
            update.setString(1, envelopeId);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, rowKey);
            return update.executeUpdate() == 1;
        }
    }

    /** Pending or failed → failed with this error. Returns false when the key is sent or unknown. */
    static boolean markFailed(Connection connection, String rowKey, String errorCode, String message, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE row_claim SET state = 'failed', error_code = ?, error_message = ?, updated_at = ?"
                        + " WHERE row_key = ? AND state <> 'sent'")) {
            update.setString(1, errorCode);
            update.setString(2, message);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, rowKey);
            return update.executeUpdate() == 1;
        }
    }

    /** attempts + 1 on a pending key. Returns false when the key is not pending (resolved meanwhile, or unknown). */
    static boolean notePendingAttempt(Connection connection, String rowKey, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE row_claim SET attempts = attempts + 1, updated_at = ? WHERE row_key = ? AND state = 'pending'")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, rowKey);
            return update.executeUpdate() == 1;
        }
    }

    static Optional<RowRecord> find(Connection connection, String rowKey) throws SQLException {
        return findOne(connection, "row_key", rowKey);
    }

    /** The sent record whose envelope is {@code envelopeId}, if this service sent it. */
    static Optional<RowRecord> findByEnvelope(Connection connection, String envelopeId) throws SQLException {
        return findOne(connection, "envelope_id", envelopeId);
    }

    private static Optional<RowRecord> findOne(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM row_claim WHERE " + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? Optional.of(read(result)) : Optional.empty();
            }
        }
    }

    static List<RowRecord> pending(Connection connection) throws SQLException {
        List<RowRecord> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM row_claim WHERE state = 'pending' ORDER BY created_at, row_key")) {
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(read(result));
                }
            }
        }
        return rows;
    }

    private static RowRecord read(ResultSet result) throws SQLException {
        return new RowRecord(result.getString(1), result.getString(2), Optional.ofNullable(result.getString(3)),
                result.getString(4), result.getInt(5), result.getLong(6), Instant.ofEpochMilli(result.getLong(7)),
                Instant.ofEpochMilli(result.getLong(8)), result.getInt(9), Optional.ofNullable(result.getString(10)),
                Optional.ofNullable(result.getString(11)));
    }
}
