package io.docusigncamel.emulator;

import java.util.Map;

/**
 * How often the emulator was called, since start or the last reset. Immutable snapshot.
 *
 * @param byEndpoint    by {@code METHOD path} with ids replaced by {@code {id}}, e.g.
 *                      {@code GET /restapi/v2.1/accounts/{id}/envelopes/{id}}
 * @param byOutcome     by status answered, {@code hang} or {@code reset}
 * @param tokenRequests token requests by outcome ({@code issued}, {@code consent_required}, ...)
 * @param userinfoCalls calls of {@code /oauth/userinfo}, answered or not
 */
public record EmulatorCounters(Map<String, Long> byEndpoint, Map<String, Long> byOutcome,
                               Map<String, Long> tokenRequests, long userinfoCalls) {

    public EmulatorCounters {
        byEndpoint = Map.copyOf(byEndpoint);
        byOutcome = Map.copyOf(byOutcome);
        tokenRequests = Map.copyOf(tokenRequests);
    }

    /** The count for {@code METHOD normalized-path}, 0 when never called. */
    public long calls(String methodAndPath) {
        return byEndpoint.getOrDefault(methodAndPath, 0L);
    }
}
