package io.docusigncamel.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.api.DocuSignError;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.TrackedEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive of completed envelopes (SPEC §5): {@code outbox/completed/<envelopeId>/combined.pdf} (every document
 * with the certificate of completion) and {@code envelope.json} (envelope id, row key, source file, custom fields,
 * signers with their timestamps). The folder is built under a hidden temporary name and renamed into place, so
 * other systems see all of it or nothing; once it exists the envelope counts as archived and is never downloaded
 * again (DocuSign throttles repeated downloads of a document).
 *
 * <p>A failed download is retried with backoff (30 s doubling to an hour); DocuSign's download throttle
 * ({@code API_REQUEST_IS_THROTTLED}) and the per-envelope GET limits ({@code Hourly_/Burst_Envelope_Polling_Limit_Exceeded})
 * wait an hour. The envelope stays pending in the ledger until it is archived,
 * across restarts. Thread-safe.
 */
public final class SignedArchive {

    private static final Logger LOG = LoggerFactory.getLogger(SignedArchive.class);
    static final String ENVELOPE_PROPERTY = "DocuSignArchiveEnvelope";
    static final String ENVELOPE_ID_PROPERTY = "DocuSignEnvelopeId";
    static final String RECIPIENTS_PROPERTY = "DocuSignArchiveRecipients";
    private static final int BATCH = 100;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration THROTTLED_WAIT = Duration.ofHours(1);

    private final EnvelopeTracking tracking;
    private final Path completedDir;
    private final Clock clock;
    private final BooleanSupplier docuSignReady;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Envelopes being archived right now: one download per envelope at a time, whatever calls this. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    /** @param docuSignReady whether the service holds a token and an account (nothing is downloaded before) */
    public SignedArchive(EnvelopeTracking tracking, Path completedDir, Clock clock, BooleanSupplier docuSignReady) {
        this.tracking = tracking;
        this.docuSignReady = docuSignReady;
        this.completedDir = completedDir;
        this.clock = clock;
    }

    /** Completed envelopes whose archive is due now; none while DocuSign cannot be called. */
    public List<TrackedEnvelope> due() {
        if (!docuSignReady.getAsBoolean()) {
            return List.of();
        }
        return tracking.archivesDue(clock.instant(), BATCH);
    }

    /**
     * Starts one envelope: false when its folder exists already (archived before a crash could record it; it is
     * recorded now and not downloaded again).
     */
    public boolean prepare(Exchange exchange) throws IOException {
        TrackedEnvelope envelope = exchange.getMessage().getBody(TrackedEnvelope.class);
        if (!inProgress.add(envelope.envelopeId())) {
            return false;
        }
        exchange.setProperty(ENVELOPE_PROPERTY, envelope);
        exchange.setProperty(ENVELOPE_ID_PROPERTY, envelope.envelopeId());
        exchange.removeProperty(RECIPIENTS_PROPERTY);
        if (Files.isDirectory(folder(envelope.envelopeId()))) {
            try {
                tracking.markArchived(envelope.envelopeId(), clock.instant());
            } finally {
                inProgress.remove(envelope.envelopeId());
            }
            return false;
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody("");
        return true;
    }

    /** Whether the metadata still needs the recipients (the envelope was only seen through Connect without data). */
    public boolean needsRecipients(Exchange exchange) {
        TrackedEnvelope envelope = exchange.getProperty(ENVELOPE_PROPERTY, TrackedEnvelope.class);
        return summary(envelope).path("recipients").path("signers").isMissingNode();
    }

    /** Keeps the answer of GET .../recipients for the metadata. */
    public void recipients(Exchange exchange) {
        exchange.setProperty(RECIPIENTS_PROPERTY, exchange.getMessage().getBody(String.class));
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody("");
    }

    /** Stores the downloaded PDF and the metadata, then records the envelope as archived. */
    public void store(Exchange exchange) throws IOException {
        TrackedEnvelope envelope = exchange.getProperty(ENVELOPE_PROPERTY, TrackedEnvelope.class);
        try {
            storeArchive(exchange, envelope);
        } finally {
            inProgress.remove(envelope.envelopeId());
        }
    }

    private void storeArchive(Exchange exchange, TrackedEnvelope envelope) throws IOException {
        byte[] pdf = exchange.getMessage().getBody(byte[].class);
        if (pdf == null || pdf.length < 5 || !new String(pdf, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            throw new IOException("DocuSign's answer for the combined PDF of envelope " + envelope.envelopeId()
                    + " is not a PDF (" + (pdf == null ? 0 : pdf.length) + " bytes)");
        }
        String recipients = exchange.getProperty(RECIPIENTS_PROPERTY, String.class);
        byte[] metadata = metadata(envelope, recipients);
        Path target = folder(envelope.envelopeId());
        Path temporary = completedDir.resolve("." + envelope.envelopeId() + ".tmp");
        deleteRecursively(temporary);
        Files.createDirectories(temporary);
        OutboxFiles.write(temporary.resolve("combined.pdf"), pdf);
        OutboxFiles.write(temporary.resolve("envelope.json"), metadata);
        OutboxFiles.move(temporary, target);
        tracking.markArchived(envelope.envelopeId(), clock.instant());
        LOG.info("Envelope {}{}: signed PDF archived in {} ({} bytes)", envelope.envelopeId(),
                envelope.rowKey().map(key -> " (row key " + key + ")").orElse(""), target, pdf.length);
    }

    /** The download failed: retried later, never given up (the envelope stays pending in the ledger). */
    public void failed(Exchange exchange) {
        TrackedEnvelope envelope = exchange.getProperty(ENVELOPE_PROPERTY, TrackedEnvelope.class);
        inProgress.remove(envelope.envelopeId());
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = describe(failure);
        Duration wait = isThrottled(failure) ? THROTTLED_WAIT : backoff(envelope.archiveAttempts() + 1);
        tracking.noteArchiveFailed(envelope.envelopeId(), reason, clock.instant().plus(wait));
        LOG.warn("Envelope {}: the signed PDF could not be archived ({}); next try in {} min", envelope.envelopeId(),
                reason, Math.max(1, wait.toMinutes()));
    }

    private byte[] metadata(TrackedEnvelope envelope, String recipientsJson) throws IOException {
        JsonNode summary = summary(envelope);
        JsonNode recipients = recipientsJson != null ? mapper.readTree(recipientsJson) : summary.path("recipients");
        ObjectNode json = mapper.createObjectNode();
        json.put("envelopeId", envelope.envelopeId());
        json.put("status", envelope.status());
        json.put("rowKey", envelope.rowKey().orElse(null));
        json.put("sourceFile", envelope.sourceFile().orElse(null));
        json.put("emailSubject", EnvelopeSummary.text(summary, "emailSubject"));
        for (String time : new String[] {"sentDateTime", "deliveredDateTime", "completedDateTime"}) {
            json.put(time, instantText(summary, time));
        }
        ObjectNode fields = json.putObject("customFields");
        for (Map.Entry<String, String> field : EnvelopeSummary.customFields(summary).entrySet()) {
            fields.put(field.getKey(), field.getValue());
        }
        json.set("signers", people(recipients.path("signers"), "signedDateTime"));
        json.set("carbonCopies", people(recipients.path("carbonCopies"), null));
        json.put("archivedDateTime", clock.instant().toString());
        return mapper.writeValueAsBytes(json);
    }

    private ArrayNode people(JsonNode list, String actedTime) {
        ArrayNode people = mapper.createArrayNode();
        for (JsonNode person : list) {
            ObjectNode entry = people.addObject();
            for (String field : new String[] {"recipientId", "roleName", "name", "email", "status"}) {
                entry.put(field, EnvelopeSummary.text(person, field));
            }
            entry.put("deliveredDateTime", instantText(person, "deliveredDateTime"));
            if (actedTime != null) {
                entry.put(actedTime, instantText(person, actedTime));
            }
        }
        return people;
    }

    private static String instantText(JsonNode node, String field) {
        Instant instant = EnvelopeSummary.instant(EnvelopeSummary.text(node, field));
        return instant == null ? null : instant.toString();
    }

    private JsonNode summary(TrackedEnvelope envelope) {
        try {
            return envelope.summaryJson().isPresent() ? mapper.readTree(envelope.summaryJson().get()) : mapper.createObjectNode();
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    private Path folder(String envelopeId) {
        if (!envelopeId.matches("[A-Za-z0-9-]{1,100}")) {
            throw new IllegalArgumentException("envelope id " + envelopeId + " is not a DocuSign envelope id");
        }
        return completedDir.resolve(envelopeId);
    }

    private static boolean isThrottled(Exception failure) {
        // the document download throttle, and DocuSign's hidden per-envelope limits on GETs
        return failure instanceof HttpOperationFailedException http
                && DocuSignError.of(http.getStatusCode(), http.getResponseBody()).errorCode()
                .filter(code -> code.equals("API_REQUEST_IS_THROTTLED") || code.endsWith("_Envelope_Polling_Limit_Exceeded"))
                .isPresent();
    }

    private static String describe(Exception failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return DocuSignError.of(http.getStatusCode(), http.getResponseBody()).describe();
        }
        return failure == null ? "unknown failure" : failure.toString();
    }

    private static Duration backoff(int attempts) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
