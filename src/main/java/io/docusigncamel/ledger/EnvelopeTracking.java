package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The durable side of status tracking (SPEC §5, §7, §8): the last status of every tracked envelope, one event per
 * envelope status (the dedupe), the queue of events still to write or deliver, the Connect messages received but not
 * yet processed, the envelopes whose signed PDF is still to archive, and the polling checkpoint.
 *
 * <p>Every change is committed before its method returns. A status change and its event are one transaction, guarded
 * twice: the envelope row is updated only if it still holds the status the caller read (compare-and-set), and the
 * event's unique (envelope, status) key refuses a second event for the same status. So polling and Connect racing on
 * one envelope, in one process or in several sharing PostgreSQL, emit one event.
 *
 * <p>Thread-safe; obtained from {@link Ledger#tracking()}.
 */
public final class EnvelopeTracking {

    /** A status longer than this is not a DocuSign envelope status. */
    public static final int MAX_STATUS_LENGTH = 20;
    /** Event bodies, envelope summaries and Connect messages longer than this (in characters) cannot be stored. */
    public static final int MAX_TEXT_LENGTH = 1_000_000;
    static final String ARCHIVE_PENDING = "pending";
    static final String ARCHIVE_DONE = "done";

    private static final String ENVELOPE_COLUMNS = "envelope_id, status, status_changed_at, row_key, source_file,"
            + " summary, archive_state, archive_attempts, archive_next_at, archive_error";
    private static final String EVENT_COLUMNS = "id, envelope_id, status, body, file_written, attempts, next_attempt_at";

    private final Ledger ledger;

    EnvelopeTracking(Ledger ledger) {
        this.ledger = ledger;
    }

    // ------------------------------------------------------------------------------------------ tracked envelopes

    /**
     * The last status the service emitted an event for, and what it knows of the envelope.
     *
     * @param archiveState empty (nothing to archive), {@code pending} or {@code done}
     */
    public record TrackedEnvelope(String envelopeId, String status, Optional<Instant> statusChangedAt,
                                  Optional<String> rowKey, Optional<String> sourceFile, Optional<String> summaryJson,
                                  Optional<String> archiveState, int archiveAttempts, Optional<Instant> archiveNextAt,
                                  Optional<String> archiveError) {

        public boolean isArchived() {
            return archiveState.filter(ARCHIVE_DONE::equals).isPresent();
        }
    }

    /**
     * A status change to record together with its event.
     *
     * @param previousStatus the status the caller read from {@link #envelope} ({@code null}: not tracked yet); the
     *                       change is refused if the ledger holds another one by now
     * @param summaryJson    what DocuSign said of the envelope (kept for the archive's metadata), or {@code null}
     * @param archive        true when the envelope's signed PDF is to be archived (a completed envelope)
     * @param eventJson      the event, exactly as it is written to the outbox and POSTed to the webhook
     */
    public record StatusChange(String envelopeId, String previousStatus, String status, Instant statusChangedAt,
                               String rowKey, String sourceFile, String summaryJson, boolean archive,
                               String eventJson) {
        public StatusChange {
            Objects.requireNonNull(envelopeId, "envelopeId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(eventJson, "eventJson");
        }
    }

    /** What {@link #record} did. */
    public enum Recorded {
        /** The change and its event are stored; the event is queued. */
        RECORDED,
        /** An event for this envelope and status exists already: nothing changed. */
        DUPLICATE,
        /** The envelope's status changed since the caller read it: read again and decide again. */
        CONFLICT
    }

    public Optional<TrackedEnvelope> envelope(String envelopeId) {
        Objects.requireNonNull(envelopeId, "envelopeId");
        return ledger.execute("reading tracked envelope " + envelopeId, connection -> findEnvelope(connection, envelopeId));
    }

    /** Stores a status change and queues its event, in one transaction; see {@link Recorded}. */
    public Recorded record(StatusChange change, Instant now) {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(now, "now");
        requireText("eventJson", change.eventJson());
        if (change.summaryJson() != null) {
            requireText("summaryJson", change.summaryJson());
        }
        return ledger.execute("recording status " + change.status() + " of envelope " + change.envelopeId(),
                connection -> inTransaction(connection, () -> recordIn(connection, change, now)));
    }

    /** How many tracked envelopes are in each status (for metrics); statuses without envelopes are absent. */
    public java.util.Map<String, Long> countEnvelopesByStatus() {
        return ledger.execute("counting tracked envelopes by status", connection -> {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status, COUNT(*) FROM tracked_envelope GROUP BY status");
                 ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Keeps {@code summaryJson} for an envelope whose summary is not known yet (for the archive's metadata). */
    public void fillSummary(String envelopeId, String summaryJson, Instant now) {
        requireText("summaryJson", summaryJson);
        ledger.execute("storing the summary of envelope " + envelopeId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tracked_envelope SET summary = ?, updated_at = ? WHERE envelope_id = ? AND summary IS NULL")) {
                update.setString(1, summaryJson);
                update.setLong(2, now.toEpochMilli());
                update.setString(3, envelopeId);
                return update.executeUpdate();
            }
        });
    }

    // ------------------------------------------------------------------------------------------ events

    /** A queued event. {@code id} orders events; {@code attempts} counts failed webhook deliveries. */
    public record QueuedEvent(long id, String envelopeId, String status, String json, boolean fileWritten,
                              int attempts, Optional<Instant> nextAttemptAt) {
    }

    /** Queued events whose file is not written yet, oldest first. */
    public List<QueuedEvent> unwrittenEvents(int limit) {
        return ledger.execute("listing unwritten events", connection -> events(connection,
                "SELECT " + EVENT_COLUMNS + " FROM status_event WHERE pending = 1 AND file_written = 0 ORDER BY id", limit));
    }

    /**
     * Queued events whose file is written but which the webhook has not accepted yet, oldest first: at most
     * {@code limit}, and only the oldest of each envelope, so that a batch delivered in order never overtakes an
     * earlier event of the same envelope. An envelope whose oldest event is still backing off contributes none.
     */
    public List<QueuedEvent> undeliveredEvents(Instant now, int limit) {
        List<QueuedEvent> queued = ledger.execute("listing undelivered events", connection -> events(connection,
                "SELECT " + EVENT_COLUMNS + " FROM status_event WHERE pending = 1 ORDER BY id", Math.max(limit * 4, 1000)));
        List<QueuedEvent> due = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueuedEvent event : queued) {
            if (!seen.add(event.envelopeId()) || !event.fileWritten()) {
                continue;
            }
            if (event.nextAttemptAt().map(at -> at.isAfter(now)).orElse(false)) {
                continue;
            }
            due.add(event);
            if (due.size() >= limit) {
                break;
            }
        }
        return due;
    }

    /**
     * The event's file is written; {@code done} when nothing else is owed for it (no webhook configured). A done
     * event keeps its (envelope, status) row, the dedupe, but not its body, which lives on in the outbox file.
     */
    public void markEventWritten(long eventId, boolean done) {
        ledger.execute("marking event " + eventId + " written", connection -> {
            try (PreparedStatement update = connection.prepareStatement(done
                    ? "UPDATE status_event SET file_written = 1, pending = NULL, body = '' WHERE id = ?"
                    : "UPDATE status_event SET file_written = 1 WHERE id = ?")) {
                update.setLong(1, eventId);
                return update.executeUpdate();
            }
        });
    }

    /** The webhook accepted the event: it leaves the queue. */
    public void markEventDelivered(long eventId, Instant now) {
        ledger.execute("marking event " + eventId + " delivered", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE status_event SET pending = NULL, delivered_at = ?, last_error = NULL, body = '' WHERE id = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setLong(2, eventId);
                return update.executeUpdate();
            }
        });
    }

    /** A webhook delivery failed: the event stays queued and is tried again from {@code nextAttemptAt}. */
    public void noteDeliveryFailed(long eventId, String error, Instant nextAttemptAt) {
        ledger.execute("noting a failed delivery of event " + eventId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE status_event SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                update.setLong(1, nextAttemptAt.toEpochMilli());
                update.setString(2, Ledger.truncate(error, Ledger.MAX_DETAIL_LENGTH));
                update.setLong(3, eventId);
                return update.executeUpdate();
            }
        });
    }

    /** Events not yet written or not yet accepted by the webhook. */
    public long countQueuedEvents() {
        return ledger.execute("counting queued events",
                connection -> count(connection, "SELECT COUNT(*) FROM status_event WHERE pending = 1"));
    }

    // ------------------------------------------------------------------------------------------ Connect messages

    /** A verified Connect message waiting to be processed. */
    public record QueuedMessage(long id, Instant receivedAt, String body) {
    }

    /** Stores a verified Connect message; once this returns, the message survives a crash. Returns its id. */
    public long queueConnectMessage(String body, Instant now) {
        requireText("body", body);
        return ledger.execute("queueing a Connect message", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO connect_message (received_at, body, pending) VALUES (?, ?, 1)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, now.toEpochMilli());
                insert.setString(2, body);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Deletes Connect messages processed before {@code before}: their changes are in the events, and the queue must
     * not grow for as long as the service runs. Returns how many were deleted.
     */
    public int pruneProcessedConnectMessages(Instant before) {
        return ledger.execute("deleting processed Connect messages", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM connect_message WHERE pending IS NULL AND processed_at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    /** Queued Connect messages, oldest first. */
    public List<QueuedMessage> queuedConnectMessages(int limit) {
        return ledger.execute("listing queued Connect messages", connection -> {
            List<QueuedMessage> messages = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, received_at, body FROM connect_message WHERE pending = 1 ORDER BY id")) {
                select.setMaxRows(limit);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        messages.add(new QueuedMessage(result.getLong(1), Instant.ofEpochMilli(result.getLong(2)),
                                result.getString(3)));
                    }
                }
            }
            return messages;
        });
    }

    /** The message is processed; {@code outcome} says what it led to (kept for audits). */
    public void markConnectMessageProcessed(long id, String outcome, Instant now) {
        ledger.execute("marking Connect message " + id + " processed", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE connect_message SET pending = NULL, processed_at = ?, outcome = ? WHERE id = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, Ledger.truncate(outcome, Ledger.MAX_DETAIL_LENGTH));
                update.setLong(3, id);
                return update.executeUpdate();
            }
        });
    }

    public long countQueuedConnectMessages() {
        return ledger.execute("counting queued Connect messages",
                connection -> count(connection, "SELECT COUNT(*) FROM connect_message WHERE pending = 1"));
    }

    // ------------------------------------------------------------------------------------------ archive

    /** Completed envelopes whose signed PDF is not archived yet and whose next attempt is due, oldest first. */
    public List<TrackedEnvelope> archivesDue(Instant now, int limit) {
        return ledger.execute("listing envelopes to archive", connection -> {
            List<TrackedEnvelope> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ENVELOPE_COLUMNS
                    + " FROM tracked_envelope WHERE archive_state = 'pending'"
                    + " AND (archive_next_at IS NULL OR archive_next_at <= ?) ORDER BY updated_at, envelope_id")) {
                select.setLong(1, now.toEpochMilli());
                select.setMaxRows(limit);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        due.add(readEnvelope(result));
                    }
                }
            }
            return due;
        });
    }

    public void markArchived(String envelopeId, Instant now) {
        ledger.execute("marking envelope " + envelopeId + " archived", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE tracked_envelope SET archive_state = 'done',"
                    + " archive_next_at = NULL, archive_error = NULL, summary = NULL, updated_at = ? WHERE envelope_id = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, envelopeId);
                return update.executeUpdate();
            }
        });
    }

    /** An archive attempt failed; the next one is due at {@code nextAttemptAt}. */
    public void noteArchiveFailed(String envelopeId, String error, Instant nextAttemptAt) {
        ledger.execute("noting a failed archive of envelope " + envelopeId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE tracked_envelope SET"
                    + " archive_attempts = archive_attempts + 1, archive_next_at = ?, archive_error = ? WHERE envelope_id = ?")) {
                update.setLong(1, nextAttemptAt.toEpochMilli());
                update.setString(2, Ledger.truncate(error, Ledger.MAX_DETAIL_LENGTH));
                update.setString(3, envelopeId);
                return update.executeUpdate();
            }
        });
    }

    public long countArchivesPending() {
        return ledger.execute("counting envelopes to archive", connection ->
                count(connection, "SELECT COUNT(*) FROM tracked_envelope WHERE archive_state = 'pending'"));
    }

    // ------------------------------------------------------------------------------------------ polling checkpoint

    /**
     * @param windowEnd     the end ({@code to_date}) of the last window read completely
     * @param lastStartedAt when the last polling cycle started, complete or not
     */
    public record PollCheckpoint(Optional<Instant> windowEnd, Optional<Instant> lastStartedAt) {
    }

    public PollCheckpoint checkpoint(String name) {
        return ledger.execute("reading poll checkpoint " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT window_end, last_started_at FROM poll_checkpoint WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet result = select.executeQuery()) {
                    if (!result.next()) {
                        return new PollCheckpoint(Optional.empty(), Optional.empty());
                    }
                    return new PollCheckpoint(instant(result, 1), instant(result, 2));
                }
            }
        });
    }

    /** A polling cycle starts now: the next one is measured from here, whether this one completes or not. */
    public void notePollStarted(String name, Instant now) {
        upsertCheckpoint(name, "last_started_at", now, now);
    }

    /** The window ending at {@code windowEnd} was read and every change in it recorded. */
    public void advanceCheckpoint(String name, Instant windowEnd, Instant now) {
        upsertCheckpoint(name, "window_end", windowEnd, now);
    }

    // ------------------------------------------------------------------------------------------ SQL

    private void upsertCheckpoint(String name, String column, Instant value, Instant now) {
        ledger.execute("updating poll checkpoint " + name, connection -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE poll_checkpoint SET " + column + " = ?, updated_at = ? WHERE name = ?")) {
                    update.setLong(1, value.toEpochMilli());
                    update.setLong(2, now.toEpochMilli());
                    update.setString(3, name);
                    if (update.executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO poll_checkpoint (name, " + column + ", updated_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setLong(2, value.toEpochMilli());
                    insert.setLong(3, now.toEpochMilli());
                    insert.executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Ledger.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another instance inserted the row first: update it on the next pass
                }
            }
            throw new SQLException("poll checkpoint " + name + " could not be written", "40001");
        });
    }

    private static Recorded recordIn(Connection connection, StatusChange change, Instant now) throws SQLException {
        boolean stored;
        if (change.previousStatus() == null) {
            stored = insertEnvelope(connection, change, now);
        } else {
            stored = updateEnvelope(connection, change, now);
        }
        if (!stored) {
            connection.rollback();
            return Recorded.CONFLICT;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO status_event (envelope_id, status,"
                + " body, created_at, file_written, pending, attempts) VALUES (?, ?, ?, ?, 0, 1, 0)")) {
            insert.setString(1, change.envelopeId());
            insert.setString(2, change.status());
            insert.setString(3, change.eventJson());
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (Ledger.isUniqueViolation(e)) {
                connection.rollback();
                return Recorded.DUPLICATE;
            }
            throw e;
        }
        connection.commit();
        return Recorded.RECORDED;
    }

    private static boolean insertEnvelope(Connection connection, StatusChange change, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tracked_envelope (envelope_id, status,"
                + " status_changed_at, row_key, source_file, summary, updated_at, archive_state, archive_attempts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, change.envelopeId());
            insert.setString(2, change.status());
            setInstant(insert, 3, change.statusChangedAt());
            insert.setString(4, change.rowKey());
            insert.setString(5, change.sourceFile());
            insert.setString(6, change.summaryJson());
            insert.setLong(7, now.toEpochMilli());
            insert.setString(8, change.archive() ? ARCHIVE_PENDING : null);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Ledger.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean updateEnvelope(Connection connection, StatusChange change, Instant now) throws SQLException {
        // The archive state is set once, by the change to completed; it never goes back from done to pending.
        try (PreparedStatement update = connection.prepareStatement("UPDATE tracked_envelope SET status = ?,"
                + " status_changed_at = ?, row_key = COALESCE(row_key, ?), source_file = COALESCE(source_file, ?),"
                + " summary = COALESCE(?, summary), updated_at = ?,"
                + " archive_state = CASE WHEN ? = 1 AND archive_state IS NULL THEN 'pending' ELSE archive_state END"
                + " WHERE envelope_id = ? AND status = ?")) {
            update.setString(1, change.status());
            setInstant(update, 2, change.statusChangedAt());
            update.setString(3, change.rowKey());
            update.setString(4, change.sourceFile());
            update.setString(5, change.summaryJson());
            update.setLong(6, now.toEpochMilli());
            update.setInt(7, change.archive() ? 1 : 0);
            update.setString(8, change.envelopeId());
            update.setString(9, change.previousStatus());
            return update.executeUpdate() == 1;
        }
    }

    private static Optional<TrackedEnvelope> findEnvelope(Connection connection, String envelopeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + ENVELOPE_COLUMNS + " FROM tracked_envelope WHERE envelope_id = ?")) {
            select.setString(1, envelopeId);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? Optional.of(readEnvelope(result)) : Optional.empty();
            }
        }
    }

    private static TrackedEnvelope readEnvelope(ResultSet result) throws SQLException {
        return new TrackedEnvelope(result.getString(1), result.getString(2), instant(result, 3),
                Optional.ofNullable(result.getString(4)), Optional.ofNullable(result.getString(5)),
                Optional.ofNullable(result.getString(6)), Optional.ofNullable(result.getString(7)), result.getInt(8),
                instant(result, 9), Optional.ofNullable(result.getString(10)));
    }

    private static List<QueuedEvent> events(Connection connection, String sql, int limit) throws SQLException {
        List<QueuedEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    events.add(new QueuedEvent(result.getLong(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getInt(5) == 1, result.getInt(6), instant(result, 7)));
                }
            }
        }
        return events;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet result = select.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Optional<Instant> instant(ResultSet result, int column) throws SQLException {
        long millis = result.getLong(column);
        return result.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    private static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters; at most "
                    + MAX_TEXT_LENGTH + " can be stored");
        }
    }

    private interface Transactional<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Transactional<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
