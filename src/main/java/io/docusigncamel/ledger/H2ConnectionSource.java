package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Connections to an H2 database through H2's own {@link JdbcConnectionPool}. An embedded H2 file belongs to one
 * process; the pool keeps the database open for as long as the ledger is.
 *
 * <p>On the first connection the database's write delay is set to zero. By default H2 writes committed
 * transactions to its file up to half a second later, so a {@code kill -9} right after a commit loses it (measured:
 * 647 of 2000 committed rows survived). For the ledger that would mean a claimed key forgotten after its envelope
 * was created, and the row sent again on restart. With a zero delay every commit reaches the file (the operating
 * system's cache; H2 does not fsync per commit, so a power loss can still lose the last commits). Even so, H2 was
 * seen to lose commits made two seconds before a {@code kill -9} (its recovery after a crash); the service does not
 * rely on the last commits alone (see {@code send.RunReconciler}).
 *
 * <p>One piece of work at a time. H2 (MVStore) writes a commit's changes by saving its tables one after another
 * while other transactions keep changing them, so a saved state can hold a row changed by a transaction whose undo
 * record it does not hold (H2 issue #2080). After a {@code kill -9} right then, H2 reopens with that row marked as
 * changed by a transaction that no longer exists, and every later UPDATE of the row spins forever or times out:
 * bench/chaos-kill.sh left one row of a 5,000-row file that could never be recorded. With the write delay at zero,
 * H2 saves synchronously inside each commit, so when no other work runs meanwhile every saved state is a quiet one.
 * The lock is fair and held for the whole borrow, connection close (and its rollback) included; a ledger call that
 * waits longer than {@link #LOCK_TIMEOUT_SECONDS} fails instead of hanging. Ledger work is short (one row, one
 * event), so serializing it costs little next to the REST calls the send threads wait for; the streamed read of a
 * results file is the one long piece and runs without the lock (reads leave nothing uncommitted to save).
 *
 * <p>Thread-safe.
 */
final class H2ConnectionSource implements ConnectionSource {

    /** Send threads (up to 16), the results writer, status tracking, and headroom. */
    static final int MAX_CONNECTIONS = 32;

    /** How long a ledger call waits for the others before it fails. */
    static final long LOCK_TIMEOUT_SECONDS = 60;

    private final JdbcConnectionPool pool;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    private H2ConnectionSource(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    static H2ConnectionSource open(String jdbcUrl, String user, char[] password) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, user == null ? "" : user,
                password == null ? "" : new String(password));
        pool.setMaxConnections(MAX_CONNECTIONS);
        H2ConnectionSource source = new H2ConnectionSource(pool);
        try {
            source.withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET WRITE_DELAY 0");
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return source;
    }

    @Override
    public <T> T withConnection(SqlWork<T> work) throws SQLException {
        try {
            if (!oneAtATime.tryLock(LOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("the ledger was busy with other work for " + LOCK_TIMEOUT_SECONDS
                        + " s; a database call is stuck (see a thread dump)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the ledger", e);
        }
        try {
            return withPooledConnection(work);
        } finally {
            oneAtATime.unlock();
        }
    }

    @Override
    public <T> T withReadOnlyConnection(SqlWork<T> work) throws SQLException {
        return withPooledConnection(work);
    }

    private <T> T withPooledConnection(SqlWork<T> work) throws SQLException {
        // Closing an H2 pooled connection rolls back what is uncommitted and restores auto-commit.
        try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
