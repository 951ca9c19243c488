package io.docusigncamel.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.emulator.envelope.ConnectConfiguration;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The standalone {@code emulator} command's contract with other tools' scripts (SPEC §9). */
class EmulatorCommandIT {

    @TempDir
    Path dir;

    @Test
    void printsReadyLineWritesCredentialsAndStopsWhenInterrupted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RecordingEnvelopeEndpoints world = new RecordingEnvelopeEndpoints();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(EmulatorCommand.run(
                new String[]{"--port", "0", "--dir", dir.toString(), "--signer-delay", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clock -> world)), "emulator-command");
        command.start();
        AtomicReference<String> stdout = new AtomicReference<>("");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                stdout.set(out.toString(StandardCharsets.UTF_8));
                return stdout.get().lines().count() >= 2;
            });

            List<String> lines = stdout.get().lines().toList();
            assertThat(lines.get(0)).matches("emulator ready https://localhost:\\d+");
            assertThat(lines.stream().filter(l -> l.startsWith("emulator ready"))).hasSize(1);
            String baseUrl = lines.get(0).substring("emulator ready ".length());
            assertThat(lines.get(1)).contains(dir.resolve("credentials.json").toAbsolutePath().toString())
                    .contains("/oauth/auth?response_type=code");

            JsonNode credentials = EmulatorHttpClient.JSON.readTree(dir.resolve("credentials.json").toFile());
            for (String field : List.of("oauthBaseUrl", "restBaseUri", "integrationKey", "userId", "accountId",
                    "privateKeyFile", "truststoreFile", "truststorePassword", "templateId", "redirectUri",
                    "controlBaseUrl", "consentUrl")) {
                assertThat(credentials.path(field).asText()).as(field).isNotBlank();
            }
            assertThat(credentials.get("oauthBaseUrl").asText()).isEqualTo(baseUrl);
            assertThat(credentials.get("restBaseUri").asText()).isEqualTo(baseUrl + "/restapi");
            assertThat(credentials.get("controlBaseUrl").asText()).isEqualTo(baseUrl + "/emulator");
            assertThat(Files.readString(Path.of(credentials.get("privateKeyFile").asText())))
                    .startsWith("-----BEGIN RSA PRIVATE KEY-----");
            assertThat(world.templates).containsKey(credentials.get("templateId").asText());
            assertThat(world.signerDelays).containsExactly(Duration.ofSeconds(5));

            // Consent is not granted in advance; a GET of the consent URL grants it.
            EmulatorHttpClient client = new EmulatorHttpClient(Path.of(credentials.get("truststoreFile").asText()),
                    credentials.get("truststorePassword").asText());
            JsonNode before = EmulatorHttpClient.json(client.get(credentials.get("controlBaseUrl").asText()
                    + "/state"));
            assertThat(before.get("consents").size()).isZero();
            HttpResponse<String> consent = client.get(credentials.get("consentUrl").asText());
            assertThat(consent.statusCode()).isEqualTo(302);
            assertThat(consent.headers().firstValue("Location").orElseThrow())
                    .startsWith(credentials.get("redirectUri").asText() + "?code=");
        } finally {
            command.interrupt();
            command.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(command.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badArgumentsPrintUsageAndExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EmulatorCommand.run(new String[]{"--port", "seventy"}, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock -> {
            throw new AssertionError("must not start");
        });

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port must be a number").contains("usage:");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(EmulatorCommand.run(new String[]{"--bogus"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock -> null)).isEqualTo(2);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = EmulatorCommand.run(new String[]{"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, clock -> null);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port").contains("--dir").contains("--signer-delay")
                .contains("--connect-url").contains("--connect-hmac-key");
    }

    @Test
    void connectOptionsConfigureTheWorldsConnectEmitter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<EnvelopeWorld> world = new AtomicReference<>();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(EmulatorCommand.run(
                new String[]{"--port", "0", "--dir", dir.toString(), "--connect-url", "http://127.0.0.1:9/connect",
                        "--connect-hmac-key", "key-one", "--connect-hmac-key", "key-two"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, clock -> {
                    world.set(new EnvelopeWorld(clock));
                    return world.get();
                })), "emulator-command");
        command.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> out.toString(StandardCharsets.UTF_8).startsWith("emulator ready"));

            ConnectConfiguration connect = world.get().connectConfiguration().orElseThrow();
            assertThat(connect.url()).isEqualTo("http://127.0.0.1:9/connect");
            assertThat(connect.hmacKeys()).containsExactly("key-one", "key-two");
        } finally {
            command.interrupt();
            command.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(exit.get()).isZero();
        // The command closes the world it made, which turns Connect off.
        assertThat(world.get().connectConfiguration()).isEmpty();
    }

    @Test
    void anHmacKeyWithoutAConnectUrlIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = EmulatorCommand.run(new String[]{"--connect-hmac-key", "k"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), clock -> {
                    throw new AssertionError("must not start");
                });

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--connect-hmac-key needs --connect-url");
    }
}
