package io.docusigncamel.ledger;

/**
 * A row key that is recorded as sent with one envelope id was reported sent again with another: two envelopes
 * exist for one row, which "exactly once" (SPEC §6) forbids. The ledger keeps the first id; an operator has to
 * void one of the envelopes. Seeing this means a bug or a second system sending with the same keys.
 */
public final class ExactlyOnceViolationException extends LedgerException {

    public ExactlyOnceViolationException(String message) {
        super(message);
    }
}
