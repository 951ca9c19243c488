package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.auth.PrivateKeys;
import io.docusigncamel.doctor.Finding.Verdict;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyReportTest {

    @TempDir
    Path dir;

    @Test
    void theFingerprintIsTheSha256OfTheSubjectPublicKeyInfoInHexPairs() throws Exception {
        Path file = KeyFiles.newPkcs1Key(dir);
        RSAPublicKey key = PrivateKeys.publicKeyOf(PrivateKeys.read(file, null));
        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));

        assertThat(KeyReport.fingerprintPairs(key)).isEqualTo(expected).hasSize(32 * 3 - 1);
        Finding finding = KeyReport.describe(file, key);
        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
        assertThat(finding.found()).contains("PKCS#1 (BEGIN RSA PRIVATE KEY").contains("RSA 2048-bit")
                .contains("fingerprint (SHA-256) " + expected).contains("Apps and Keys")
                .contains("openssl rsa -in " + file + " -pubout").contains("openssl pkey -pubin -in public.pem -outform DER | sha256sum");
    }

    @Test
    void namesThePemFormats() {
        assertThat(KeyReport.format("-----BEGIN RSA PRIVATE KEY-----\nMII...")).startsWith("PKCS#1 (");
        assertThat(KeyReport.format("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"))
                .startsWith("PKCS#1, OpenSSL-encrypted");
        assertThat(KeyReport.format("-----BEGIN PRIVATE KEY-----\n")).startsWith("PKCS#8 (");
        assertThat(KeyReport.format("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")).startsWith("PKCS#8, encrypted");
        assertThat(KeyReport.format("-----BEGIN PUBLIC KEY-----\n")).isEqualTo("PEM PUBLIC KEY");
        assertThat(KeyReport.format("hello")).isNull();
    }
}
