package io.docusigncamel.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared Connect fixtures ({@code shared/fixtures/connect/}): verbatim JSON SIM payloads and the derived
 * HMAC-SHA256 test vectors, read as raw bytes from the project's sibling {@code shared} folder.
 */
final class ConnectFixtures {

    static final Path DIR = Path.of("..", "shared", "fixtures", "connect");
    static final String COMPLETED_WITH_SUMMARY = "jsonsim-envelope-completed-with-envelopesummary.redacted.json";
    static final String COMPLETED_WITHOUT_DATA = "jsonsim-envelope-completed-without-includedata.json";
    static final String RECIPIENT_COMPLETED = "jsonsim-recipient-completed-without-includedata.json";
    static final String HEADER_1 = "X-DocuSign-Signature-1";
    static final String HEADER_2 = "X-DocuSign-Signature-2";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConnectFixtures() {
    }

    static byte[] bytes(String fileName) {
        try {
            return Files.readAllBytes(DIR.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + DIR.resolve(fileName).toAbsolutePath() + " is missing", e);
        }
    }

    static JsonNode vectorsFile() {
        try {
            return MAPPER.readTree(bytes("hmac-sha256-test-vectors.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fake HMAC keys, by the header each one signs. */
    static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        vectorsFile().path("keys").fields().forEachRemaining(entry -> keys.put(entry.getKey(), entry.getValue().asText()));
        return keys;
    }

    static List<Secret> allKeys() {
        return keys().values().stream().map(Secret::of).toList();
    }

    /** One vector: a payload file, its two signatures and its negative cases. */
    record Vector(String payloadFile, int payloadBytes, Map<String, String> signatures, String trailingNewlineSignature,
                  String base64DecodedKeySignature) {

        byte[] payload() {
            return bytes(payloadFile);
        }

        @Override
        public String toString() {
            return payloadFile;
        }
    }

    static List<Vector> vectors() {
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode vector : vectorsFile().path("vectors")) {
            Map<String, String> signatures = new LinkedHashMap<>();
            vector.path("headers").fields().forEachRemaining(entry -> {
                if (entry.getKey().startsWith("X-DocuSign-Signature-")) {
                    signatures.put(entry.getKey(), entry.getValue().asText());
                }
            });
            vectors.add(new Vector(vector.path("payloadFile").asText(), vector.path("payloadBytes").asInt(), signatures,
                    vector.path("negativeCases").path("signatureIfBodyHadTrailingNewline").asText(),
                    vector.path("negativeCases").path("signatureIfKeyWereBase64DecodedFirst").asText()));
        }
        return vectors;
    }
}
