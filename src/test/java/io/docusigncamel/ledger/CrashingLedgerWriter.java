package io.docusigncamel.ledger;

import java.time.Instant;

/**
 * A process that writes to a ledger and dies like {@code kill -9} right after its last commit: no shutdown hooks,
 * no close. Run by {@link CrashDurabilityTest} in its own JVM.
 *
 * <p>Arguments: the JDBC URL and the number of rows to send.
 */
public final class CrashingLedgerWriter {

    private CrashingLedgerWriter() {
    }

    public static void main(String[] args) {
        String url = args[0];
        int rows = Integer.parseInt(args[1]);
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        Ledger ledger = Ledger.open(url, null, null);
        long run = ledger.beginRun("crash.csv", LedgerFiles.sha256(3), now).id();
        for (int row = 1; row <= rows; row++) {
            String key = "EMP-" + row;
            ledger.claim(key, run, "crash.csv", row, now);
            ledger.markSent(key, "env-" + row, now);
            ledger.recordOutcome(run, row, key, Outcome.SENT, "env-" + row, null);
        }
        ledger.claim("IN-FLIGHT", run, "crash.csv", rows + 1, now);
        System.out.println("committed " + run);
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
