package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small pool of {@link DriverManager} connections for databases other than H2 (PostgreSQL): at most
 * {@code maxConnections} open at once, idle ones reused most-recently-returned first.
 *
 * <p>Opening a PostgreSQL connection costs a TCP and authentication round trip, far more than the ledger's
 * statements, so connections are kept. A connection that raised a connection-class error (SQLState {@code 08…})
 * is closed instead of returned; one idle for longer than {@link #VALIDATE_AFTER_IDLE} is checked with
 * {@link Connection#isValid(int)} before reuse, so a database restart costs one failed check, not one failed
 * operation per pooled connection. Busy connections are never checked: that would double every round trip.
 *
 * <p>Thread-safe: a semaphore bounds the connections lent out; idle ones sit in a concurrent deque.
 */
final class BoundedConnectionPool implements ConnectionSource {

    static final Duration VALIDATE_AFTER_IDLE = Duration.ofSeconds(30);

    private record Idle(Connection connection, long returnedAtNanos) {
    }

    private final String jdbcUrl;
    private final Properties credentials;
    private final int maxConnections;
    private final Semaphore permits;
    private final Duration borrowTimeout;
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    BoundedConnectionPool(String jdbcUrl, String user, char[] password, int maxConnections, Duration borrowTimeout) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", new String(password));
        }
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
        this.borrowTimeout = borrowTimeout;
    }

    @Override
    public <T> T withConnection(SqlWork<T> work) throws SQLException {
        acquirePermit();
        Connection connection = null;
        boolean reusable = false;
        try {
            connection = idleOrNewConnection();
            T result = work.apply(connection);
            reusable = true;
            return result;
        } catch (SQLException e) {
            reusable = !isConnectionError(e);
            throw e;
        } finally {
            giveBack(connection, reusable);
            permits.release();
        }
    }

    /** How many connections are idle in the pool (for tests). */
    int idleCount() {
        return idle.size();
    }

    /** How many callers wait for a connection (for tests). */
    int waitingCount() {
        return permits.getQueueLength();
    }

    @Override
    public void close() {
        closed = true;
        for (Idle entry = idle.pollFirst(); entry != null; entry = idle.pollFirst()) {
            closeQuietly(entry.connection());
        }
    }

    private void acquirePermit() throws SQLException {
        if (closed) {
            throw new SQLTransientConnectionException("the connection pool is closed", "08003");
        }
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no ledger connection became free within " + borrowTimeout
                        + " (all " + maxConnections + " in use)", "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a ledger connection", "08001", e);
        }
    }

    private Connection idleOrNewConnection() throws SQLException {
        long validateBefore = System.nanoTime() - VALIDATE_AFTER_IDLE.toNanos();
        for (Idle entry = idle.pollFirst(); entry != null; entry = idle.pollFirst()) {
            if (entry.returnedAtNanos() - validateBefore > 0 || entry.connection().isValid(2)) {
                return entry.connection();
            }
            closeQuietly(entry.connection());
        }
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    private void giveBack(Connection connection, boolean reusable) {
        if (connection == null) {
            return;
        }
        if (!reusable || closed) {
            closeQuietly(connection);
            return;
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            idle.offerFirst(new Idle(connection, System.nanoTime()));
        } catch (SQLException e) {
            closeQuietly(connection);
        }
        if (closed) {
            close();
        }
    }

    private static boolean isConnectionError(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08");
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The connection is being discarded; a failure to close it changes nothing for the caller.
        }
    }
}
