package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Connect part of the control API (under {@code /emulator}): configure, inspect and turn off the emitter.
 * HMAC keys are accepted but never shown back. Thread-safe; it holds no state of its own.
 *
 * <pre>
 * PUT    /connect   {"url","hmacKeys":[],"includeData":[],"events":[],"requireAcknowledgment":true,
 *                    "retryDelayMillis":5000,"maxAttempts":5,"configurationId":10000001,"duplicateDeliveries":false,
 *                    "requestTimeoutMillis":10000}      only url is required
 * GET    /connect   {"enabled":true,"configuration":{... keys masked ...},"deliveries":[...]}
 * DELETE /connect   turn Connect off, drop undelivered messages
 * </pre>
 */
final class ConnectControl {

    static final String MASK = "********";

    private final EnvelopeWorld world;
    private final ObjectMapper mapper;

    ConnectControl(EnvelopeWorld world, ObjectMapper mapper) {
        this.world = world;
        this.mapper = mapper;
    }

    EmulatorResponse handle(String method, List<String> path, byte[] body) {
        if (path.size() != 1) {
            throw EnvelopeWorld.notServed(method, path);
        }
        return switch (method) {
            case "GET" -> world.json(200, view());
            case "PUT" -> {
                world.configureConnect(parse(world.readObject(body)));
                yield world.json(200, view());
            }
            case "DELETE" -> {
                world.disableConnect();
                yield world.json(200, view());
            }
            default -> throw EnvelopeWorld.notServed(method, path);
        };
    }

    private ConnectConfiguration parse(JsonNode json) {
        String url = LenientJson.nonBlank(json, "url");
        if (url == null) {
            throw RestFailure.invalidParameter("Connect needs a url: {\"url\":\"http://127.0.0.1:PORT/connect\"}.");
        }
        ConnectConfiguration defaults = ConnectConfiguration.to(url);
        try {
            return new ConnectConfiguration(url, strings(json, "hmacKeys"), strings(json, "includeData"),
                    strings(json, "events"),
                    bool(json, "requireAcknowledgment", defaults.requireAcknowledgment()),
                    Duration.ofMillis(number(json, "retryDelayMillis", defaults.retryDelay().toMillis())),
                    (int) number(json, "maxAttempts", defaults.maxAttempts()),
                    number(json, "configurationId", defaults.configurationId()),
                    bool(json, "duplicateDeliveries", defaults.duplicateDeliveries()),
                    Duration.ofMillis(number(json, "requestTimeoutMillis", defaults.requestTimeout().toMillis())));
        } catch (IllegalArgumentException e) {
            throw RestFailure.invalidParameter(e.getMessage());
        }
    }

    private ObjectNode view() {
        ObjectNode json = mapper.createObjectNode();
        Optional<ConnectConfiguration> configuration = world.connectConfiguration();
        json.put("enabled", configuration.isPresent());
        if (configuration.isPresent()) {
            ConnectConfiguration c = configuration.get();
            ObjectNode config = json.putObject("configuration");
            config.put("url", c.url());
            ArrayNode keys = config.putArray("hmacKeys");
            c.hmacKeys().forEach(key -> keys.add(MASK));
            c.includeData().forEach(config.putArray("includeData")::add);
            c.events().forEach(config.putArray("events")::add);
            config.put("requireAcknowledgment", c.requireAcknowledgment());
            config.put("retryDelayMillis", c.retryDelay().toMillis());
            config.put("maxAttempts", c.maxAttempts());
            config.put("configurationId", c.configurationId());
            config.put("duplicateDeliveries", c.duplicateDeliveries());
            config.put("requestTimeoutMillis", c.requestTimeout().toMillis());
        } else {
            json.putNull("configuration");
        }
        ArrayNode deliveries = json.putArray("deliveries");
        for (ConnectDelivery delivery : world.connectDeliveries()) {
            ObjectNode entry = deliveries.addObject();
            entry.put("sequence", delivery.sequence());
            entry.put("at", DocuSignTime.format(delivery.at()));
            entry.put("event", delivery.event());
            entry.put("envelopeId", delivery.envelopeId());
            entry.put("retryCount", delivery.retryCount());
            entry.put("duplicate", delivery.duplicate());
            if (delivery.httpStatus() == null) {
                entry.putNull("httpStatus");
            } else {
                entry.put("httpStatus", delivery.httpStatus());
            }
            entry.put("error", delivery.error());
            entry.put("outcome", delivery.outcome());
        }
        return json;
    }

    private static List<String> strings(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw RestFailure.invalidParameter(field + " must be an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw RestFailure.invalidParameter(field + " must be an array of strings.");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A boolean as JSON boolean or DocuSign-style string ({@code "true"}). */
    private static boolean bool(JsonNode json, String field, boolean fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.textValue());
        }
        throw RestFailure.invalidParameter(field + " must be true or false.");
    }

    /** A whole number as JSON number or string of digits. */
    private static long number(JsonNode json, String field, long fallback) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw RestFailure.invalidParameter(field + " must be a whole number.");
            }
        }
        throw RestFailure.invalidParameter(field + " must be a whole number.");
    }
}
