package io.docusigncamel.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The emulator's memory of what it was asked: the last {@value #CAPACITY} requests and counters since start or the
 * last reset. Tests read it to prove what a client did (for instance, that it asked before re-creating an
 * envelope). Thread-safe: all methods synchronize on the log.
 */
final class RequestLog {

    static final int CAPACITY = 10_000;
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+");

    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private final Map<String, Long> byEndpoint = new TreeMap<>();
    private final Map<String, Long> byOutcome = new TreeMap<>();
    private final Map<String, Long> tokenRequests = new TreeMap<>();
    private long userinfoCalls;
    private long sequence;

    synchronized void record(Instant timestamp, String method, String path, String query, String outcome,
                             String accountId, long durationMillis) {
        entries.addLast(new RecordedRequest(++sequence, timestamp, method, path, query == null ? "" : query, outcome,
                accountId, durationMillis));
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        byEndpoint.merge(method + " " + normalize(path), 1L, Long::sum);
        byOutcome.merge(outcome, 1L, Long::sum);
    }

    synchronized void tokenRequest(String outcome) {
        tokenRequests.merge(outcome, 1L, Long::sum);
    }

    synchronized void userinfoCall() {
        userinfoCalls++;
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(new ArrayList<>(entries));
    }

    synchronized EmulatorCounters counters() {
        return new EmulatorCounters(byEndpoint, byOutcome, tokenRequests, userinfoCalls);
    }

    synchronized void clear() {
        entries.clear();
        byEndpoint.clear();
        byOutcome.clear();
        tokenRequests.clear();
        userinfoCalls = 0;
    }

    /** {@code /restapi/v2.1/accounts/<guid>/envelopes/<guid>} → {@code /restapi/v2.1/accounts/{id}/envelopes/{id}}. */
    static String normalize(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(ID_SEGMENT.matcher(segments[i]).matches() ? "{id}" : segments[i]);
        }
        return out.toString();
    }
}
