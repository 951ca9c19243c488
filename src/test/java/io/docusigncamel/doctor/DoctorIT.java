package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor against a DocuSign (the emulator, standalone, as the demo environment) that refuses for each reason an
 * operator meets: every refusal prints its specific fix and makes the exit code non-zero. The emulator's clock can
 * be skewed to show what a wrong machine clock does.
 */
class DoctorIT {

    @TempDir
    Path work;

    private DocuSignEmulator docusign;
    private EnvelopeWorld world;
    private final Map<String, String> props = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts the emulator with its clock {@code skew} ahead of the real one, and points doctor at it. */
    private DocuSignEmulator docusign(Duration skew) throws Exception {
        Clock clock = Clock.offset(Clock.systemUTC(), skew);
        world = new EnvelopeWorld(clock);
        Path dir = Files.createDirectories(Path.of("target", "it", "doctor-emulator-" + System.nanoTime()));
        docusign = DocuSignEmulator.builder().port(0).stateDir(dir).clock(clock).envelopeEndpoints(world).build().start();
        props.put("docusign.environment", "demo");
        props.put("docusign.oauth-base-url", docusign.oauthBaseUrl());
        props.put("docusign.integration-key", docusign.integrationKey());
        props.put("docusign.user-id", docusign.userId());
        props.put("docusign.private-key-file", docusign.privateKeyFile().toString());
        props.put("docusign.truststore-file", docusign.truststoreFile().toString());
        props.put("docusign.truststore-password", docusign.truststorePassword());
        props.put("docusign.consent-redirect-uri", docusign.redirectUri());
        props.put("inbox.dir", work.resolve("inbox").toString());
        props.put("outbox.dir", work.resolve("outbox").toString());
        props.put("data.dir", work.resolve("data").toString());
        return docusign;
    }

    private DocuSignEmulator docusign() throws Exception {
        return docusign(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        if (docusign != null) {
            docusign.close();
        }
        if (world != null) {
            world.close();
        }
    }

    private int doctor() {
        return new Doctor(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .check(k -> Optional.ofNullable(props.get(k)));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String line(String check) {
        return lines().stream().filter(l -> l.length() > 6 && l.substring(6).startsWith(check + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + check + " in:\n" + out.toString(StandardCharsets.UTF_8)));
    }

    @Test
    void passesEveryCheckOnceConsentIsGiven() throws Exception {
        docusign().grantConsent();

        assertThat(doctor()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(line("configuration")).startsWith("PASS");
        assertThat(line("oauth host")).startsWith("PASS").contains("JWT aud localhost:" + docusign.port());
        assertThat(line("private key")).startsWith("PASS").contains("PKCS#1 (BEGIN RSA PRIVATE KEY")
                .contains("RSA 2048-bit").contains("fingerprint (SHA-256)").containsPattern("([0-9A-F]{2}:){31}[0-9A-F]{2}")
                .contains("Apps and Keys");
        assertThat(line("clock")).startsWith("PASS").contains("(within 30 s)");
        assertThat(line("token")).startsWith("PASS");
        assertThat(line("consent")).startsWith("PASS").contains("/oauth/auth?response_type=code");
        assertThat(line("account")).startsWith("PASS").contains(docusign.defaultAccountId())
                .contains(docusign.restBaseUri());
        assertThat(line("rest api")).startsWith("PASS")
                .contains("GET " + docusign.restBaseUri() + "/v2.1/accounts/" + docusign.defaultAccountId() + "/envelopes")
                .contains("HTTP 200").contains("rate limit").contains("left this hour").contains("burst");
        assertThat(line("inbox folder")).startsWith("PASS").contains("writable");
        assertThat(line("outbox folder")).startsWith("PASS");
        assertThat(line("data folder")).startsWith("PASS");
        assertThat(line("ledger")).startsWith("PASS").contains("schema version");
        assertThat(lines()).last().isEqualTo("doctor: all checks passed");
    }

    @Test
    void missingConsentFailsWithTheConsentUrl() throws Exception {
        docusign();

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("consent")).startsWith("FAIL").contains("consent_required").contains("/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id=" + docusign.integrationKey());
        assertThat(line("account")).startsWith("FAIL").contains("not checked");
        assertThat(lines()).last().asString().startsWith("doctor: 3 check(s) failed: consent, account, rest api");
    }

    @Test
    void unknownIntegrationKeyFailsTheTokenCheckWithTheFix() throws Exception {
        docusign();
        props.put("docusign.integration-key", "00000000-0000-4000-8000-000000000000");

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("token")).startsWith("FAIL").contains("issuer_not_found")
                .contains("Fix: check docusign.integration-key and docusign.environment");
    }

    @Test
    void unknownUserFailsTheTokenCheckWithTheFix() throws Exception {
        docusign().grantConsent();
        props.put("docusign.user-id", "00000000-0000-4000-8000-000000000001");

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("token")).startsWith("FAIL").contains("user_not_found")
                .contains("Fix: set docusign.user-id to the user's GUID");
    }

    @Test
    void aKeyNotRegisteredOnTheIntegrationKeyFailsWithNoValidKeys() throws Exception {
        docusign().grantConsent();
        props.put("docusign.private-key-file", KeyFiles.newPkcs1Key(work).toString());

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("private key")).startsWith("PASS");
        assertThat(line("clock")).startsWith("PASS");
        assertThat(line("token")).startsWith("FAIL").contains("no_valid_keys_or_signatures")
                .contains("Fix: upload the public key of docusign.private-key-file to the integration key")
                .doesNotContain("The clock check");
    }

    @Test
    void aClockAheadOfDocuSignFailsTheClockAndTheTokenWithTheNtpFix() throws Exception {
        docusign(Duration.ofMinutes(-10)).grantConsent();

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("clock")).startsWith("FAIL").containsPattern("this machine is 10 min [0-9]+ s ahead of DocuSign's OAuth host")
                .contains("issued in its future").contains("Fix: sync the clock (NTP)");
        assertThat(line("token")).startsWith("FAIL").contains("no_valid_keys_or_signatures")
                .containsPattern("The clock check above found this machine 10 min [0-9]+ s ahead of DocuSign: sync the clock \\(NTP\\) first");
    }

    @Test
    void aClockFarBehindDocuSignGivesExpiredGrantAndTheNtpFix() throws Exception {
        docusign(Duration.ofHours(2)).grantConsent();

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("clock")).startsWith("FAIL").contains("this machine is 2 h 0 min behind DocuSign's OAuth host")
                .contains("(expired_grant)").contains("Fix: sync the clock (NTP)");
        assertThat(line("token")).startsWith("FAIL").contains("expired_grant")
                .contains("synchronise this machine's clock (NTP)")
                .contains("The clock check above found this machine 2 h 0 min behind DocuSign: sync the clock (NTP) first");
    }

    @Test
    void aClockSlightlyOffIsAWarningThatDoesNotFailTheExitCode() throws Exception {
        docusign(Duration.ofSeconds(-45)).grantConsent();

        assertThat(doctor()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(line("clock")).startsWith("WARN").containsPattern("4[5-7] s ahead of").contains("sync the clock (NTP)");
        assertThat(line("token")).startsWith("PASS");
        assertThat(lines()).last().isEqualTo("doctor: all checks passed, 1 warning(s): clock");
    }

    @Test
    void aFolderThatCannotBeCreatedFailsNamingItsKey() throws Exception {
        docusign().grantConsent();
        Path file = Files.writeString(work.resolve("not-a-folder"), "x");
        props.put("outbox.dir", file.resolve("outbox").toString());

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("outbox folder")).startsWith("FAIL").contains("outbox.dir=").contains("cannot create")
                .contains("Fix: set outbox.dir to a folder the service's user can write");
        assertThat(line("inbox folder")).startsWith("PASS");
        assertThat(lines()).last().isEqualTo("doctor: 1 check(s) failed: outbox folder");
    }

    @Test
    void anUnknownConfiguredAccountFailsListingTheAvailableOnes() throws Exception {
        docusign().grantConsent();
        props.put("docusign.account-id", "11111111-2222-4333-8444-555555555555");

        assertThat(doctor()).isEqualTo(1);
        assertThat(line("account")).startsWith("FAIL").contains(docusign.defaultAccountId());
        assertThat(line("rest api")).startsWith("FAIL").contains("not checked");
    }

    @Test
    void invalidConfigurationFailsBeforeAnyCall() throws Exception {
        docusign();
        props.put("docusign.user-id", "bob@example.com");

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  configuration"))
                .anyMatch(l -> l.contains("docusign.user-id: \"bob@example.com\" looks like an e-mail address"));
        assertThat(docusign.counters().tokenRequests()).isEmpty();
    }

    @Test
    void theEmulatorEnvironmentStartsTheEmbeddedEmulatorAndPasses() {
        props.put("docusign.environment", "emulator");
        props.put("data.dir", work.resolve("data").toString());
        props.put("inbox.dir", work.resolve("inbox").toString());
        props.put("outbox.dir", work.resolve("outbox").toString());

        assertThat(doctor()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(line("oauth host")).startsWith("PASS").contains("the embedded emulator");
        assertThat(line("rest api")).startsWith("PASS").contains("HTTP 200");
        assertThat(lines()).last().isEqualTo("doctor: all checks passed");
    }
}
