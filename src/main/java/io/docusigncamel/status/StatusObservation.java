package io.docusigncamel.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one source said about one envelope at one moment: its status, when that status began, its custom fields and
 * the reasons of a decline or void. Polling and Connect both produce these; {@link StatusEvents} decides whether one
 * is a change worth an event. Immutable.
 *
 * @param statusChangedAt when the status began, or {@code null} when the source did not say
 * @param summaryJson     the envelope JSON the source gave (kept for the archive's metadata), or {@code null}
 */
public record StatusObservation(String envelopeId, String status, Instant statusChangedAt, Source source,
                                Map<String, String> customFields, String voidedReason, String declinedReason,
                                String summaryJson) {

    /** Where an observation came from; its name is the event's {@code source}. */
    public enum Source {
        POLL("poll"),
        CONNECT("connect");

        private final String jsonName;

        Source(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** The custom field that names the row an envelope was sent for (SPEC §6). */
    public static final String ROW_KEY_FIELD = "rowKey";
    /** The custom field that names the file of that row. */
    public static final String SOURCE_FILE_FIELD = "sourceFile";

    public StatusObservation {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        customFields = customFields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    public Optional<String> rowKey() {
        return Optional.ofNullable(customFields.get(ROW_KEY_FIELD)).filter(value -> !value.isBlank());
    }

    public Optional<String> sourceFile() {
        return Optional.ofNullable(customFields.get(SOURCE_FILE_FIELD)).filter(value -> !value.isBlank());
    }
}
