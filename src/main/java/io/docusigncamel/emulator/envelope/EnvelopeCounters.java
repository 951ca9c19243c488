package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How often one envelope was read: every GET under {@code /envelopes/{id}} (for DocuSign's hidden per-envelope
 * polling limits), status GETs (for the once-per-15-minutes rule DocuSign flags but does not enforce) and document
 * downloads (for the GetDocument throttle). Windows are rolling. Thread-safe: every method is synchronized on the
 * instance, which only ever guards this envelope's counters.
 */
final class EnvelopeCounters {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration BURST_WINDOW = Duration.ofSeconds(30);
    private static final Duration SIX_HOURS = Duration.ofHours(6);

    private long gets;
    private long statusGets;
    private long flaggedStatusGets;
    private long documentDownloads;
    private long rejectedRequests;
    private Instant lastStatusGet;
    private final Deque<Instant> getsLastHour = new ArrayDeque<>();
    private final Map<String, Deque<Instant>> downloadsLastSixHours = new HashMap<>();

    /** Counts a GET, or returns the polling-limit error that rejects it (rejected GETs are not counted). */
    synchronized RestFailure admitGet(Instant now, EnvelopeWorldSettings settings) {
        dropBefore(getsLastHour, now.minus(HOUR));
        if (settings.envelopeBurstGetLimit() > 0
                && countSince(getsLastHour, now.minus(BURST_WINDOW)) >= settings.envelopeBurstGetLimit()) {
            rejectedRequests++;
            return RestFailure.badRequest("Burst_Envelope_Polling_Limit_Exceeded",
                    "The maximum number of GET requests for this envelope within 30 seconds has been exceeded ("
                            + settings.envelopeBurstGetLimit() + ").");
        }
        if (settings.envelopeHourlyGetLimit() > 0 && getsLastHour.size() >= settings.envelopeHourlyGetLimit()) {
            rejectedRequests++;
            return RestFailure.badRequest("Hourly_Envelope_Polling_Limit_Exceeded",
                    "The maximum number of hourly GET requests for this envelope has been exceeded ("
                            + settings.envelopeHourlyGetLimit() + ").");
        }
        getsLastHour.addLast(now);
        gets++;
        return null;
    }

    /** Counts a status GET; true when it came sooner than {@code flagInterval} after the previous one. */
    synchronized boolean recordStatusGet(Instant now, Duration flagInterval) {
        boolean flagged = lastStatusGet != null && now.isBefore(lastStatusGet.plus(flagInterval));
        statusGets++;
        if (flagged) {
            flaggedStatusGets++;
        }
        lastStatusGet = now;
        return flagged;
    }

    /**
     * Counts a download of {@code documentKey}, or returns DocuSign's throttle error when the hourly or six-hourly
     * allowance for it is used up.
     */
    synchronized RestFailure admitDownload(String documentKey, int perHour, int perSixHours, Instant now) {
        Deque<Instant> recent = downloadsLastSixHours.computeIfAbsent(documentKey, key -> new ArrayDeque<>());
        dropBefore(recent, now.minus(SIX_HOURS));
        boolean hourlyUsedUp = perHour > 0 && countSince(recent, now.minus(HOUR)) >= perHour;
        boolean sixHourlyUsedUp = perSixHours > 0 && recent.size() >= perSixHours;
        if (hourlyUsedUp || sixHourlyUsedUp) {
            rejectedRequests++;
            return RestFailure.badRequest("API_REQUEST_IS_THROTTLED", "GetDocument call blocked");
        }
        recent.addLast(now);
        documentDownloads++;
        return null;
    }

    synchronized long statusGets() {
        return statusGets;
    }

    synchronized long documentDownloads() {
        return documentDownloads;
    }

    synchronized long gets() {
        return gets;
    }

    synchronized ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("gets", gets);
        json.put("statusGets", statusGets);
        json.put("flaggedStatusGets", flaggedStatusGets);
        json.put("documentDownloads", documentDownloads);
        json.put("rejectedRequests", rejectedRequests);
        json.put("getsLastHour", getsLastHour.size());
        if (lastStatusGet != null) {
            json.put("lastStatusGetDateTime", DocuSignTime.format(lastStatusGet));
        }
        return json;
    }

    private static void dropBefore(Deque<Instant> times, Instant cutoff) {
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
            times.removeFirst();
        }
    }

    private static int countSince(Deque<Instant> times, Instant cutoff) {
        int count = 0;
        for (var it = times.descendingIterator(); it.hasNext(); ) {
            if (it.next().isBefore(cutoff)) {
                break;
            }
            count++;
        }
        return count;
    }
}
