package io.docusigncamel.inbox;

import io.docusigncamel.ledger.Outcome;

/**
 * One line of a results file (SPEC §5): what became of one data row. Immutable.
 *
 * @param row        the 1-based data row number
 * @param rowKey     the row key, or null when none could be computed
 * @param outcome    sent, duplicate, rejected or failed
 * @param envelopeId the envelope (for duplicate: the earlier one), or null
 * @param detail     why (rejected, failed) or a note, or null
 */
public record ResultLine(int row, String rowKey, Outcome outcome, String envelopeId, String detail) {
}
