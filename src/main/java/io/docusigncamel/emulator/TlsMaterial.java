package io.docusigncamel.emulator;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The emulator's TLS identity: a self-signed RSA certificate for {@code CN=localhost} (SANs {@code DNS:localhost},
 * {@code IP:127.0.0.1}) in a PKCS#12 keystore for the server, and a PKCS#12 truststore holding only the certificate
 * for Java clients. Created once in the state directory and reused, so a client that trusted the emulator keeps
 * trusting it after a restart. Not thread-safe; used during start only.
 */
final class TlsMaterial {

    static final String KEYSTORE_FILE = "tls-keystore.p12";
    static final String TRUSTSTORE_FILE = "truststore.p12";
    private static final String ALIAS = "emulator";

    private final Path keystore;
    private final Path truststore;

    private TlsMaterial(Path keystore, Path truststore) {
        this.keystore = keystore;
        this.truststore = truststore;
    }

    /**
     * Loads the keystore and truststore from {@code dir}, or creates both when either is missing or unreadable with
     * the given passwords.
     */
    static TlsMaterial loadOrCreate(Path dir, char[] keystorePassword, char[] truststorePassword) throws IOException {
        Path keystore = dir.resolve(KEYSTORE_FILE);
        Path truststore = dir.resolve(TRUSTSTORE_FILE);
        if (!(readable(keystore, keystorePassword) && readable(truststore, truststorePassword))) {
            create(keystore, keystorePassword, truststore, truststorePassword);
        }
        return new TlsMaterial(keystore, truststore);
    }

    Path keystore() {
        return keystore;
    }

    Path truststore() {
        return truststore;
    }

    private static boolean readable(Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store.containsAlias(ALIAS);
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static void create(Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword)
            throws IOException {
        try {
            KeyPair pair = Pem.newRsaKeyPair();
            X509Certificate certificate = selfSigned(pair);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, pair.getPrivate(), keystorePassword, new Certificate[]{certificate});
            store(keys, keystore, keystorePassword);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            store(trust, truststore, truststorePassword);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the emulator's TLS certificate", e);
        }
    }

    private static X509Certificate selfSigned(KeyPair pair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=localhost, O=docusign-camel emulator");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        // Not a CA: clients must trust this exact certificate, never anything it could sign.
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password);
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
