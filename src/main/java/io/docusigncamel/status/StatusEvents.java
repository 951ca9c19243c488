package io.docusigncamel.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.Recorded;
import io.docusigncamel.ledger.EnvelopeTracking.TrackedEnvelope;
import io.docusigncamel.ledger.Ledger;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns observations of envelopes (from polling and from Connect) into status events, once each: decides whether an
 * observation is a change the service has not emitted yet, and records the change with its event JSON (SPEC §5) in
 * the ledger, which queues the event for its file and webhook. The ledger's compare-and-set and its unique
 * (envelope, status) key make the decision safe when polling and Connect see the same change at the same time.
 *
 * <p>Statuses only move forward: {@code sent → delivered → signed → completed}, or to {@code declined} /
 * {@code voided}. An observation of an earlier status than the one recorded (a late Connect retry, a poll window
 * that overlaps the previous one) is stale and emits nothing; a status skipped between two polls is not invented.
 *
 * <p>Thread-safe.
 */
public final class StatusEvents {

    private static final Logger LOG = LoggerFactory.getLogger(StatusEvents.class);
    private static final int MAX_CONFLICTS = 5;

    /** What became of one observation. */
    public enum Decision {
        /** A new status: recorded, event queued. */
        EMITTED,
        /** The status is the one recorded (or its event exists): nothing to do. */
        DUPLICATE,
        /** An earlier status than the one recorded: nothing to do. */
        STALE,
        /** Not an envelope this service sent (no row key) and the service tracks only its own. */
        NOT_TRACKED
    }

    private final Ledger ledger;
    private final EnvelopeTracking tracking;
    private final boolean trackAllEnvelopes;
    private final boolean archiveCompleted;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public StatusEvents(Ledger ledger, TrackingSettings settings, Clock clock) {
        this.ledger = ledger;
        this.tracking = ledger.tracking();
        this.trackAllEnvelopes = settings.trackAllEnvelopes();
        this.archiveCompleted = settings.archiveCompleted();
        this.clock = clock;
    }

    /** Records {@code observation} if it is a new status of a tracked envelope; true when an event was queued. */
    public boolean record(StatusObservation observation) {
        return decide(observation) == Decision.EMITTED;
    }

    public Decision decide(StatusObservation observation) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Optional<TrackedEnvelope> current = tracking.envelope(observation.envelopeId());
            Decision decision = current.isPresent() ? decideKnown(observation, current.get()) : decideNew(observation);
            if (decision != null) {
                return decision;
            }
        }
        throw new IllegalStateException("envelope " + observation.envelopeId() + " kept changing while status "
                + observation.status() + " was recorded; it is recorded on the next observation");
    }

    /** {@code null} when the ledger changed under us (try again). */
    private Decision decideKnown(StatusObservation observation, TrackedEnvelope current) {
        String status = observation.status();
        if (status.equals(current.status())) {
            // only an envelope still to archive needs its summary (for envelope.json); others keep the ledger small
            boolean toArchive = current.archiveState().filter("pending"::equals).isPresent();
            if (toArchive && current.summaryJson().isEmpty() && observation.summaryJson() != null) {
                tracking.fillSummary(current.envelopeId(), observation.summaryJson(), clock.instant());
            }
            return Decision.DUPLICATE;
        }
        if (!EnvelopeStatuses.follows(status, current.status())) {
            LOG.debug("Envelope {}: {} from {} is older than the recorded {}; ignored", observation.envelopeId(),
                    status, observation.source().jsonName(), current.status());
            return Decision.STALE;
        }
        return store(observation, current.status(), current.status(), current.rowKey().orElse(null),
                current.sourceFile().orElse(null));
    }

    private Decision decideNew(StatusObservation observation) {
        Optional<Ledger.RowRecord> row = ledger.rowOfEnvelope(observation.envelopeId());
        String rowKey = observation.rowKey().orElse(row.map(Ledger.RowRecord::rowKey).orElse(null));
        String sourceFile = observation.sourceFile().orElse(row.map(Ledger.RowRecord::sourceFile).orElse(null));
        if (rowKey == null && !trackAllEnvelopes) {
            return Decision.NOT_TRACKED;
        }
        // An envelope this service created was sent by that very call: its first status is "sent", without an event.
        String previous = row.isPresent() ? "sent" : null;
        if (previous != null && !observation.status().equals(previous) && !EnvelopeStatuses.follows(observation.status(), previous)) {
            return Decision.STALE;
        }
        if (observation.status().equals(previous)) {
            return Decision.DUPLICATE;
        }
        return store(observation, null, previous, rowKey, sourceFile);
    }

    /** Records the change and queues its event; {@code null} when the envelope changed since it was read. */
    private Decision store(StatusObservation observation, String expected, String previous, String rowKey,
                           String sourceFile) {
        String status = observation.status();
        String json = eventJson(observation, previous, rowKey, sourceFile);
        boolean archive = archiveCompleted && status.equals("completed");
        // the summary is kept only for the archive's envelope.json (and dropped once archived)
        EnvelopeTracking.StatusChange change = new EnvelopeTracking.StatusChange(observation.envelopeId(), expected,
                status, observation.statusChangedAt(), rowKey, sourceFile, archive ? observation.summaryJson() : null,
                archive, json);
        Recorded recorded = tracking.record(change, clock.instant());
        switch (recorded) {
            case RECORDED -> {
                LOG.info("Envelope {}{}: {} → {} ({}){}", observation.envelopeId(),
                        rowKey == null ? "" : " (row key " + rowKey + ")", previous == null ? "new" : previous, status,
                        observation.source().jsonName(), reason(observation).map(r -> ": " + r).orElse(""));
                return Decision.EMITTED;
            }
            case DUPLICATE -> {
                return Decision.DUPLICATE;
            }
            default -> {
                return null;
            }
        }
    }

    private static Optional<String> reason(StatusObservation observation) {
        return Optional.ofNullable(observation.voidedReason() != null ? observation.voidedReason() : observation.declinedReason());
    }

    /** The event of SPEC §5, plus the void or decline reason when there is one. */
    String eventJson(StatusObservation observation, String previous, String rowKey, String sourceFile) {
        ObjectNode json = mapper.createObjectNode();
        json.put("envelopeId", observation.envelopeId());
        json.put("status", observation.status());
        json.put("previousStatus", previous);
        json.put("statusChangedDateTime", observation.statusChangedAt() == null ? null : observation.statusChangedAt().toString());
        json.put("rowKey", rowKey);
        json.put("sourceFile", sourceFile);
        json.put("source", observation.source().jsonName());
        ObjectNode fields = json.putObject("customFields");
        for (Map.Entry<String, String> field : observation.customFields().entrySet()) {
            fields.put(field.getKey(), field.getValue());
        }
        if (observation.status().equals("voided")) {
            json.put("voidedReason", observation.voidedReason());
        }
        if (observation.status().equals("declined")) {
            json.put("declinedReason", observation.declinedReason());
        }
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event could not be written as JSON", e);
        }
    }

    /** The statuses of envelopes in the order they can follow each other. */
    static final class EnvelopeStatuses {
        private EnvelopeStatuses() {
        }

        static int rank(String status) {
            return switch (status.toLowerCase(Locale.ROOT)) {
                case "created" -> 0;
                case "sent" -> 1;
                case "delivered" -> 2;
                case "signed" -> 3;
                case "completed", "declined", "voided" -> 4;
                default -> -1;
            };
        }

        static boolean isFinal(String status) {
            return rank(status) == 4;
        }

        /** Whether an envelope whose recorded status is {@code current} can be observed in {@code next} later. */
        static boolean follows(String next, String current) {
            if (isFinal(current)) {
                return false;
            }
            int nextRank = rank(next);
            // A status this table does not know (e.g. "correct") is a change as long as the envelope is not final.
            return nextRank < 0 || rank(current) < 0 || nextRank > rank(current);
        }
    }
}
