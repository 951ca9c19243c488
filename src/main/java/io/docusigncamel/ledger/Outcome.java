package io.docusigncamel.ledger;

import java.util.Locale;

/** What became of one CSV data row; written in lower case in results files (SPEC §5). */
public enum Outcome {
    /** An envelope was created for the row. */
    SENT,
    /** The row key was already sent earlier; the earlier envelope id is given. */
    DUPLICATE,
    /** Bad input: the row was not sent; the detail says why in words a person understands. */
    REJECTED,
    /** DocuSign refused the envelope (after retries for transient faults); the detail carries errorCode and message. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
