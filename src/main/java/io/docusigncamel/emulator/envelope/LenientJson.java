package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads DocuSign request JSON the way DocuSign does: a scalar may arrive as a JSON string, boolean or number
 * ({@code "show": false} and {@code "show": "false"} mean the same), and everything the emulator writes back is a
 * string. Stateless and thread-safe.
 */
final class LenientJson {

    private LenientJson() {
    }

    /**
     * The field as text: strings as they are, booleans and numbers as their JSON text; {@code null} when absent or
     * JSON {@code null}. An object or array where a scalar belongs is a malformed body.
     */
    static String text(JsonNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw RestFailure.badRequest("INVALID_REQUEST_BODY",
                    "The request body is missing or improperly formatted. '" + field + "' must be a value, not an object or array.");
        }
        return node.asText();
    }

    /** Like {@link #text} but blank counts as absent. */
    static String nonBlank(JsonNode parent, String field) {
        String value = text(parent, field);
        return value == null || value.isBlank() ? null : value;
    }

    /** The array under {@code field}, or an empty array when absent; anything else is a malformed body. */
    static ArrayNode array(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw RestFailure.badRequest("INVALID_REQUEST_BODY",
                    "The request body is missing or improperly formatted. '" + field + "' must be an array.");
        }
        return (ArrayNode) node;
    }

    /** The object under {@code field}, or {@code null} when absent; anything else is a malformed body. */
    static ObjectNode object(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw RestFailure.badRequest("INVALID_REQUEST_BODY",
                    "The request body is missing or improperly formatted. '" + field + "' must be an object.");
        }
        return (ObjectNode) node;
    }

    /**
     * A deep copy in which every boolean and number became a string and JSON nulls were dropped, so a stored
     * fragment (tabs, custom fields) can be echoed in DocuSign's all-strings style.
     */
    static JsonNode stringified(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), stringified(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> {
                if (!element.isNull()) {
                    copy.add(stringified(element));
                }
            });
            return copy;
        }
        if (node.isNumber() || node.isBoolean()) {
            return JsonNodeFactory.instance.textNode(node.asText());
        }
        return node.deepCopy();
    }
}
