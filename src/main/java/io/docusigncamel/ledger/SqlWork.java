package io.docusigncamel.ledger;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one borrowed connection; may throw {@link SQLException}, which the ledger translates. */
@FunctionalInterface
interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
