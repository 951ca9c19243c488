package io.docusigncamel.emulator;

import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.Set;

/**
 * PEM reading and writing for the emulator's RSA keys. The demo private key is written in PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) because that is what DocuSign's console hands out (docusign-api.md §10.1), so
 * clients tested against the emulator meet the format they will meet in production. Stateless, thread-safe.
 */
final class Pem {

    private Pem() {
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA key generator", e);
        }
    }

    /** PKCS#1 PEM text of an RSA private key (BouncyCastle writes the traditional OpenSSL form for RSA keys). */
    static String pkcs1(PrivateKey key) {
        String pem = write(key);
        if (!pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException("expected a PKCS#1 PEM, BouncyCastle wrote another form");
        }
        return pem;
    }

    /** X.509 SubjectPublicKeyInfo PEM ({@code BEGIN PUBLIC KEY}), what DocuSign's console shows as the public key. */
    static String publicKey(PublicKey key) {
        return write(key);
    }

    /**
     * Parses an RSA public key from PEM: {@code BEGIN PUBLIC KEY} (SubjectPublicKeyInfo) or {@code BEGIN RSA PUBLIC
     * KEY} (PKCS#1).
     *
     * @throws IllegalArgumentException when the text holds no RSA public key
     */
    static java.security.interfaces.RSAPublicKey parsePublicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            PublicKey key;
            if (object instanceof SubjectPublicKeyInfo info) {
                key = new JcaPEMKeyConverter().getPublicKey(info);
            } else if (object instanceof RSAPublicKey rsa) {
                key = rsaKey(rsa.getModulus(), rsa.getPublicExponent());
            } else {
                throw new IllegalArgumentException("no PEM public key found (expected -----BEGIN PUBLIC KEY-----)");
            }
            if (key instanceof java.security.interfaces.RSAPublicKey rsaKey) {
                return rsaKey;
            }
            throw new IllegalArgumentException("the public key is " + key.getAlgorithm() + ", DocuSign uses RSA");
        } catch (IOException e) {
            throw new IllegalArgumentException("the public key PEM cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} readable by the owner only where the file system allows it: it is a private key. */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static PublicKey rsaKey(BigInteger modulus, BigInteger exponent) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalArgumentException("not a usable RSA public key", e);
        }
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return out.toString();
    }
}
