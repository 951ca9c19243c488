package io.docusigncamel.ledger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.docusigncamel.ledger.Ledger.Claim;

/**
 * A process that writes to a ledger the way a file being sent does, with many threads at once, until it is killed
 * from outside ({@code kill -9}): it resumes the unfinished run, re-records the outcomes of the rows an earlier life
 * of the process already sent (the UPDATE path of an outcome), then claims, notes attempts and records new rows as
 * sent, and records status changes of their envelopes. Run by {@link KillDuringWritesTest} in its own JVM.
 *
 * <p>Arguments: the JDBC URL, the number of threads, how many rows to go back on a resume. Prints {@code writing}
 * once its threads run, and {@code sent <key>} for every new row whose sending was recorded (committed).
 */
public final class KilledLedgerWriter {

    static final String FILE = "killed.csv";

    private KilledLedgerWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        int goBack = Integer.parseInt(args[2]);
        Ledger ledger = Ledger.open(url, null, null);
        long run = ledger.beginRun(FILE, LedgerFiles.sha256(7), Instant.now()).id();
        int done = ledger.countOutcomes(run).values().stream().mapToInt(Long::intValue).sum();
        // rows an earlier life recorded are gone over twice at once, as the file's resume and the startup's
        // resolution of pending rows do in the service: two transactions on the same rows
        AtomicInteger resumed = new AtomicInteger(Math.max(0, done - goBack));
        AtomicInteger resolved = new AtomicInteger(Math.max(0, done - goBack));
        AtomicInteger next = new AtomicInteger(done);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            AtomicInteger again = t % 2 == 0 ? resumed : resolved;
            workers[t] = new Thread(() -> {
                for (int row = again.incrementAndGet(); row <= done; row = again.incrementAndGet()) {
                    write(ledger, run, row);
                }
                while (true) {
                    write(ledger, run, next.incrementAndGet());
                }
            });
            workers[t].start();
        }
        System.out.println("writing");
        System.out.flush();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static void write(Ledger ledger, long run, int row) {
        String key = "KEY-" + row;
        String envelopeId = "env-" + row;
        Instant now = Instant.now();
        Claim claim = ledger.claim(key, run, FILE, row, now);
        switch (claim.kind()) {
            case CLAIMED -> {
                ledger.notePendingAttempt(key, now);
                ledger.recordSent(run, row, key, envelopeId, now);
                // returned, so committed: the parent holds the ledger to that after the kill
                System.out.println("sent " + key);
                delivered(ledger, envelopeId, key, now);
            }
            case PENDING_UNCERTAIN -> {
                // a create cut off by the kill: this process knows it never reached anybody, so send it now
                if (ledger.takeOver(claim.existing().orElseThrow(), run, FILE, row, now)) {
                    ledger.recordSent(run, row, key, envelopeId, now);
                    delivered(ledger, envelopeId, key, now);
                }
            }
            case ALREADY_SENT -> {
                ledger.recordOutcome(run, row, key, Outcome.SENT, envelopeId, "resumed");
                ledger.recordSent(run, row, key, envelopeId, now);
            }
            default -> throw new IllegalStateException(key + ": " + claim);
        }
    }

    private static void delivered(Ledger ledger, String envelopeId, String key, Instant now) {
        ledger.tracking().record(new EnvelopeTracking.StatusChange(envelopeId, null, "delivered", now, key, FILE,
                null, false, "{\"envelopeId\":\"" + envelopeId + "\"}"), now);
    }
}
