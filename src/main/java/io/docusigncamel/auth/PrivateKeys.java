package io.docusigncamel.auth;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads the integration's RSA private key from a PEM file, in every form DocuSign users hold it: PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, what the DocuSign console generates), PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) and legacy OpenSSL-encrypted PKCS#1
 * ({@code Proc-Type: 4,ENCRYPTED}). Parsing is BouncyCastle's; the provider is used per call and never registered
 * globally, so reading a key does not change how the rest of the JVM resolves algorithms.
 *
 * <p>Every failure is a {@link KeyFileException} naming the file and what was found instead; a key is never
 * returned as {@code null} (the DocuSign SDK's failure mode). Stateless and thread-safe.
 */
public final class PrivateKeys {

    /** nimbus-jose-jwt refuses to sign RS256 with smaller keys; DocuSign generates 2048-bit keys. */
    static final int MINIMUM_KEY_BITS = 2048;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PrivateKeys() {
    }

    /**
     * Reads the RSA private key in {@code pemFile}.
     *
     * @param passphraseOrNull the passphrase of an encrypted key, or {@code null} when none is configured; the
     *                         caller keeps ownership of the array (it is not stored)
     */
    public static RSAPrivateKey read(Path pemFile, char[] passphraseOrNull) throws KeyFileException {
        String text = readText(pemFile);
        if (!text.contains("-----BEGIN ")) {
            throw new KeyFileException(pemFile, text.isBlank()
                    ? "the file is empty; docusign.private-key-file must be the PEM private key (-----BEGIN RSA PRIVATE KEY-----) of the integration key's RSA key pair"
                    : "not PEM (no -----BEGIN line); docusign.private-key-file must be the PEM private key (-----BEGIN RSA PRIVATE KEY-----) of the integration key's RSA key pair");
        }
        List<Object> objects = parse(pemFile, text);
        List<String> found = new ArrayList<>();
        for (Object object : objects) {
            PrivateKeyInfo info = privateKeyInfo(pemFile, object, passphraseOrNull);
            if (info != null) {
                return rsa(pemFile, info);
            }
            found.add(describe(object));
        }
        throw new KeyFileException(pemFile, "found " + (found.isEmpty() ? "no PEM object" : String.join(" and ", found))
                + ", but DocuSign needs the private key; point docusign.private-key-file at the file holding "
                + "-----BEGIN RSA PRIVATE KEY----- (or -----BEGIN PRIVATE KEY-----), whose public key is registered on the integration key");
    }

    /** The public half of {@code key}, computed from its CRT parameters (the public exponent is in every PEM private key). */
    public static RSAPublicKey publicKeyOf(RSAPrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("the private key carries no public exponent (not a CRT key); read it with PrivateKeys.read");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build an RSA public key", e);
        }
    }

    /**
     * SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex: the same value as
     * {@code openssl pkey -in key.pem -pubout -outform DER | sha256sum}, so an operator can compare the key the
     * service uses with the public key uploaded to DocuSign.
     */
    public static String fingerprint(RSAPublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String readText(Path pemFile) throws KeyFileException {
        try {
            return Files.readString(pemFile, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(pemFile, "file not found; set docusign.private-key-file to the PEM private key of the integration key's RSA key pair");
        } catch (AccessDeniedException e) {
            throw new KeyFileException(pemFile, "file not readable by this process (permission denied); give the service user read access");
        } catch (IOException e) {
            throw new KeyFileException(pemFile, "file not readable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<Object> parse(Path pemFile, String text) throws KeyFileException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports unknown labels and broken base64 this way; its message holds no key material.
            throw new KeyFileException(pemFile, "not a readable PEM key (" + e.getMessage() + ")", e);
        }
        return objects;
    }

    /** The private key info in {@code object}, decrypting it if needed, or {@code null} if it holds no private key. */
    private static PrivateKeyInfo privateKeyInfo(Path pemFile, Object object, char[] passphrase) throws KeyFileException {
        if (object instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (object instanceof PrivateKeyInfo info) {
            return info;
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            requirePassphrase(pemFile, passphrase, "an encrypted PKCS#8 private key (BEGIN ENCRYPTED PRIVATE KEY)");
            try {
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            } catch (PKCSException | OperatorCreationException e) {
                throw new KeyFileException(pemFile, "wrong passphrase for the encrypted PKCS#8 private key; check docusign.private-key-passphrase", e);
            }
        }
        if (object instanceof PEMEncryptedKeyPair encrypted) {
            requirePassphrase(pemFile, passphrase, "an OpenSSL-encrypted private key (Proc-Type: 4,ENCRYPTED)");
            try {
                return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passphrase)).getPrivateKeyInfo();
            } catch (IOException | RuntimeException e) {
                throw new KeyFileException(pemFile, "wrong passphrase for the OpenSSL-encrypted private key; check docusign.private-key-passphrase", e);
            }
        }
        return null;
    }

    private static void requirePassphrase(Path pemFile, char[] passphrase, String what) throws KeyFileException {
        if (passphrase == null || passphrase.length == 0) {
            throw new KeyFileException(pemFile, "found " + what + ", which is encrypted: set docusign.private-key-passphrase "
                    + "(from the environment: DOCUSIGN_PRIVATE_KEY_PASSPHRASE)");
        }
    }

    private static RSAPrivateKey rsa(Path pemFile, PrivateKeyInfo info) throws KeyFileException {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            throw new KeyFileException(pemFile, "found " + keyKind(algorithm) + ", but DocuSign needs RSA (RS256); "
                    + "generate an RSA key pair on the integration key (Apps and Keys) and use its private key");
        }
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new KeyFileException(pemFile, "the RSA private key is malformed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!(key instanceof RSAPrivateKey rsaKey)) {
            throw new KeyFileException(pemFile, "the RSA private key could not be converted (" + key.getAlgorithm() + ")");
        }
        int bits = rsaKey.getModulus().bitLength();
        if (bits < MINIMUM_KEY_BITS) {
            throw new KeyFileException(pemFile, "found a " + bits + "-bit RSA private key; RS256 needs at least "
                    + MINIMUM_KEY_BITS + " bits: generate a new key pair on the integration key");
        }
        return rsaKey;
    }

    private static String keyKind(ASN1ObjectIdentifier algorithm) {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            return "an EC private key";
        }
        if (X9ObjectIdentifiers.id_dsa.equals(algorithm)) {
            return "a DSA private key";
        }
        if ("1.3.101.112".equals(algorithm.getId()) || "1.3.101.113".equals(algorithm.getId())) {
            return "an EdDSA private key";
        }
        return "a private key of algorithm " + algorithm.getId();
    }

    private static String describe(Object object) {
        if (object instanceof SubjectPublicKeyInfo spki) {
            return PKCSObjectIdentifiers.rsaEncryption.equals(spki.getAlgorithm().getAlgorithm())
                    ? "an RSA PUBLIC KEY (the half you upload to DocuSign)"
                    : "a PUBLIC KEY";
        }
        if (object instanceof X509CertificateHolder) {
            return "a CERTIFICATE";
        }
        if (object instanceof PKCS10CertificationRequest) {
            return "a CERTIFICATE REQUEST";
        }
        if (object instanceof ASN1ObjectIdentifier) {
            return "EC PARAMETERS";
        }
        return "a " + object.getClass().getSimpleName();
    }
}
