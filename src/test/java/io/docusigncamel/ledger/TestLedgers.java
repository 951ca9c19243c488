package io.docusigncamel.ledger;

/**
 * Fresh H2 file ledgers for the tests of other packages (connect, status), each in its own file as
 * {@link LedgerFiles} makes them.
 */
public final class TestLedgers {

    private TestLedgers() {
    }

    /** A URL of a database no other test uses; opening it twice opens the same database (a restart). */
    public static String newFileUrl(String testName) {
        return LedgerFiles.newFileUrl(testName);
    }

    /** A new, empty ledger; the caller closes it. */
    public static Ledger open(String testName) {
        return Ledger.open(newFileUrl(testName), null, null);
    }
}
