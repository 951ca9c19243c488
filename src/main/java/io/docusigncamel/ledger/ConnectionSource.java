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

    /**
     * For work that only reads (it may open a transaction for a consistent read, but changes nothing): a source that
     * serializes its work may let such work run beside the rest.
     */
    default <T> T withReadOnlyConnection(SqlWork<T> work) throws SQLException {
        return withConnection(work);
    }

    /** Closes every pooled connection; for an embedded H2 database this also closes (and flushes) the database. */
    @Override
    void close();
}
