package io.docusigncamel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The built jar ({@code target/docusign-camel.jar}) run as a separate process in a given working directory, its
 * standard output and error collected line by line. For the tests of what a user types. Thread-safe reads.
 */
public final class JarProcess implements AutoCloseable {

    /** The jar of this build (failsafe passes its path, so a build with -Dbuild.dir finds its own). */
    public static final Path JAR = Path.of(System.getProperty("service.jar", "target/docusign-camel.jar")).toAbsolutePath();

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private JarProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static JarProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCUSIGN_") || k.startsWith("INBOX_") || k.startsWith("LEDGER_") || k.equals("HTTP_PORT") || k.equals("LOG_LEVEL"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start());
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish within " + timeout + "; output:\n" + output());
        }
        reader.join(5000); // the output ends shortly after the process
        return process.exitValue();
    }

    /** Waits until a line matches and returns it. */
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            String found = lines.stream().filter(matcher).findFirst().orElse(null);
            if (found == null && !process.isAlive()) {
                reader.join(5000);
                throw new AssertionError("the jar exited with " + process.exitValue() + " before the expected line; output:\n" + output());
            }
            return found;
        }, line -> line != null);
    }

    public String output() {
        return String.join("\n", lines);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** SIGTERM, as systemd or Kubernetes would stop the service; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not stop on SIGTERM within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
