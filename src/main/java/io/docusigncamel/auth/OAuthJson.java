package io.docusigncamel.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lenient reading of DocuSign OAuth JSON bodies, and quoting them in error messages. Stateless and thread-safe
 * (a configured {@link ObjectMapper} is).
 */
final class OAuthJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int QUOTE_LIMIT = 300;

    private OAuthJson() {
    }

    /** The JSON object in {@code body}, or {@code null} if it is empty, not JSON, or not an object. */
    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A text field, or {@code null} when absent, null or not a scalar. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    /** A whole number of seconds, as a JSON number or numeric string; -1 when absent or not positive. */
    static long positiveSeconds(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return -1;
        }
        if (value.isIntegralNumber()) {
            return value.asLong() > 0 ? value.asLong() : -1;
        }
        if (value.isTextual() && value.asText().matches("\\d{1,12}")) {
            long seconds = Long.parseLong(value.asText());
            return seconds > 0 ? seconds : -1;
        }
        return -1;
    }

    /**
     * An error body for a message: whitespace collapsed, cut to a few hundred characters. Only for error answers,
     * which hold no secrets; never for a 200 from the token endpoint.
     */
    static String quote(String body) {
        if (body == null || body.isBlank()) {
            return "with an empty body";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= QUOTE_LIMIT ? flat : flat.substring(0, QUOTE_LIMIT) + "...";
    }

    /** The field names of a body that must not be quoted (it may hold a token). */
    static String shape(JsonNode object, String raw) {
        if (object == null) {
            return raw == null || raw.isBlank() ? "empty body" : "not a JSON object";
        }
        StringBuilder fields = new StringBuilder("fields:");
        object.fieldNames().forEachRemaining(name -> fields.append(' ').append(name));
        return fields.toString();
    }
}
