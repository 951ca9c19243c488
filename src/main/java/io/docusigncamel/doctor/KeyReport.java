package io.docusigncamel.doctor;

import io.docusigncamel.auth.PrivateKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What doctor says about the private key: its PEM format, its size, and the SHA-256 fingerprint of its public half
 * (DER SubjectPublicKeyInfo), which the operator compares with the public key registered on the integration key.
 * Pure apart from reading the PEM's first label; never prints key material.
 */
final class KeyReport {

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private KeyReport() {
    }

    /** The fingerprint as colon-separated upper-case hex pairs, {@code AB:CD:...} (32 pairs). */
    static String fingerprintPairs(RSAPublicKey key) {
        String hex = PrivateKeys.fingerprint(key).toUpperCase(java.util.Locale.ROOT);
        StringBuilder pairs = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                pairs.append(':');
            }
            pairs.append(hex, i, i + 2);
        }
        return pairs.toString();
    }

    /** The PEM format of {@code pemText} in the words DocuSign users know; {@code null} when there is no BEGIN line. */
    static String format(String pemText) {
        Matcher m = BEGIN.matcher(pemText);
        if (!m.find()) {
            return null;
        }
        return switch (m.group(1)) {
            case "RSA PRIVATE KEY" -> pemText.contains("Proc-Type: 4,ENCRYPTED")
                    ? "PKCS#1, OpenSSL-encrypted (BEGIN RSA PRIVATE KEY)"
                    : "PKCS#1 (BEGIN RSA PRIVATE KEY, as DocuSign's console gives it)";
            case "PRIVATE KEY" -> "PKCS#8 (BEGIN PRIVATE KEY)";
            case "ENCRYPTED PRIVATE KEY" -> "PKCS#8, encrypted (BEGIN ENCRYPTED PRIVATE KEY)";
            default -> "PEM " + m.group(1);
        };
    }

    static String format(Path pemFile) {
        try {
            String f = format(Files.readString(pemFile, StandardCharsets.ISO_8859_1));
            return f == null ? "not PEM" : f;
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The key line for a readable key; sizes below 2048 bits cannot get here (the key reader refuses them). */
    static Finding describe(Path pemFile, RSAPublicKey publicKey) {
        int bits = publicKey.getModulus().bitLength();
        String text = pemFile + ": " + format(pemFile) + ", RSA " + bits + "-bit; public key fingerprint (SHA-256) "
                + fingerprintPairs(publicKey) + " - compare with the public key registered on DocuSign's Apps and Keys "
                + "page (`openssl pkey -pubin -in public.pem -outform DER | sha256sum` gives the same digest for that "
                + "key; `openssl rsa -in " + pemFile + " -pubout` prints this one)";
        if (bits < 2048) {
            return Finding.fail(text, "DocuSign needs at least 2048 bits: generate a new RSA key pair on the integration key");
        }
        return Finding.pass(text);
    }
}
