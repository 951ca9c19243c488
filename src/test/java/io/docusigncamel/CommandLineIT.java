package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user types, against the built jar: the commands of SPEC §2, each in a fresh working directory. */
class CommandLineIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), "--help")) {
            assertThat(jar.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(jar.output()).contains("usage: java -jar target/docusign-camel.jar", "doctor", "emulator [--port N]");
        }
    }

    @Test
    void unknownCommandExitsWithUsage() throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), "sned")) {
            assertThat(jar.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(jar.output()).contains("unknown command: sned", "usage:");
        }
    }

    @Test
    void invalidConfigurationStopsStartupWithOneLinePerProblem() throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of("DOCUSIGN_ENVIRONMENT", "production",
                "DOCUSIGN_USER_ID", "bob@example.com", "INBOX_MODE", "pdf"))) {
            assertThat(jar.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(jar.lines()).contains(
                    "docusign-camel cannot start: the configuration is invalid.",
                    "  docusign.integration-key: is not set; set the integration key (client id) from DocuSign's Apps and Keys page",
                    "  docusign.user-id: \"bob@example.com\" looks like an e-mail address; DocuSign wants the impersonated"
                            + " user's GUID (\"API Username\" on the Apps and Keys page)",
                    "  docusign.private-key-file: is not set; set the path of the RSA private key (PEM) whose public key is"
                            + " registered on the integration key");
            assertThat(jar.lines()).anyMatch(l -> l.startsWith("  inbox.mode: \"pdf\""));
            assertThat(jar.output()).doesNotContain("Exception");
        }
    }

    @Test
    void emulatorRunsStandaloneAndWritesItsCredentials() throws Exception {
        Path dir = workDir.resolve("emu");
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), "emulator", "--port", "0", "--dir", dir.toString())) {
            String ready = jar.awaitLine(l -> l.startsWith("emulator ready "), Duration.ofSeconds(60));
            String baseUrl = ready.substring("emulator ready ".length());
            assertThat(baseUrl).matches("https://localhost:\\d+");

            JsonNode credentials = JSON.readTree(dir.resolve("credentials.json").toFile());
            for (String field : new String[] {"oauthBaseUrl", "restBaseUri", "integrationKey", "userId", "accountId",
                    "privateKeyFile", "truststoreFile", "truststorePassword", "templateId", "redirectUri", "controlBaseUrl"}) {
                assertThat(credentials.path(field).asText()).as(field).isNotBlank();
            }
            assertThat(Files.readString(Path.of(credentials.get("privateKeyFile").asText())))
                    .startsWith("-----BEGIN RSA PRIVATE KEY-----");

            // consent by a plain GET of the consent URL, as other tools' scripts do
            HttpClient client = EmulatorClients.trusting(Path.of(credentials.get("truststoreFile").asText()),
                    credentials.get("truststorePassword").asText());
            String consentUrl = baseUrl + "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
                    + credentials.get("integrationKey").asText() + "&redirect_uri="
                    + java.net.URLEncoder.encode(credentials.get("redirectUri").asText(), java.nio.charset.StandardCharsets.UTF_8);
            HttpResponse<String> consent = client.send(HttpRequest.newBuilder(URI.create(consentUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(consent.statusCode()).isEqualTo(302);
            assertThat(consent.headers().firstValue("Location").orElseThrow())
                    .startsWith(credentials.get("redirectUri").asText()).contains("code=");

            assertThat(jar.terminate(Duration.ofSeconds(30))).isIn(0, 143);
        }
    }

    @Test
    void doctorPassesEveryCheckAgainstTheEmbeddedEmulator() throws Exception {
        try (JarProcess jar = JarProcess.start(workDir, Map.of(), "doctor")) {
            assertThat(jar.waitFor(Duration.ofSeconds(90))).as(jar.output()).isZero();
            assertThat(jar.lines()).anyMatch(l -> l.startsWith("PASS  configuration"))
                    .anyMatch(l -> l.startsWith("PASS  private key") && l.contains("RSA 2048-bit"))
                    .anyMatch(l -> l.startsWith("PASS  token"))
                    .anyMatch(l -> l.startsWith("PASS  consent"))
                    .anyMatch(l -> l.startsWith("PASS  account"))
                    .contains("doctor: all checks passed")
                    .noneMatch(l -> l.startsWith("FAIL"));
        }
    }

    @Test
    void serviceStartsWithNoSetupAndBecomesReady() throws Exception {
        copyRoutes();
        int port = ServiceUnderTest.freePort();
        try (JarProcess jar = JarProcess.start(workDir, Map.of("HTTP_PORT", Integer.toString(port)))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> ready = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/health/ready"))
                            .GET().build(), HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            assertThat(ready.body()).contains("\"UP\"");
            assertThat(Files.exists(workDir.resolve("data/emulator/credentials.json"))).isTrue();
            assertThat(jar.output()).contains("DocuSign ready");

            assertThat(jar.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    private void copyRoutes() throws IOException {
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
    }
}
