package io.docusigncamel.ledger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The durable record that makes "exactly once" (SPEC §6) and "nothing lost" possible: which row keys are claimed,
 * sent or failed; which file runs exist and whether they finished; and the outcome line of every row of every run,
 * from which the results file is written.
 *
 * <p>Every write is committed before its method returns, each in one short transaction (mostly one statement), so a
 * crash at any instant leaves either the old or the new state. (Embedded H2 was seen to lose the last seconds of
 * commits to {@code kill -9}; each file's rows are therefore checked against the envelopes DocuSign has before they
 * are sent, see {@code send.RunReconciler}.) Claims rely on the database, not on this object: a new key is claimed by
 * an INSERT that the row key's primary key lets only one caller win, so the rules hold across threads and across
 * service instances sharing one PostgreSQL database.
 *
 * <p>Connections: for {@code jdbc:h2:} URLs H2's own {@code JdbcConnectionPool} ({@value H2ConnectionSource#MAX_CONNECTIONS}
 * connections, used by one piece of work at a time; the database's write delay is set to 0 so that a commit survives
 * {@code kill -9}, and serialized work so that a kill cannot leave a row locked forever), for every other URL
 * a {@link BoundedConnectionPool} of {@value #MAX_OTHER_CONNECTIONS} {@code DriverManager} connections. The user's
 * URL is used as given. A caller waits for a free connection up to {@link #BORROW_TIMEOUT}.
 *
 * <p>The SQL is portable between H2 2.x and PostgreSQL 15 (standard types, epoch-millisecond times, unique violation
 * detected by SQLState 23505); only H2 is exercised by the tests.
 *
 * <p>Thread-safe: many send threads use one instance concurrently.
 */
public final class Ledger implements AutoCloseable {

    /** Row keys travel as DocuSign's transactionId and a custom field value, both at most 100 characters. */
    public static final int MAX_ROW_KEY_LENGTH = 100;
    public static final int MAX_FILE_NAME_LENGTH = 255;
    public static final int MAX_ENVELOPE_ID_LENGTH = 100;
    /** Longer details and error messages are cut to this length, ending with an ellipsis. */
    public static final int MAX_DETAIL_LENGTH = 4000;
    static final int MAX_ERROR_CODE_LENGTH = 100;
    static final int MAX_OUTCOME_ROW_KEY_LENGTH = 1000;
    static final int MAX_OTHER_CONNECTIONS = 16;
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's foreign key violation; H2 uses it for a child row left behind. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    /** H2's foreign key violation for a missing parent row (PostgreSQL reports 23503). */
    private static final String H2_PARENT_MISSING = "23506";

    private final ConnectionSource connections;
    private final String redactedUrl;
    private final int schemaVersion;
    private final EnvelopeTracking tracking;
    private volatile boolean closed;

    private Ledger(ConnectionSource connections, String redactedUrl, int schemaVersion) {
        this.connections = connections;
        this.redactedUrl = redactedUrl;
        this.schemaVersion = schemaVersion;
        this.tracking = new EnvelopeTracking(this);
    }

    /** The envelope-tracking half of the ledger: statuses, events, Connect messages, the polling checkpoint. */
    public EnvelopeTracking tracking() {
        return tracking;
    }

    /**
     * Connects and creates or upgrades the schema. The password is handed to the driver and not kept by the ledger.
     *
     * @throws LedgerException naming {@code ledger.jdbc-url} and what to check when the database cannot be used
     */
    public static Ledger open(String jdbcUrl, String userOrNull, char[] passwordOrNull) throws LedgerException {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new LedgerException(LedgerException.URL_PROPERTY
                    + " is empty; set it to jdbc:h2:file:./data/ledger (embedded) or a jdbc:postgresql: URL (shared)");
        }
        ConnectionSource source;
        try {
            source = jdbcUrl.startsWith("jdbc:h2:")
                    ? H2ConnectionSource.open(jdbcUrl, userOrNull, passwordOrNull)
                    : new BoundedConnectionPool(jdbcUrl, userOrNull, passwordOrNull, MAX_OTHER_CONNECTIONS,
                    BORROW_TIMEOUT);
        } catch (SQLException | RuntimeException e) {
            throw LedgerException.cannotOpen(jdbcUrl, passwordOrNull, e);
        }
        return open(source, jdbcUrl, passwordOrNull);
    }

    /** Migrates the schema through {@code source}, which the ledger then owns (closed on failure too). */
    static Ledger open(ConnectionSource source, String jdbcUrl, char[] passwordOrNull) {
        try {
            int version = source.withConnection(connection -> LedgerSchema.migrate(connection, Instant.now()));
            return new Ledger(source, LedgerException.redact(jdbcUrl), version);
        } catch (SQLException | RuntimeException e) {
            source.close();
            if (e instanceof LedgerException ledgerException) {
                throw ledgerException;
            }
            throw LedgerException.cannotOpen(jdbcUrl, passwordOrNull, e);
        }
    }

    /** The schema version this ledger's database is at. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * A cheap read (the schema version table, a handful of rows) for the readiness check: returns normally when the
     * database answers within {@code timeoutSeconds} (plus the wait for a pooled connection).
     *
     * @throws LedgerException with the reason when it does not
     */
    public void ping(int timeoutSeconds) {
        execute("checking the ledger", connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(timeoutSeconds);
                try (java.sql.ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    return result.next();
                }
            }
        });
    }

    /** Closes the pooled connections (and with them an embedded H2 database). Further calls throw. */
    @Override
    public void close() {
        closed = true;
        connections.close();
    }

    // ---------------------------------------------------------------------------------------------- file runs

    /** One processing of one dropped file; {@code resumed} is true when it was begun more than once. */
    public record FileRun(long id, String fileName, String contentSha256, Instant startedAt,
                          Optional<Instant> finishedAt, boolean resumed) {
    }

    /**
     * The unfinished run of the same file name and content hash if one exists (a restart after a crash: resumed),
     * else a new run. Atomic across service instances.
     */
    public FileRun beginRun(String fileName, String contentSha256, Instant now) {
        requireLength("fileName", fileName, MAX_FILE_NAME_LENGTH);
        Objects.requireNonNull(contentSha256, "contentSha256");
        if (!SHA256_HEX.matcher(contentSha256).matches()) {
            throw new IllegalArgumentException("contentSha256 must be 64 hex digits, was " + contentSha256);
        }
        String sha = contentSha256.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(now, "now");
        return execute("beginning the run of " + fileName,
                connection -> FileRunTable.begin(connection, fileName, sha, now));
    }

    /** Marks the run finished: dropping the same file again later starts a new run. Idempotent. */
    public void finishRun(long runId, Instant now) {
        Objects.requireNonNull(now, "now");
        boolean exists = execute("finishing run " + runId, connection -> FileRunTable.finish(connection, runId, now));
        if (!exists) {
            throw new LedgerException("Ledger has no run " + runId + " to finish");
        }
    }

    public Optional<FileRun> run(long runId) {
        return execute("reading run " + runId, connection -> FileRunTable.find(connection, runId));
    }

    // ---------------------------------------------------------------------------------------------- row keys

    /** The answer to {@link #claim}: what to do with a row, and the record that decided it. */
    public record Claim(Kind kind, Optional<RowRecord> existing) {

        public enum Kind {
            /**
             * The key is now pending for this row: send it. {@code existing} is empty for a new key, or holds the
             * failed record of an earlier run that is being retried.
             */
            CLAIMED,
            /**
             * A pending record (this row's earlier attempt or another run's) whose create may or may not have reached
             * DocuSign: ask DocuSign for the key before sending. To send under this run, first {@link #takeOver}.
             */
            PENDING_UNCERTAIN,
            /** Sent by this row in this run (a resumed run): the outcome is {@code sent}, with the recorded id. */
            ALREADY_SENT,
            /** Failed for this row in this run (a resumed run): the outcome is {@code failed}, with the recorded error. */
            ALREADY_FAILED,
            /** Sent by another run: the outcome is {@code duplicate}, with the first envelope id, file and row. */
            DUPLICATE,
            /** Claimed by another row of this run, whatever its state: {@code existing} names that row. */
            DUPLICATE_IN_FILE
        }

        public Claim {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(existing, "existing");
        }

        /** The envelope id of the existing record, if it has one. */
        public Optional<String> envelopeId() {
            return existing.flatMap(RowRecord::envelopeId);
        }
    }

    /**
     * The record of one row key. {@code createdAt} is when the key was last claimed (for a pending record: pending
     * since), {@code updatedAt} its last change, which for a pending record is its last noted attempt.
     */
    public record RowRecord(String rowKey, String state, Optional<String> envelopeId, String sourceFile, int row,
                            long runId, Instant createdAt, Instant updatedAt, int attempts,
                            Optional<String> errorCode, Optional<String> errorMessage) {

        public boolean isPending() {
            return RowClaimTable.PENDING.equals(state);
        }

        public boolean isSent() {
            return RowClaimTable.SENT.equals(state);
        }

        public boolean isFailed() {
            return RowClaimTable.FAILED.equals(state);
        }

        public Instant pendingSince() {
            return createdAt;
        }
    }

    /**
     * Claims {@code rowKey} for row {@code row} of run {@code runId}, atomically even with concurrent callers and
     * several service instances; see {@link Claim.Kind} for the answers.
     */
    public Claim claim(String rowKey, long runId, String sourceFile, int row, Instant now) {
        requireRowKey(rowKey);
        requireLength("sourceFile", sourceFile, MAX_FILE_NAME_LENGTH);
        Objects.requireNonNull(now, "now");
        return execute("claiming row key " + rowKey,
                connection -> RowClaimTable.claim(connection, rowKey, runId, sourceFile, row, now));
    }

    /**
     * Moves a pending record, exactly as {@code observed} (from a {@link Claim.Kind#PENDING_UNCERTAIN} claim or
     * {@link #pendingRows()}), to row {@code row} of run {@code runId}, after DocuSign confirmed it has no envelope
     * for the key. Returns false if the record changed meanwhile (another instance took it over, noted an attempt
     * or resolved it): then claim again. Two callers resolving the same record cannot both send.
     */
    public boolean takeOver(RowRecord observed, long runId, String sourceFile, int row, Instant now) {
        Objects.requireNonNull(observed, "observed");
        requireLength("sourceFile", sourceFile, MAX_FILE_NAME_LENGTH);
        Objects.requireNonNull(now, "now");
        return execute("taking over row key " + observed.rowKey(),
                connection -> RowClaimTable.takeOver(connection, observed, runId, sourceFile, row, now));
    }

    /**
     * Pending (or failed) → sent. Idempotent when the key is already sent with the same id.
     *
     * @throws ExactlyOnceViolationException if the key is already sent with a different envelope id
     * @throws LedgerException if the key was never claimed
     */
    public void markSent(String rowKey, String envelopeId, Instant now) {
        requireRowKey(rowKey);
        requireLength("envelopeId", envelopeId, MAX_ENVELOPE_ID_LENGTH);
        Objects.requireNonNull(now, "now");
        String what = "recording row key " + rowKey + " as sent";
        if (execute(what, connection -> RowClaimTable.markSent(connection, rowKey, envelopeId, now))) {
            return;
        }
        RowRecord existing = existingRecord(rowKey, what);
        if (!existing.envelopeId().orElseThrow().equals(envelopeId)) {
            throw new ExactlyOnceViolationException("Row key " + rowKey + " is already sent as envelope "
                    + existing.envelopeId().orElseThrow() + " (" + existing.sourceFile() + " row " + existing.row()
                    + "); envelope " + envelopeId + " was created for it too. Void one of them in DocuSign.");
        }
    }

    /**
     * {@link #markSent} and {@link #recordOutcome} of a {@code sent} row in one transaction: the common path of every
     * created envelope, so one commit instead of two (commits are what limits a large file's throughput).
     */
    public void recordSent(long runId, int row, String rowKey, String envelopeId, Instant now) {
        requireRowKey(rowKey);
        requireLength("envelopeId", envelopeId, MAX_ENVELOPE_ID_LENGTH);
        Objects.requireNonNull(now, "now");
        boolean together = execute("recording row key " + rowKey + " as sent", connection -> {
            connection.setAutoCommit(false);
            try {
                if (!RowClaimTable.markSent(connection, rowKey, envelopeId, now)) {
                    connection.rollback();
                    return false;
                }
                RunOutcomeTable.record(connection, runId, row, rowKey, Outcome.SENT, envelopeId, null);
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
        if (!together) {
            // not a plain pending → sent change (already sent, or unknown): the checks of the two steps decide
            markSent(rowKey, envelopeId, now);
            recordOutcome(runId, row, rowKey, Outcome.SENT, envelopeId, null);
        }
    }

    /**
     * Pending → failed (DocuSign refused the envelope); recording another failure replaces the error.
     *
     * @throws LedgerException if the key is sent (a sent key never becomes sendable again) or was never claimed
     */
    public void markFailed(String rowKey, String errorCode, String message, Instant now) {
        requireRowKey(rowKey);
        Objects.requireNonNull(now, "now");
        String code = truncate(errorCode, MAX_ERROR_CODE_LENGTH);
        String text = truncate(message, MAX_DETAIL_LENGTH);
        String what = "recording row key " + rowKey + " as failed";
        if (execute(what, connection -> RowClaimTable.markFailed(connection, rowKey, code, text, now))) {
            return;
        }
        RowRecord existing = existingRecord(rowKey, what);
        throw new LedgerException("Row key " + rowKey + " is already sent as envelope "
                + existing.envelopeId().orElse("?") + "; it cannot be recorded as failed (" + errorCode + ")");
    }

    /**
     * Counts one more create attempt on a pending key (for uncertainty resolution and backoff); the attempt time is
     * {@code updatedAt}. Does nothing if the key is no longer pending.
     *
     * @throws LedgerException if the key was never claimed
     */
    public void notePendingAttempt(String rowKey, Instant now) {
        requireRowKey(rowKey);
        Objects.requireNonNull(now, "now");
        String what = "noting an attempt for row key " + rowKey;
        if (!execute(what, connection -> RowClaimTable.notePendingAttempt(connection, rowKey, now))) {
            existingRecord(rowKey, what);
        }
    }

    public Optional<RowRecord> row(String rowKey) {
        requireRowKey(rowKey);
        return execute("reading row key " + rowKey, connection -> RowClaimTable.find(connection, rowKey));
    }

    /** The record of the row whose envelope is {@code envelopeId}, if this service sent it. */
    public Optional<RowRecord> rowOfEnvelope(String envelopeId) {
        requireLength("envelopeId", envelopeId, MAX_ENVELOPE_ID_LENGTH);
        return execute("finding the row of envelope " + envelopeId,
                connection -> RowClaimTable.findByEnvelope(connection, envelopeId));
    }

    /** Every pending record, oldest claim first: at startup, resolve each by asking DocuSign. */
    public List<RowRecord> pendingRows() {
        return execute("listing pending row keys", RowClaimTable::pending);
    }

    // ---------------------------------------------------------------------------------------------- outcomes

    /** One line of a results file. {@code rowKey}, {@code envelopeId} and {@code detail} may be null. */
    public record OutcomeLine(int row, String rowKey, Outcome outcome, String envelopeId, String detail) {
    }

    /**
     * Stores the outcome of row {@code row} of run {@code runId}, replacing an earlier one for the same row (a
     * resumed run re-derives it). A row key longer than a claimable one (only a rejected row has one) and a detail
     * longer than {@link #MAX_DETAIL_LENGTH} are cut, ending with an ellipsis.
     *
     * @throws LedgerException if there is no such run
     */
    public void recordOutcome(long runId, int row, String rowKey, Outcome outcome, String envelopeIdOrNull,
                              String detailOrNull) {
        Objects.requireNonNull(outcome, "outcome");
        if (envelopeIdOrNull != null) {
            requireLength("envelopeId", envelopeIdOrNull, MAX_ENVELOPE_ID_LENGTH);
        }
        String key = truncate(rowKey, MAX_OUTCOME_ROW_KEY_LENGTH);
        String detail = truncate(detailOrNull, MAX_DETAIL_LENGTH);
        String what = "recording the outcome of row " + row + " of run " + runId;
        ensureOpen();
        try {
            connections.withConnection(connection -> {
                RunOutcomeTable.record(connection, runId, row, key, outcome, envelopeIdOrNull, detail);
                return null;
            });
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) || H2_PARENT_MISSING.equals(e.getSQLState())) {
                throw new LedgerException("Ledger has no run " + runId + " to record row " + row + " in", e);
            }
            throw LedgerException.operationFailed(what, redactedUrl, e);
        }
    }

    public boolean hasOutcome(long runId, int row) {
        return execute("reading the outcome of row " + row + " of run " + runId,
                connection -> RunOutcomeTable.exists(connection, runId, row));
    }

    /**
     * Hands every outcome line of the run to {@code action}, ordered by row, streamed from the database
     * ({@value RunOutcomeTable#FETCH_SIZE} lines per round trip, never all in memory). One pooled connection is
     * held until the last line; an exception thrown by {@code action} stops the stream and reaches the caller.
     */
    public void forEachOutcome(long runId, Consumer<OutcomeLine> action) {
        Objects.requireNonNull(action, "action");
        ensureOpen();
        try {
            connections.withReadOnlyConnection(connection -> {
                RunOutcomeTable.forEach(connection, runId, action);
                return null;
            });
        } catch (SQLException e) {
            throw LedgerException.operationFailed("reading the outcomes of run " + runId, redactedUrl, e);
        }
    }

    /** How many rows of the run have each outcome; every outcome is present, zero included. */
    public Map<Outcome, Long> countOutcomes(long runId) {
        return execute("counting the outcomes of run " + runId, connection -> RunOutcomeTable.count(connection, runId));
    }

    /**
     * How many rows of all runs have each outcome; every outcome is present, zero included (for metrics: one
     * grouped scan of the outcome table, so callers should cache it).
     */
    public Map<Outcome, Long> countAllOutcomes() {
        return execute("counting the outcomes of all runs", RunOutcomeTable::countAll);
    }

    // ---------------------------------------------------------------------------------------------- internals

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    <T> T execute(String what, SqlWork<T> work) {
        ensureOpen();
        try {
            return connections.withConnection(work);
        } catch (SQLException e) {
            throw LedgerException.operationFailed(what, redactedUrl, e);
        }
    }

    private RowRecord existingRecord(String rowKey, String what) {
        return execute(what, connection -> RowClaimTable.find(connection, rowKey))
                .orElseThrow(() -> new LedgerException("Ledger " + what + " failed: row key " + rowKey
                        + " was never claimed"));
    }

    private void ensureOpen() {
        if (closed) {
            throw new LedgerException("The ledger is closed");
        }
    }

    private static void requireRowKey(String rowKey) {
        requireLength("rowKey", rowKey, MAX_ROW_KEY_LENGTH);
    }

    private static void requireLength(String name, String value, int max) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters, was " + value.length()
                    + ": " + truncate(value, 120));
        }
    }

    /** Cut to at most {@code max} characters, ending with an ellipsis; never splits a surrogate pair. */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
