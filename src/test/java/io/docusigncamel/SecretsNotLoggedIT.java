package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.auth.PrivateKeys;
import io.docusigncamel.emulator.DocuSignEmulator;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.apache.logging.log4j.Level;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

/**
 * Runs the authentication scenarios with every logger at DEBUG and proves that no access token, no JWT assertion,
 * no line of the private key and no passphrase reaches the log.
 */
class SecretsNotLoggedIT {

    /** Any compact JWS (an assertion): base64url header starting {"  .  base64url payload starting {" . */
    private static final Pattern JWS = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final String PASSPHRASE = "s3cret-Passphrase-for-the-test";

    @Test
    void debugLogsOfEveryAuthenticationScenarioHoldNoSecret() throws Exception {
        Set<String> tokens = new LinkedHashSet<>();
        List<String> keyLines = new java.util.ArrayList<>();
        String captured;
        try (LogCapture logs = LogCapture.at(Level.DEBUG)) {
            // 1. the service on its embedded emulator: token, userinfo, REST calls, a 401 healed by a new token
            try (ServiceUnderTest service = new ServiceUnderTest("secrets")
                    .property("camel.main.routes-include-pattern", "file:routes/*.yaml,classpath:routes-it/rest-probe.yaml")
                    .start()) {
                DocuSignSession session = service.bean("docuSignSession", DocuSignSession.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> session.status().ready());
                ProducerTemplate template = service.context().createProducerTemplate();
                template.requestBody("direct:rest-probe", "", String.class);
                tokens.add(session.token().value());
                service.bean("docuSignEmulator", EmbeddedEmulator.class).emulator().expireAllTokens();
                template.requestBody("direct:rest-probe", "", String.class);
                tokens.add(session.token().value());
                keyLines.addAll(pemBodyLines(service.bean("docuSignEmulator", EmbeddedEmulator.class).emulator().privateKeyFile()));
            }
            // 2. a remote DocuSign without consent, an encrypted key with a passphrase, then consent given
            try (StandaloneEmulator docusign = new StandaloneEmulator("secrets")) {
                DocuSignEmulator e = docusign.emulator();
                keyLines.addAll(pemBodyLines(e.privateKeyFile()));
                Path encrypted = encryptedCopy(e.privateKeyFile(), keysDir());
                keyLines.addAll(pemBodyLines(encrypted));
                try (ServiceUnderTest service = docusign.configure(new ServiceUnderTest("secrets-remote"))
                        .property("docusign.private-key-file", encrypted.toString())
                        .property("docusign.private-key-passphrase", PASSPHRASE)
                        .property("docusign.auth-retry-max-backoff", "1s")
                        .start()) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> e.counters().tokenRequests().values().stream().mapToLong(Long::longValue).sum() >= 2);
                    e.grantConsent();
                    DocuSignSession session = service.bean("docuSignSession", DocuSignSession.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> session.status().ready());
                    tokens.add(session.token().value());
                }
            }
            captured = logs.text();
        }

        assertThat(captured).as("DEBUG output was captured").contains("DEBUG");
        assertThat(tokens).hasSizeGreaterThanOrEqualTo(3).allSatisfy(t -> assertThat(t).hasSizeGreaterThan(16));
        for (String token : tokens) {
            assertThat(captured).as("an access token").doesNotContain(token);
        }
        assertThat(JWS.matcher(captured).find()).as("a JWT assertion in the log").isFalse();
        assertThat(captured).doesNotContain("PRIVATE KEY-----");
        assertThat(keyLines).hasSizeGreaterThan(40);
        for (String line : keyLines) {
            assertThat(captured).as("a private-key line").doesNotContain(line);
        }
        assertThat(captured).doesNotContain(PASSPHRASE);
    }

    private static Path keysDir() throws Exception {
        return Files.createDirectories(Path.of("target", "it", "secrets-keys-" + System.nanoTime()));
    }

    private static List<String> pemBodyLines(Path pem) throws Exception {
        return Files.readAllLines(pem).stream().filter(l -> !l.startsWith("-----") && l.length() >= 32).toList();
    }

    private static Path encryptedCopy(Path pkcs1, Path dir) throws Exception {
        RSAPrivateKey key = PrivateKeys.read(pkcs1, null);
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                    org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                    .setPassword(PASSPHRASE.toCharArray()).build()));
        }
        return Files.writeString(dir.resolve("encrypted.pem"), pem.toString());
    }
}
