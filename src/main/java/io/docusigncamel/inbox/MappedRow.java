package io.docusigncamel.inbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a CSV row becomes: an envelope definition ready to POST, or a rejection saying why not. Immutable values. */
public sealed interface MappedRow {

    /** The row key, if one could be computed. */
    String rowKeyOrNull();

    /**
     * A valid row.
     *
     * @param rowKey     the row's key (SPEC §6); also the definition's {@code transactionId} and custom field
     *                   {@code rowKey}
     * @param definition the body of {@code POST /v2.1/accounts/{accountId}/envelopes}; the caller owns it
     */
    record Envelope(String rowKey, ObjectNode definition) implements MappedRow {
        @Override
        public String rowKeyOrNull() {
            return rowKey;
        }
    }

    /**
     * A row that must not be sent.
     *
     * @param rowKeyOrNull the row key, or null when the row was unreadable or its key itself is bad
     * @param reason       "row N: " and every problem of the row, separated by "; "
     */
    record Rejected(String rowKeyOrNull, String reason) implements MappedRow {
    }
}
