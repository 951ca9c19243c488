package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test driver for an {@link EnvelopeWorld}: calls it as the HTTP front would (account, path, query, body) and
 * builds envelope definitions. Not thread-safe beyond what the world itself offers.
 */
final class EmulatorClient {

    static final String ACCOUNT = "acct-1";
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final EnvelopeWorld world;

    EmulatorClient(EnvelopeWorld world) {
        this.world = world;
    }

    EmulatorResponse rest(String method, String path, String query, String body) {
        return world.handleRest(method, ACCOUNT, path, query(query), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    EmulatorResponse get(String path, String query) {
        return rest("GET", path, query, null);
    }

    EmulatorResponse post(String path, JsonNode body) {
        return rest("POST", path, "", body.toString());
    }

    EmulatorResponse control(String method, String path, String body) {
        return world.handleControl(method, path, Map.of(), body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates an envelope and returns its id; fails the test when creation is refused. */
    String create(JsonNode definition) {
        EmulatorResponse response = post("/envelopes", definition);
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response.status() + " " + response.bodyText());
        }
        return json(response).get("envelopeId").asText();
    }

    JsonNode envelope(String envelopeId, String query) {
        return json(get("/envelopes/" + envelopeId, query));
    }

    JsonNode controlView(String envelopeId) {
        return json(control("GET", "/envelopes/" + envelopeId, null));
    }

    static JsonNode json(EmulatorResponse response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.bodyText(), e);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Query string to the decoded multi-map the HTTP front passes (form decoding: {@code +} is a space). */
    static Map<String, List<String>> query(String query) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return map;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return map;
    }

    static String pdfBase64(int pages) {
        PdfWriter writer = new PdfWriter();
        for (int page = 1; page <= pages; page++) {
            writer.page("Contract page " + page, List.of("Terms"));
        }
        return Base64.getEncoder().encodeToString(writer.toBytes());
    }

    /** A sendable definition: one two-page PDF, signer 1 with a sign-here tab on page 2, carbon copy 2. */
    static ObjectNode sentDefinition() {
        ObjectNode definition = MAPPER.createObjectNode();
        definition.put("emailSubject", "Please sign this document set");
        definition.put("emailBlurb", "Hello");
        definition.put("status", "sent");
        ObjectNode document = definition.putArray("documents").addObject();
        document.put("documentBase64", pdfBase64(2));
        document.put("name", "Contract.pdf");
        document.put("fileExtension", "pdf");
        document.put("documentId", "1");
        ObjectNode recipients = definition.putObject("recipients");
        ObjectNode signer = recipients.putArray("signers").addObject();
        signer.put("email", "signer@example.com");
        signer.put("name", "Sam Signer");
        signer.put("recipientId", "1");
        signer.put("routingOrder", "1");
        ObjectNode signHere = signer.putObject("tabs").putArray("signHereTabs").addObject();
        signHere.put("documentId", "1");
        signHere.put("pageNumber", "2");
        signHere.put("xPosition", "191");
        signHere.put("yPosition", "148");
        ObjectNode cc = recipients.putArray("carbonCopies").addObject();
        cc.put("email", "cc@example.com");
        cc.put("name", "Cee Cee");
        cc.put("recipientId", "2");
        cc.put("routingOrder", "2");
        ArrayNode fields = definition.putObject("customFields").putArray("textCustomFields");
        fields.addObject().put("name", "caseId").put("value", "ABC-123").put("show", "false").put("required", "false");
        return definition;
    }

    static ObjectNode signer(ObjectNode definition) {
        return (ObjectNode) definition.get("recipients").get("signers").get(0);
    }

    static ObjectNode signHereTab(ObjectNode definition) {
        return (ObjectNode) signer(definition).get("tabs").get("signHereTabs").get(0);
    }
}
