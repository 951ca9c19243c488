package io.docusigncamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsReaderTest {

    private static final String IK = "8f2a6a5e-1111-4c1e-9a55-2b1f6a0c7e01";
    private static final String USER = "4799e5e9-2222-4f1e-8d3c-cf4713bbcacc";

    @TempDir
    Path dir;

    private final Map<String, String> props = new HashMap<>();

    private SettingsReader.Result read() {
        return SettingsReader.read(k -> Optional.ofNullable(props.get(k)));
    }

    private void demoIdentity() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\n");
        props.put("docusign.environment", "demo");
        props.put("docusign.integration-key", IK);
        props.put("docusign.user-id", USER);
        props.put("docusign.private-key-file", key.toString());
    }

    @Test
    void defaultsToTheEmulatorWithNoOtherSetting() {
        SettingsReader.Result result = read();

        assertThat(result.problems()).isEmpty();
        ServiceSettings s = result.orThrow();
        assertThat(s.environment()).isEqualTo(DocuSignEnvironment.EMULATOR);
        assertThat(s.scopes()).isEqualTo("signature impersonation");
        assertThat(s.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.inboxDir()).isEqualTo(Path.of("inbox"));
        assertThat(s.emulatorDir()).isEqualTo(Path.of("data", "emulator"));
    }

    @Test
    void demoEnvironmentUsesTheDeveloperSandboxHost() throws IOException {
        demoIdentity();

        ServiceSettings s = read().orThrow();

        assertThat(s.oauthBaseUrl()).isEqualTo(URI.create("https://account-d.docusign.com"));
        assertThat(s.integrationKey()).isEqualTo(IK);
        assertThat(s.userId()).isEqualTo(USER);
    }

    @Test
    void reportsEveryMissingIdentityKeyOnItsOwnLine() {
        props.put("docusign.environment", "production");

        List<String> problems = read().problems();

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("docusign.integration-key: is not set");
        assertThat(problems.get(1)).startsWith("docusign.user-id: is not set");
        assertThat(problems.get(2)).startsWith("docusign.private-key-file: is not set");
    }

    @Test
    void rejectsAnEmailAsUserIdWithTheFix() throws IOException {
        demoIdentity();
        props.put("docusign.user-id", "bob@example.com");

        assertThat(read().problems()).containsExactly("docusign.user-id: \"bob@example.com\" looks like an e-mail address;"
                + " DocuSign wants the impersonated user's GUID (\"API Username\" on the Apps and Keys page)");
    }

    @Test
    void rejectsAnIntegrationKeyThatIsNotAGuid() throws IOException {
        demoIdentity();
        props.put("docusign.integration-key", "my-app");

        assertThat(read().problems()).singleElement().asString()
                .startsWith("docusign.integration-key: \"my-app\" is not a GUID");
    }

    @Test
    void rejectsAMissingKeyFileNamingThePath() throws IOException {
        demoIdentity();
        props.put("docusign.private-key-file", dir.resolve("nope.pem").toString());

        assertThat(read().problems()).singleElement().asString()
                .startsWith("docusign.private-key-file: " + dir.resolve("nope.pem").toAbsolutePath() + " does not exist");
    }

    @Test
    void rejectsOauthHostsWithPathOrWithoutHttpsOrScheme() throws IOException {
        demoIdentity();
        for (String bad : List.of("account-d.docusign.com", "http://account-d.docusign.com",
                "https://account-d.docusign.com/oauth/token")) {
            props.put("docusign.oauth-base-url", bad);
            assertThat(read().problems()).as(bad).singleElement().asString().startsWith("docusign.oauth-base-url: \"" + bad);
        }
    }

    @Test
    void acceptsATrailingSlashAndKeepsOnlyTheAuthority() throws IOException {
        demoIdentity();
        props.put("docusign.oauth-base-url", "https://localhost:8443/");

        assertThat(read().orThrow().oauthBaseUrl()).isEqualTo(URI.create("https://localhost:8443"));
    }

    @Test
    void rejectsTheProductionHostInTheDemoEnvironment() throws IOException {
        demoIdentity();
        props.put("docusign.oauth-base-url", "https://account.docusign.com");

        assertThat(read().problems()).singleElement().asString().contains("production host but docusign.environment=demo");
    }

    @Test
    void refusesPollingMoreOftenThanEveryFifteenMinutesOutsideTheEmulator() throws IOException {
        props.put("status.poll-interval", "1m");
        assertThat(read().problems()).isEmpty();

        demoIdentity();
        assertThat(read().problems()).singleElement().asString().startsWith("status.poll-interval: 1m is too frequent");
        props.put("status.poll-interval", "15m");
        assertThat(read().problems()).isEmpty();
    }

    @Test
    void rejectsUnknownEnvironmentBadDurationsAndScopesWithoutImpersonation() {
        props.put("docusign.environment", "staging");
        props.put("docusign.token-refresh-margin", "ten minutes");
        props.put("docusign.scopes", "signature");

        assertThat(read().problems()).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("docusign.environment: \"staging\" is not an environment"),
                p -> assertThat(p).startsWith("docusign.token-refresh-margin: \"ten minutes\" is not a duration"),
                p -> assertThat(p).startsWith("docusign.scopes: \"signature\" must include signature and impersonation"));
    }

    @Test
    void orThrowListsEveryProblem() {
        props.put("docusign.environment", "production");

        assertThatThrownBy(() -> read().orThrow()).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("docusign.integration-key").hasMessageContaining("docusign.user-id")
                .hasMessageContaining("docusign.private-key-file");
    }

    @Test
    void passphraseIsNeverPrinted() throws IOException {
        demoIdentity();
        props.put("docusign.private-key-passphrase", "correct horse battery staple");

        ServiceSettings s = read().orThrow();

        assertThat(s.toString()).doesNotContain("correct horse");
        assertThat(new String(s.privateKeyPassphrase().orElseThrow().chars())).isEqualTo("correct horse battery staple");
    }

    @Test
    void parsesOperatorDurations() {
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("PT20M")).contains(Duration.ofMinutes(20));
        assertThat(Durations.parse("10 m")).isEmpty();
        assertThat(Durations.parse("m10")).isEmpty();
    }
}
