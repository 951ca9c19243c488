package io.docusigncamel.emulator.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DocuSign Connect's HMAC signature (docusign-api.md §8.3): {@code base64(HMAC-SHA256(key, body))} where the key is
 * the UTF-8 bytes of the secret string as Connect settings show it (not base64-decoded) and the message is the
 * exact body bytes. Stateless and thread-safe.
 */
public final class ConnectSignature {

    private static final String ALGORITHM = "HmacSHA256";

    private ConnectSignature() {
    }

    /** The value of an {@code X-DocuSign-Signature-N} header for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
