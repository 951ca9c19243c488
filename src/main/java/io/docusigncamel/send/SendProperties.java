package io.docusigncamel.send;

/** Names of the exchange properties the send route and its beans share; one place, so the YAML and Java agree. */
public final class SendProperties {

    /** The ledger's run id of the file being processed (set on the file's exchange, seen by every row). */
    public static final String RUN_ID = "DocuSignRunId";
    /** The input file's name. */
    public static final String SOURCE_FILE = "DocuSignSourceFile";
    /** Where the file consumer moves the input file when done: {@code .done} or {@code .error}. */
    public static final String INBOX_TARGET = "DocuSignInboxTarget";
    /** The data row number (1-based) of the row being sent. */
    /** Row key → envelope id of envelopes DocuSign has and the ledger has no record of (RunReconciler). */
    public static final String LOST_CLAIMS = "DocuSignLostClaims";
    public static final String ROW = "DocuSignRow";
    public static final String ROW_KEY = "DocuSignRowKey";
    /** The envelope definition JSON to POST. */
    public static final String DEFINITION = "DocuSignDefinition";
    /** True while the row still needs work (a lookup or a POST); the route loops on it. */
    public static final String PENDING = "DocuSignPending";
    /** True when DocuSign must first be asked whether an earlier attempt created the envelope. */
    public static final String LOOKUP = "DocuSignLookup";
    /** Wait this many milliseconds before the next attempt. */
    public static final String BACKOFF_MILLIS = "DocuSignBackoffMillis";
    /** Attempts that reached DocuSign or failed on the way (not counting waits for authentication). */
    public static final String ATTEMPTS = "DocuSignAttempts";
    /** The last transient problem, for the results file if the row gives up. */
    public static final String LAST_PROBLEM = "DocuSignLastProblem";

    private SendProperties() {
    }
}
