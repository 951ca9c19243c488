package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (its own failsafe execution, see pom.xml) and reads all their logs — the
 * whole suite ran with the service's loggers at DEBUG — for secrets: access tokens in Authorization headers or
 * token responses, JWT assertions, private-key lines, the tests' passphrases and the Connect HMAC keys.
 */
class LogSecretsScanIT {

    private static final Path LOGS = Path.of(System.getProperty("it.logs", "target/failsafe-reports"));
    private static final List<Pattern> SECRET_SHAPES = List.of(
            // a compact JWS: the assertion (the emulator's tokens are opaque, so any JWS here is an assertion)
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]+"),
            // a bearer token that the log layout did not mask
            Pattern.compile("(?i)bearer\\s+(?!\\*{4})[A-Za-z0-9._~+/=-]{8,}"),
            // a token response
            Pattern.compile("\"access_token\"\\s*:\\s*\"[^\"*]"),
            // a PEM private key, its armour or a line of its body (64 base64 characters, not all hex)
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9+/]{0,63}[g-zG-Z+/])[A-Za-z0-9+/]{64}(?![A-Za-z0-9+/=])"));
    /** Passphrases the tests configure (kept in step with the tests that use them). */
    private static final List<String> TEST_SECRETS = List.of("s3cret-Passphrase-for-the-test", "correct horse battery staple");

    @Test
    void noLogOfTheIntegrationTestsHoldsASecret() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(LOGS)) {
            logs = files.filter(file -> file.getFileName().toString().endsWith("-output.txt")).sorted().toList();
        }
        assertThat(logs).as("the other integration tests' logs in " + LOGS).hasSizeGreaterThan(10);
        List<String> literals = new ArrayList<>(TEST_SECRETS);
        JsonNode vectors = new ObjectMapper().readTree(Path.of("..", "shared", "fixtures", "connect",
                "hmac-sha256-test-vectors.json").toFile());
        vectors.path("keys").forEach(key -> literals.add(key.asText()));

        List<String> findings = new ArrayList<>();
        long lines = 0;
        for (Path log : logs) {
            List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines += content.size();
            for (int i = 0; i < content.size(); i++) {
                String line = content.get(i);
                for (Pattern shape : SECRET_SHAPES) {
                    Matcher matcher = shape.matcher(line);
                    if (matcher.find()) {
                        findings.add(log.getFileName() + ":" + (i + 1) + " matches " + shape + ": " + excerpt(line, matcher.start()));
                    }
                }
                for (String literal : literals) {
                    if (line.contains(literal)) {
                        findings.add(log.getFileName() + ":" + (i + 1) + " holds a test secret: " + excerpt(line, line.indexOf(literal)));
                    }
                }
            }
        }
        assertThat(lines).as("lines scanned").isGreaterThan(1000);
        assertThat(findings).as("secrets in " + logs.size() + " logs, " + lines + " lines").isEmpty();
    }

    /** Where the finding is, without printing the whole (possibly secret) value into the test report. */
    private static String excerpt(String line, int at) {
        int from = Math.max(0, at - 60);
        return line.substring(from, Math.min(line.length(), at + 12)) + "…";
    }
}
