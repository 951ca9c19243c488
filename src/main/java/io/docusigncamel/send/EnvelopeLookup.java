package io.docusigncamel.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Reads a listStatusChanges answer ({@code envelopesInformation}, asked with {@code custom_field=rowKey=<key>} and
 * {@code include=custom_fields}) for the envelope of one row key. DocuSign may return extraneous envelopes
 * (docusign-api.md §5.3), so the custom field is checked here again. Stateless.
 */
final class EnvelopeLookup {

    private EnvelopeLookup() {
    }

    /** The listStatusChanges query for one row key, URL-encoded. */
    static String query(String rowKey, Instant claimedAt) {
        return "from_date=" + encode(claimedAt.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString())
                + "&custom_field=" + encode("rowKey=" + rowKey) + "&include=custom_fields&status=any";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Optional<String> envelopeFor(JsonNode envelopesInformation, String rowKey) {
        JsonNode envelopes = envelopesInformation.path("envelopes");
        for (JsonNode envelope : envelopes) {
            for (JsonNode field : envelope.path("customFields").path("textCustomFields")) {
                if ("rowKey".equals(field.path("name").asText()) && rowKey.equals(field.path("value").asText())) {
                    return Optional.of(envelope.path("envelopeId").asText());
                }
            }
        }
        return Optional.empty();
    }
}
