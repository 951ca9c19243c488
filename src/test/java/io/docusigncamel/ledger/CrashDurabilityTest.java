package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.Claim.Kind;

/**
 * Every write returned from is still there after the process dies without warning (SPEC §6: kill -9 at any
 * instant). H2's default write delay fails this: it keeps the last half second of commits in memory.
 */
class CrashDurabilityTest {

    private static final int ROWS = 500;

    @Test
    void everythingCommittedBeforeAnAbruptDeathIsThereAfterARestart() throws Exception {
        String url = LedgerFiles.newFileUrl("crash");

        Process writer = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                CrashingLedgerWriter.class.getName(), url, String.valueOf(ROWS))
                .redirectErrorStream(true)
                .start();
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).as("the writer process ended").isTrue();
        String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(writer.exitValue()).as(output).isEqualTo(137);
        long run = Long.parseLong(output.lines().filter(line -> line.startsWith("committed ")).findFirst()
                .orElseThrow(() -> new AssertionError("the writer did not finish: " + output)).substring(10).strip());

        try (Ledger ledger = Ledger.open(url, null, null)) {
            assertThat(ledger.countOutcomes(run)).containsEntry(Outcome.SENT, (long) ROWS);
            for (int row = 1; row <= ROWS; row++) {
                assertThat(ledger.row("EMP-" + row)).as("row %d", row).get()
                        .satisfies(record -> assertThat(record.isSent()).isTrue());
            }
            assertThat(ledger.pendingRows()).extracting(Ledger.RowRecord::rowKey).containsExactly("IN-FLIGHT");
            Ledger.FileRun resumed = ledger.beginRun("crash.csv", LedgerFiles.sha256(3), Instant.now());
            assertThat(resumed.id()).isEqualTo(run);
            assertThat(resumed.resumed()).isTrue();
            assertThat(ledger.claim("EMP-1", run, "crash.csv", 1, Instant.now()).kind()).isEqualTo(Kind.ALREADY_SENT);
        }
    }

    private static String javaExecutable() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return java.toRealPath().toString();
    }
}
