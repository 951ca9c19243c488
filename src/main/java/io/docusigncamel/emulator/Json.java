package io.docusigncamel.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The emulator's one JSON mapper and the few conversions its handlers need. The emulator keeps its own mapper
 * (rather than sharing the service's) so that the two can never agree on a misunderstanding by construction.
 * Thread-safe: {@link ObjectMapper} is, once configured.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body; an empty body is an empty object, so that every field can be optional. */
    static JsonNode readBody(byte[] body) throws BadRequest {
        if (body == null || body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("the body cannot be read: " + e.getMessage());
        }
    }

    static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EmulatorResponse ok(Object value) {
        return EmulatorResponse.json(200, write(value));
    }

    static EmulatorResponse answer(int status, Object value) {
        return EmulatorResponse.json(status, write(value));
    }

    /** The control API's error body; deliberately not DocuSign's shape, since no DocuSign client reads it. */
    static EmulatorResponse controlError(int status, String message) {
        return EmulatorResponse.json(status, write(Map.of("error", message)));
    }

    /** A control request the emulator cannot act on; carries the message for a 400 answer. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
