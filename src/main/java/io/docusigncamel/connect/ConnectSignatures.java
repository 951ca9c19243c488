package io.docusigncamel.connect;

import io.docusigncamel.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks DocuSign Connect's HMAC signatures: each {@code X-DocuSign-Signature-N} header is
 * {@code base64(HMAC-SHA256(key, body))}, where the key is the UTF-8 bytes of the secret as Connect shows it (not
 * base64-decoded) and the body is the request's raw bytes, exactly as received. A message is genuine if any header
 * matches any configured key (DocuSign signs with every active key, so keys can be rotated). Comparisons are
 * constant-time. Immutable and thread-safe; the keys never leave this object.
 */
public final class ConnectSignatures {

    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    public ConnectSignatures(Collection<Secret> secrets) {
        List<SecretKeySpec> specs = new ArrayList<>();
        for (Secret secret : secrets) {
            specs.add(new SecretKeySpec(new String(secret.chars()).getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
        this.keys = List.copyOf(specs);
    }

    /** Whether any of {@code signatures} (header values, base64) is the HMAC of {@code body} under any key. */
    public boolean verify(byte[] body, Collection<String> signatures) {
        List<byte[]> expected = new ArrayList<>();
        for (SecretKeySpec key : keys) {
            expected.add(hmac(key, body));
        }
        boolean match = false;
        for (String signature : signatures) {
            byte[] given = decode(signature);
            if (given == null) {
                continue;
            }
            for (byte[] mac : expected) {
                // no early exit: the time taken does not tell which key or header came close
                match |= MessageDigest.isEqual(mac, given);
            }
        }
        return match;
    }

    /** The signature of {@code body} under each key, in key order (for tests and for signing test messages). */
    public List<String> sign(byte[] body) {
        List<String> signatures = new ArrayList<>();
        for (SecretKeySpec key : keys) {
            signatures.add(Base64.getEncoder().encodeToString(hmac(key, body)));
        }
        return signatures;
    }

    public int keyCount() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "ConnectSignatures[" + keys.size() + " keys]";
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    private static byte[] decode(String signature) {
        if (signature == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
