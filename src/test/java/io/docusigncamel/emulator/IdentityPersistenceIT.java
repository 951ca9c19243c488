package io.docusigncamel.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Two starts on one state directory are the same DocuSign environment to a client. */
class IdentityPersistenceIT {

    @TempDir
    Path stateDir;

    private DocuSignEmulator emulator() {
        return DocuSignEmulator.builder().stateDir(stateDir).envelopeEndpoints(new RecordingEnvelopeEndpoints())
                .build();
    }

    @Test
    void secondStartKeepsIdentityTruststoreKeysAndConsent() throws Exception {
        KeyPair key = Pem.newRsaKeyPair();
        EmulatorIdentity first;
        byte[] truststore;
        String demoKey;
        try (DocuSignEmulator emulator = emulator().start()) {
            first = emulator.identity();
            truststore = Files.readAllBytes(emulator.truststoreFile());
            demoKey = Files.readString(emulator.privateKeyFile());
            emulator.registerPublicKey(emulator.integrationKey(), key.getPublic());
            emulator.grantConsent();
        }

        try (DocuSignEmulator emulator = emulator().start()) {
            assertThat(emulator.identity().integrationKey()).isEqualTo(first.integrationKey());
            assertThat(emulator.identity().userId()).isEqualTo(first.userId());
            assertThat(emulator.identity().accounts()).isEqualTo(first.accounts());
            assertThat(emulator.identity().templateId()).isEqualTo(first.templateId());
            assertThat(Files.readAllBytes(emulator.truststoreFile())).isEqualTo(truststore);
            assertThat(Files.readString(emulator.privateKeyFile())).isEqualTo(demoKey);
            // The old truststore still trusts the restarted server, and key and consent survived: a token is issued.
            EmulatorHttpClient client = EmulatorHttpClient.forEmulator(emulator);
            assertThat(client.requestToken(emulator, SignedAssertion.forDemo(emulator, key.getPrivate(),
                    Instant.now()).sign()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void lostDemoKeyIsReplacedAndRegistered() throws Exception {
        String before;
        try (DocuSignEmulator emulator = emulator().start()) {
            before = Files.readString(emulator.privateKeyFile());
            Files.delete(emulator.privateKeyFile());
        }
        try (DocuSignEmulator emulator = emulator().start()) {
            assertThat(Files.readString(emulator.privateKeyFile())).startsWith("-----BEGIN RSA PRIVATE KEY-----")
                    .isNotEqualTo(before);
            assertThat(emulator.describe().toString()).contains("publicKeyCount=1");
        }
    }
}
