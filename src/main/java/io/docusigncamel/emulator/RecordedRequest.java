package io.docusigncamel.emulator;

import java.time.Instant;

/**
 * One request the emulator received, as its request log keeps it. Holds no header and no body, so that no
 * assertion, token or key can end up in the log. Immutable.
 *
 * @param sequence       position in arrival order, from 1
 * @param timestamp      when the request arrived (by the emulator's clock)
 * @param query          the raw query string, empty when none
 * @param outcome        the status answered ({@code "201"}), or {@code "hang"} / {@code "reset"}
 * @param accountId      the account of a REST call, {@code null} for other calls
 * @param durationMillis from arrival to answer (or to hanging up / dropping the connection)
 */
public record RecordedRequest(long sequence, Instant timestamp, String method, String path, String query,
                              String outcome, String accountId, long durationMillis) {
}
