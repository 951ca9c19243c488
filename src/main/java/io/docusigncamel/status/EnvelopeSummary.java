package io.docusigncamel.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an envelope as DocuSign describes it — an entry of listStatusChanges, a GET envelope body, or the
 * {@code envelopeSummary} of a Connect message — into a {@link StatusObservation}. Lenient the way DocuSign's JSON
 * needs: every value may be a string or a number, timestamps come with seven fractional digits (REST) or trimmed
 * ones (Connect), arrays may be missing. Stateless.
 */
public final class EnvelopeSummary {

    private EnvelopeSummary() {
    }

    /**
     * The observation, or {@code null} when the JSON names no envelope id or status (nothing to track).
     *
     * @param envelopeIdIfMissing the id to use when the JSON has none (Connect puts it next to the summary)
     */
    public static StatusObservation observe(JsonNode envelope, String envelopeIdIfMissing, StatusObservation.Source source) {
        String envelopeId = text(envelope, "envelopeId");
        if (envelopeId == null) {
            envelopeId = envelopeIdIfMissing;
        }
        String status = text(envelope, "status");
        if (envelopeId == null || status == null) {
            return null;
        }
        return new StatusObservation(envelopeId, status.toLowerCase(Locale.ROOT),
                instant(text(envelope, "statusChangedDateTime")), source, customFields(envelope),
                text(envelope, "voidedReason"), declinedReason(envelope), envelope.toString());
    }

    /** Text and list custom fields, name → value, in DocuSign's order; empty when the JSON has none. */
    public static Map<String, String> customFields(JsonNode envelope) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode custom = envelope.path("customFields");
        for (String kind : new String[] {"textCustomFields", "listCustomFields"}) {
            for (JsonNode field : custom.path(kind)) {
                String name = text(field, "name");
                if (name != null && !fields.containsKey(name)) {
                    String value = text(field, "value");
                    fields.put(name, value == null ? "" : value);
                }
            }
        }
        return fields;
    }

    /** The reason of the first signer who declined, when the JSON includes recipients. */
    static String declinedReason(JsonNode envelope) {
        for (JsonNode signer : envelope.path("recipients").path("signers")) {
            String reason = text(signer, "declinedReason");
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** A non-blank text value, trimmed, or {@code null}. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    /**
     * DocuSign's timestamps: {@code 2025-05-02T15:40:40.3970000Z} (REST), {@code 2022-09-22T15:19:24.5Z} (Connect),
     * with an offset, or without a zone (then UTC). {@code null} for anything else.
     */
    public static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
