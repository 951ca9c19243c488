package io.docusigncamel.ledger;

import java.sql.SQLException;

/**
 * Where the ledger gets its connections: lends one connection to a piece of work and takes it back afterwards, in
 * auto-commit mode again whatever the work did with it.
 *
 * <p>Implementations are thread-safe and bounded: callers beyond the limit wait for a connection to come back.
 */
interface ConnectionSource extends AutoCloseable {

    <T> T withConnection(SqlWork<T> work) throws SQLException;

    /** Closes every pooled connection; for an embedded H2 database this also closes (and flushes) the database. */
    @Override
    void close();
}
