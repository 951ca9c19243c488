package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Connections to an H2 database through H2's own {@link JdbcConnectionPool}. An embedded H2 file belongs to one
 * process; the pool keeps the database open for as long as the ledger is.
 *
 * <p>On the first connection the database's write delay is set to zero. By default H2 writes committed
 * transactions to its file up to half a second later, so a {@code kill -9} right after a commit loses it (measured:
 * 647 of 2000 committed rows survived). For the ledger that would mean a claimed key forgotten after its envelope
 * was created, and the row sent again on restart. With a zero delay every commit reaches the file (the operating
 * system's cache; H2 does not fsync per commit, so a power loss can still lose the last commits).
 *
 * <p>Thread-safe.
 */
final class H2ConnectionSource implements ConnectionSource {

    /** Send threads (up to 16), the results writer, status tracking, and headroom. */
    static final int MAX_CONNECTIONS = 32;

    private final JdbcConnectionPool pool;

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
