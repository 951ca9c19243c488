package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} while many threads write: every write reported as committed is still there afterwards, and every
 * row of every table can still be changed. These are the two faults bench/chaos-kill.sh found in the embedded H2
 * ledger under the real service (a row whose UPDATE spun forever inside H2, and claims committed seconds before the
 * kill that were gone after it). This test has not reproduced either: it lacks the service's timing (writes spread
 * between slow REST calls on a loaded machine). It guards the properties the fixes rely on, with the writer of
 * {@link KilledLedgerWriter} killed at random moments ({@code -Dkill.count=}, default 8; {@code -Dkill.seed=} repeats
 * a run). The fixes: {@link H2ConnectionSource} lets one piece of ledger work at a time touch the database, and a
 * file's rows are checked against the envelopes DocuSign has before they are sent ({@code send.RunReconciler}).
 */
class KillDuringWritesTest {

    private static final int KILLS = Integer.getInteger("kill.count", 8);
    private static final int THREADS = 16;
    private static final int GO_BACK = Integer.getInteger("kill.go-back", 400);

    @Test
    void everyRowCanStillBeChangedAfterRepeatedKillsDuringConcurrentWrites() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime());
        Random random = new Random(seed);
        String url = LedgerFiles.newFileUrl("killed");
        Set<String> committed = new HashSet<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            Process writer = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    KilledLedgerWriter.class.getName(), url, String.valueOf(THREADS), String.valueOf(GO_BACK))
                    .redirectErrorStream(true)
                    .start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread output = new Thread(() -> readLines(writer, lines), "writer-output");
            output.start();
            try {
                Thread.sleep(1000 + random.nextInt(1500));
            } finally {
                // SIGKILL through the process handle: Process.destroyForcibly would also close our end of its output
                writer.toHandle().destroyForcibly();
                writer.waitFor(30, TimeUnit.SECONDS);
            }
            output.join(30_000);
            assertThat(lines).as("writer %d (seed %d) wrote", kill, seed).contains("writing");
            lines.stream().filter(line -> line.startsWith("sent ")).map(line -> line.substring(5))
                    .forEach(committed::add);
            assertThat(lines).as("writer %d (seed %d) printed only its progress", kill, seed)
                    .allMatch(line -> line.equals("writing") || line.startsWith("sent "));
        }

        try (Connection connection = DriverManager.getConnection(url, "", "")) {
            int rows = 0;
            rows += assertEveryRowChangeable(connection, "run_outcome", "run_id, source_row",
                    "UPDATE run_outcome SET detail = detail WHERE run_id = ? AND source_row = ?");
            rows += assertEveryRowChangeable(connection, "row_claim", "row_key",
                    "UPDATE row_claim SET attempts = attempts WHERE row_key = ?");
            rows += assertEveryRowChangeable(connection, "tracked_envelope", "envelope_id",
                    "UPDATE tracked_envelope SET status = status WHERE envelope_id = ?");
            rows += assertEveryRowChangeable(connection, "status_event", "id",
                    "UPDATE status_event SET status = status WHERE id = ?");
            assertThat(rows).as("rows written by %d writers", KILLS).isGreaterThan(KILLS * THREADS);
            List<String> lost = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state FROM row_claim WHERE row_key = ?")) {
                for (String key : committed) {
                    select.setString(1, key);
                    try (ResultSet result = select.executeQuery()) {
                        if (!result.next() || !"sent".equals(result.getString(1))) {
                            lost.add(key);
                        }
                    }
                }
            }
            assertThat(lost).as("row keys recorded as sent before a kill (of %d; seed %d) but not sent after",
                    committed.size(), seed).isEmpty();
            try (Statement statement = connection.createStatement();
                 ResultSet mismatch = statement.executeQuery("SELECT COUNT(*) FROM run_outcome o JOIN row_claim c"
                         + " ON c.row_key = o.row_key WHERE c.state <> 'sent' OR c.envelope_id <> o.envelope_id")) {
                mismatch.next();
                assertThat(mismatch.getLong(1)).as("outcome lines that disagree with their row key").isZero();
            }
        }
    }

    /** Updates each row on its own, each within a deadline (a stuck row spins; H2's lock timeout does not end it). */
    private static int assertEveryRowChangeable(Connection connection, String table, String key, String update)
            throws SQLException, InterruptedException {
        List<Object[]> keys = new ArrayList<>();
        int columns = key.split(",").length;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + key + " FROM " + table)) {
            while (result.next()) {
                Object[] values = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = result.getObject(i + 1);
                }
                keys.add(values);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCK_TIMEOUT 2000");
        }
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            for (Object[] values : keys) {
                for (int i = 0; i < columns; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                CompletableFuture<Integer> changed = CompletableFuture.supplyAsync(() -> {
                    try {
                        return statement.executeUpdate();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try {
                    assertThat(changed.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                } catch (TimeoutException e) {
                    throw new AssertionError("UPDATE of " + table + " row " + List.of(values) + " hangs", e);
                } catch (ExecutionException e) {
                    throw new AssertionError("UPDATE of " + table + " row " + List.of(values) + " failed", e.getCause());
                }
            }
        }
        return keys.size();
    }

    /** Everything the writer printed until it died, line by line into {@code lines}. */
    private static void readLines(Process writer, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add(e.toString());
        }
    }

    private static String javaExecutable() throws IOException {
        return Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
    }
}
