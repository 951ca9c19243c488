package io.docusigncamel.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.status.EnvelopeSummary;
import io.docusigncamel.status.StatusObservation;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DocuSign Connect JSON SIM message (one event per message): {@code event}, {@code generatedDateTime},
 * {@code retryCount}, and {@code data} with the envelope id and, when Connect is configured to include data, the
 * {@code envelopeSummary}. Immutable.
 */
public record ConnectMessage(String event, String envelopeId, String accountId, Instant generatedAt, int retryCount,
                             Optional<JsonNode> envelopeSummary) {

    /** Strict: a second JSON value or garbage after the message makes it malformed. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Envelope events that mean a status change, and the status each means. */
    private static final Map<String, String> STATUS_OF_EVENT = Map.of(
            "envelope-created", "created",
            "envelope-sent", "sent",
            "envelope-delivered", "delivered",
            "envelope-completed", "completed",
            "envelope-declined", "declined",
            "envelope-voided", "voided");

    /** Thrown for a body that is not a JSON SIM message. */
    public static final class MalformedMessageException extends Exception {
        MalformedMessageException(String message) {
            super(message);
        }
    }

    /** Parses a message body; the signature must have been checked on these very bytes before. */
    public static ConnectMessage parse(byte[] body) throws MalformedMessageException {
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new MalformedMessageException("the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (json == null || !json.isObject()) {
            throw new MalformedMessageException("the body is not a JSON object");
        }
        JsonNode data = json.path("data");
        String event = text(json, "event");
        String envelopeId = text(data, "envelopeId");
        if (event == null || envelopeId == null) {
            throw new MalformedMessageException("not a Connect JSON SIM message: \"event\" and \"data.envelopeId\" are "
                    + "required (configure Connect with data format JSON SIM, REST v2.1)");
        }
        JsonNode summary = data.get("envelopeSummary");
        return new ConnectMessage(event.toLowerCase(Locale.ROOT), envelopeId, text(data, "accountId"),
                EnvelopeSummary.instant(text(json, "generatedDateTime")), json.path("retryCount").asInt(0),
                Optional.ofNullable(summary).filter(JsonNode::isObject));
    }

    /**
     * The envelope status this message reports, or empty for events that are no status change (recipient events,
     * resends, corrections, purges). With an envelope summary its status and data are used (the most complete
     * view); without one the status comes from the event name and its time from {@code generatedDateTime}.
     */
    public Optional<StatusObservation> observation() {
        String status = STATUS_OF_EVENT.get(event);
        if (status == null) {
            return Optional.empty();
        }
        if (envelopeSummary.isPresent()) {
            StatusObservation observed = EnvelopeSummary.observe(envelopeSummary.get(), envelopeId,
                    StatusObservation.Source.CONNECT);
            if (observed != null && observed.statusChangedAt() == null) {
                observed = new StatusObservation(observed.envelopeId(), observed.status(), generatedAt, observed.source(),
                        observed.customFields(), observed.voidedReason(), observed.declinedReason(), observed.summaryJson());
            }
            if (observed != null) {
                return Optional.of(observed);
            }
        }
        return Optional.of(new StatusObservation(envelopeId, status, generatedAt, StatusObservation.Source.CONNECT,
                Map.of(), null, null, null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()) {
            return null;
        }
        return value.asText().trim();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
