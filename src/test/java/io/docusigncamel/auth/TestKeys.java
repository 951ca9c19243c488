package io.docusigncamel.auth;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key pairs generated for the test run (never committed) and PEM files in every format a user may hold, written
 * with BouncyCastle's writers as openssl would write them.
 */
final class TestKeys {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final KeyPair RSA = generate("RSA", 2048);
    private static final KeyPair OTHER_RSA = generate("RSA", 2048);

    private TestKeys() {
    }

    /** The RSA key pair most tests sign with. */
    static KeyPair rsa() {
        return RSA;
    }

    static RSAPrivateKey rsaPrivate() {
        return (RSAPrivateKey) RSA.getPrivate();
    }

    static RSAPublicKey rsaPublic() {
        return (RSAPublicKey) RSA.getPublic();
    }

    /** A second pair, for "does not verify with another key". */
    static KeyPair otherRsa() {
        return OTHER_RSA;
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}, what DocuSign's console gives. */
    static Path writePkcs1(Path file, PrivateKey key) throws IOException {
        return write(file, pem(key));
    }

    /** {@code -----BEGIN PRIVATE KEY-----}. */
    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return write(file, pem(new JcaPKCS8Generator(key, null)));
    }

    /** {@code -----BEGIN ENCRYPTED PRIVATE KEY-----} (PBES2, AES-256-CBC). */
    static Path writeEncryptedPkcs8(Path file, PrivateKey key, char[] passphrase) throws IOException {
        try {
            return write(file, pem(new JcaPKCS8Generator(key,
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(passphrase).build())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Legacy {@code Proc-Type: 4,ENCRYPTED} PKCS#1, as {@code openssl genrsa -aes128} writes it. */
    static Path writeLegacyEncryptedPkcs1(Path file, PrivateKey key, char[] passphrase) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(passphrase));
        }
        return write(file, text.toString());
    }

    /** {@code -----BEGIN PUBLIC KEY-----}. */
    static Path writePublicKey(Path file, KeyPair pair) throws IOException {
        return write(file, pem(pair.getPublic()));
    }

    /** A self-signed {@code -----BEGIN CERTIFICATE-----} for the pair. */
    static Path writeCertificate(Path file, KeyPair pair) throws IOException {
        try {
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=docusign-camel test");
            var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)),
                    name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return write(file, pem(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
