package io.docusigncamel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.config.Secret;
import io.docusigncamel.connect.ConnectFixtures.Vector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ConnectSignatures} against the derived HMAC-SHA256 vectors of {@code shared/fixtures/connect/}
 * (docusign-api.md §8.3): the key is the UTF-8 bytes of the secret string, the message the raw body byte for byte,
 * any {@code X-DocuSign-Signature-N} may match any key; everything else — a changed byte, an added newline, a
 * base64-decoded key, a wrong key, a header that is not base64 — is refused, and the keys never show in
 * {@code toString()}.
 */
class ConnectSignaturesTest {

    private static final Map<String, String> KEYS = ConnectFixtures.keys();

    static Stream<Vector> vectors() {
        return ConnectFixtures.vectors().stream();
    }

    private static ConnectSignatures withKey(String header) {
        return new ConnectSignatures(List.of(Secret.of(KEYS.get(header))));
    }

    private static ConnectSignatures withBothKeys() {
        return new ConnectSignatures(ConnectFixtures.allKeys());
    }

    @Test
    void theFixturesAreTheVerbatimPayloadsTheVectorsWereComputedFrom() {
        assertThat(ConnectFixtures.vectors()).hasSize(2);
        for (Vector vector : ConnectFixtures.vectors()) {
            assertThat(vector.payload()).as(vector.payloadFile()).hasSize(vector.payloadBytes());
            assertThat(vector.signatures()).containsOnlyKeys(ConnectFixtures.HEADER_1, ConnectFixtures.HEADER_2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eachHeaderVerifiesWithTheKeyThatMadeIt(Vector vector) {
        for (Map.Entry<String, String> header : vector.signatures().entrySet()) {
            assertThat(withKey(header.getKey()).verify(vector.payload(), List.of(header.getValue())))
                    .as("%s alone with its own key", header.getKey()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eachHeaderAloneVerifiesWhenBothKeysAreConfigured(Vector vector) {
        ConnectSignatures signatures = withBothKeys();
        for (String signature : vector.signatures().values()) {
            assertThat(signatures.verify(vector.payload(), List.of(signature))).as(signature).isTrue();
        }
        assertThat(signatures.verify(vector.payload(), vector.signatures().values())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void oneConfiguredKeyVerifiesAMessageThatAlsoCarriesASignatureOfAnotherKey(Vector vector) {
        // key rotation: DocuSign signs with every active key; the listener may know only one of them
        assertThat(withKey(ConnectFixtures.HEADER_2).verify(vector.payload(), vector.signatures().values())).isTrue();
        assertThat(withKey(ConnectFixtures.HEADER_1).verify(vector.payload(),
                List.of(vector.signatures().get(ConnectFixtures.HEADER_2), vector.signatures().get(ConnectFixtures.HEADER_1))))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signsExactlyAsTheVectorsSay(Vector vector) {
        assertThat(withBothKeys().sign(vector.payload())).containsExactly(
                vector.signatures().get(ConnectFixtures.HEADER_1), vector.signatures().get(ConnectFixtures.HEADER_2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesTheSignatureOfTheBodyWithATrailingNewline(Vector vector) {
        assertThat(withBothKeys().verify(vector.payload(), List.of(vector.trailingNewlineSignature()))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesTheSignatureMadeWithABase64DecodedKey(Vector vector) {
        assertThat(withBothKeys().verify(vector.payload(), List.of(vector.base64DecodedKeySignature()))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesABodyWithATrailingNewlineUnderTheOriginalSignatures(Vector vector) {
        byte[] withNewline = Arrays.copyOf(vector.payload(), vector.payload().length + 1);
        withNewline[withNewline.length - 1] = '\n';

        assertThat(withBothKeys().verify(withNewline, vector.signatures().values())).isFalse();
        // and the newline body is exactly what the vector's negative case signed
        assertThat(withKey(ConnectFixtures.HEADER_1).verify(withNewline, List.of(vector.trailingNewlineSignature())))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesABodyWithOneByteChanged(Vector vector) {
        byte[] payload = vector.payload();
        for (int position : new int[] {0, payload.length / 2, payload.length - 1}) {
            byte[] tampered = payload.clone();
            tampered[position] ^= 0x01;
            assertThat(withBothKeys().verify(tampered, vector.signatures().values())).as("byte %d", position).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesEverySignatureUnderAWrongKey(Vector vector) {
        ConnectSignatures wrong = new ConnectSignatures(List.of(Secret.of("not-the-connect-key"),
                Secret.of(KEYS.get(ConnectFixtures.HEADER_1) + " ")));

        assertThat(wrong.verify(vector.payload(), vector.signatures().values())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void refusesHeadersThatAreNotSignatures(Vector vector) {
        ConnectSignatures signatures = withBothKeys();
        byte[] payload = vector.payload();
        String valid = vector.signatures().get(ConnectFixtures.HEADER_1);

        assertThat(signatures.verify(payload, List.of("not base64 at all!"))).isFalse();
        assertThat(signatures.verify(payload, List.of(""))).isFalse();
        assertThat(signatures.verify(payload, List.of("AAAA"))).isFalse();
        assertThat(signatures.verify(payload, List.of(valid.substring(0, valid.length() - 4)))).isFalse();
        assertThat(signatures.verify(payload, List.of("HMACSHA256"))).isFalse();
        assertThat(signatures.verify(payload, List.of())).isFalse();
        // garbage next to a valid header does not hide the valid one
        assertThat(signatures.verify(payload, List.of("%%%", valid))).isTrue();
    }

    @Test
    void withoutKeysNothingVerifies() {
        Vector vector = ConnectFixtures.vectors().get(0);

        assertThat(new ConnectSignatures(List.of()).verify(vector.payload(), vector.signatures().values())).isFalse();
    }

    @Test
    void theKeyIsTheSecretsUtf8BytesSoANonAsciiKeyWorks() throws Exception {
        byte[] body = "{\"event\":\"envelope-sent\"}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("schlüssel-ß".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(body));

        ConnectSignatures umlaut = new ConnectSignatures(List.of(Secret.of("schlüssel-ß")));

        assertThat(umlaut.sign(body)).containsExactly(expected);
        assertThat(umlaut.verify(body, List.of(expected))).isTrue();
    }

    @Test
    void toStringNamesNoKey() {
        ConnectSignatures signatures = withBothKeys();

        assertThat(signatures.toString()).contains("2 keys");
        for (String key : KEYS.values()) {
            assertThat(signatures.toString()).doesNotContain(key).doesNotContain(key.substring(0, 8));
        }
        assertThat(signatures.keyCount()).isEqualTo(2);
    }
}
