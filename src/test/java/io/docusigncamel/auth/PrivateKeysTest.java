package io.docusigncamel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeysTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void readsPkcs1KeyAsDocuSignConsoleGivesIt() throws Exception {
        Path file = TestKeys.writePkcs1(dir.resolve("pkcs1.pem"), TestKeys.rsaPrivate());
        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(PrivateKeys.read(file, null).getModulus()).isEqualTo(TestKeys.rsaPrivate().getModulus());
    }

    @Test
    void readsPkcs8Key() throws Exception {
        Path file = TestKeys.writePkcs8(dir.resolve("pkcs8.pem"), TestKeys.rsaPrivate());
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");

        assertThat(PrivateKeys.read(file, null).getPrivateExponent()).isEqualTo(TestKeys.rsaPrivate().getPrivateExponent());
    }

    @Test
    void readsEncryptedPkcs8KeyWithTheRightPassphrase() throws Exception {
        Path file = TestKeys.writeEncryptedPkcs8(dir.resolve("enc.pem"), TestKeys.rsaPrivate(), PASSPHRASE);
        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThat(PrivateKeys.read(file, PASSPHRASE.clone()).getModulus()).isEqualTo(TestKeys.rsaPrivate().getModulus());
    }

    @Test
    void readsLegacyOpenSslEncryptedPkcs1Key() throws Exception {
        Path file = TestKeys.writeLegacyEncryptedPkcs1(dir.resolve("legacy.pem"), TestKeys.rsaPrivate(), PASSPHRASE);
        assertThat(Files.readString(file)).contains("Proc-Type: 4,ENCRYPTED");

        assertThat(PrivateKeys.read(file, PASSPHRASE.clone()).getModulus()).isEqualTo(TestKeys.rsaPrivate().getModulus());
    }

    @Test
    void rejectsEncryptedPkcs8KeyWithWrongPassphrase() throws Exception {
        Path file = TestKeys.writeEncryptedPkcs8(dir.resolve("enc.pem"), TestKeys.rsaPrivate(), PASSPHRASE);

        assertThatThrownBy(() -> PrivateKeys.read(file, "wrong".toCharArray()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("wrong passphrase")
                .hasMessageContaining("docusign.private-key-passphrase")
                .hasMessageNotContaining("wrong\"");
    }

    @Test
    void rejectsLegacyEncryptedKeyWithWrongPassphrase() throws Exception {
        Path file = TestKeys.writeLegacyEncryptedPkcs1(dir.resolve("legacy.pem"), TestKeys.rsaPrivate(), PASSPHRASE);

        assertThatThrownBy(() -> PrivateKeys.read(file, "wrong".toCharArray()))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void asksForThePassphraseWhenAnEncryptedKeyHasNone() throws Exception {
        Path file = TestKeys.writeEncryptedPkcs8(dir.resolve("enc.pem"), TestKeys.rsaPrivate(), PASSPHRASE);

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("ENCRYPTED PRIVATE KEY")
                .hasMessageContaining("is encrypted: set docusign.private-key-passphrase");
    }

    @Test
    void explainsThatAPublicKeyIsNotThePrivateKey() throws Exception {
        Path file = TestKeys.writePublicKey(dir.resolve("public.pem"), TestKeys.rsa());

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file + ": found an RSA PUBLIC KEY")
                .hasMessageContaining("DocuSign needs the private key");
    }

    @Test
    void explainsThatACertificateIsNotThePrivateKey() throws Exception {
        Path file = TestKeys.writeCertificate(dir.resolve("cert.pem"), TestKeys.rsa());

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file + ": found a CERTIFICATE")
                .hasMessageContaining("DocuSign needs the private key");
    }

    @Test
    void rejectsGarbageAsNotPem() throws Exception {
        Path file = TestKeys.write(dir.resolve("garbage.pem"), "this is not a key\n");

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("not PEM (no -----BEGIN line)");
    }

    @Test
    void rejectsBrokenBase64InsideAPemBlock() throws Exception {
        Path file = TestKeys.write(dir.resolve("broken.pem"), "-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        Path file = TestKeys.write(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("empty");
    }

    @Test
    void rejectsAMissingFile() {
        Path file = dir.resolve("absent.pem");

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("file not found")
                .hasMessageContaining("docusign.private-key-file");
    }

    @Test
    void rejectsAnEcKeyBecauseDocuSignNeedsRsa() throws Exception {
        KeyPair ec = TestKeys.generate("EC", 256);
        Path sec1 = TestKeys.writePkcs1(dir.resolve("ec.pem"), ec.getPrivate());
        Path pkcs8 = TestKeys.writePkcs8(dir.resolve("ec8.pem"), ec.getPrivate());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        for (Path file : new Path[] {sec1, pkcs8}) {
            assertThatThrownBy(() -> PrivateKeys.read(file, null))
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageStartingWith(file + ": found an EC private key")
                    .hasMessageContaining("DocuSign needs RSA");
        }
    }

    @Test
    void rejectsAnRsaKeyTooShortForRs256() throws Exception {
        Path file = TestKeys.writePkcs1(dir.resolve("short.pem"), TestKeys.generate("RSA", 1024).getPrivate());

        assertThatThrownBy(() -> PrivateKeys.read(file, null))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("1024-bit")
                .hasMessageContaining("at least 2048");
    }

    @Test
    void derivesThePublicKeyFromThePrivateKey() throws Exception {
        RSAPrivateKey key = PrivateKeys.read(TestKeys.writePkcs1(dir.resolve("k.pem"), TestKeys.rsaPrivate()), null);

        assertThat(PrivateKeys.publicKeyOf(key)).isEqualTo(TestKeys.rsaPublic());
    }

    @Test
    void fingerprintIsStableForTheSameKeyAndDiffersForAnother() throws IOException, KeyFileException {
        RSAPrivateKey fromPkcs1 = PrivateKeys.read(TestKeys.writePkcs1(dir.resolve("a.pem"), TestKeys.rsaPrivate()), null);
        RSAPrivateKey fromPkcs8 = PrivateKeys.read(TestKeys.writePkcs8(dir.resolve("b.pem"), TestKeys.rsaPrivate()), null);

        String fingerprint = PrivateKeys.fingerprint(PrivateKeys.publicKeyOf(fromPkcs1));

        assertThat(fingerprint).matches("[0-9a-f]{64}")
                .isEqualTo(PrivateKeys.fingerprint(PrivateKeys.publicKeyOf(fromPkcs8)))
                .isEqualTo(PrivateKeys.fingerprint(TestKeys.rsaPublic()))
                .isNotEqualTo(PrivateKeys.fingerprint((java.security.interfaces.RSAPublicKey) TestKeys.otherRsa().getPublic()));
    }
}
