package io.docusigncamel.emulator.envelope;

import java.time.Instant;

/**
 * One delivery attempt of a Connect message, as the emitter's delivery log records it for tests. Immutable.
 *
 * @param sequence   order of the attempt among all attempts since the log was last cleared (from 1)
 * @param at         when the attempt ended, by the world's clock
 * @param event      e.g. {@code envelope-completed}
 * @param retryCount the {@code retryCount} in the body that was sent
 * @param duplicate  whether this is the extra delivery of {@link ConnectConfiguration#duplicateDeliveries()}
 * @param httpStatus the listener's HTTP status, or {@code null} when there was none (timeout, connection error)
 * @param error      what went wrong without an HTTP status, else {@code null}
 * @param outcome    {@code acknowledged} (2xx), {@code retrying}, {@code gave-up} (attempts used up) or
 *                   {@code not-acknowledged} (failed, and the configuration does not require acknowledgment)
 */
public record ConnectDelivery(long sequence, Instant at, String event, String envelopeId, int retryCount,
                              boolean duplicate, Integer httpStatus, String error, String outcome) {

    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RETRYING = "retrying";
    public static final String GAVE_UP = "gave-up";
    public static final String NOT_ACKNOWLEDGED = "not-acknowledged";

    public boolean acknowledged() {
        return ACKNOWLEDGED.equals(outcome);
    }
}
