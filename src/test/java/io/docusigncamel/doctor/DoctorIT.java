package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.StandaloneEmulator;
import io.docusigncamel.emulator.DocuSignEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** doctor against a DocuSign (the emulator) that refuses for each reason an operator meets: the fix is printed. */
class DoctorIT {

    private StandaloneEmulator docusign;
    private final Map<String, String> props = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        docusign = new StandaloneEmulator("doctor");
        DocuSignEmulator e = docusign.emulator();
        props.put("docusign.environment", "demo");
        props.put("docusign.oauth-base-url", e.oauthBaseUrl());
        props.put("docusign.integration-key", e.integrationKey());
        props.put("docusign.user-id", e.userId());
        props.put("docusign.private-key-file", e.privateKeyFile().toString());
        props.put("docusign.truststore-file", e.truststoreFile().toString());
        props.put("docusign.truststore-password", e.truststorePassword());
        props.put("docusign.consent-redirect-uri", e.redirectUri());
    }

    @AfterEach
    void stop() {
        docusign.close();
    }

    private int doctor() {
        return new Doctor(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC())
                .check(k -> Optional.ofNullable(props.get(k)));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void passesEveryCheckOnceConsentIsGiven() throws Exception {
        docusign.emulator().grantConsent();

        assertThat(doctor()).isZero();
        assertThat(lines()).anyMatch(l -> l.startsWith("PASS  private key") && l.contains("fingerprint (SHA-256)"))
                .anyMatch(l -> l.startsWith("PASS  token"))
                .anyMatch(l -> l.startsWith("PASS  consent"))
                .anyMatch(l -> l.startsWith("PASS  account") && l.contains(docusign.emulator().defaultAccountId())
                        && l.contains(docusign.emulator().restBaseUri()))
                .contains("doctor: all checks passed");
    }

    @Test
    void missingConsentFailsWithTheConsentUrl() {
        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  consent") && l.contains("/oauth/auth?response_type=code"
                        + "&scope=signature%20impersonation&client_id=" + docusign.emulator().integrationKey()))
                .anyMatch(l -> l.startsWith("FAIL  account") && l.contains("not checked"));
    }

    @Test
    void unknownIntegrationKeyFailsTheTokenCheckWithTheFix() {
        props.put("docusign.integration-key", "00000000-0000-4000-8000-000000000000");

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  token") && l.contains("issuer_not_found")
                && l.contains("docusign.integration-key"));
    }

    @Test
    void unknownUserFailsTheTokenCheckWithTheFix() throws Exception {
        docusign.emulator().grantConsent();
        props.put("docusign.user-id", "00000000-0000-4000-8000-000000000001");

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  token") && l.contains("user_not_found")
                && l.contains("docusign.user-id"));
    }

    @Test
    void aKeyNotRegisteredOnTheIntegrationKeyFailsWithNoValidKeys(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        docusign.emulator().grantConsent();
        props.put("docusign.private-key-file", KeyFiles.newPkcs1Key(dir).toString());

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("PASS  private key"))
                .anyMatch(l -> l.startsWith("FAIL  token") && l.contains("no_valid_keys_or_signatures"));
    }

    @Test
    void anUnknownConfiguredAccountFailsListingTheAvailableOnes() throws Exception {
        docusign.emulator().grantConsent();
        props.put("docusign.account-id", "11111111-2222-4333-8444-555555555555");

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  account") && l.contains(docusign.emulator().defaultAccountId()));
    }

    @Test
    void invalidConfigurationFailsBeforeAnyCall() {
        props.put("docusign.user-id", "bob@example.com");

        assertThat(doctor()).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.startsWith("FAIL  configuration"))
                .anyMatch(l -> l.contains("docusign.user-id: \"bob@example.com\" looks like an e-mail address"));
        assertThat(docusign.emulator().counters().tokenRequests()).isEmpty();
    }
}
