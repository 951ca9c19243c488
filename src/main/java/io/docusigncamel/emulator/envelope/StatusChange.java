package io.docusigncamel.emulator.envelope;

import java.time.Instant;

/**
 * An envelope changed status, as told to the listeners registered with {@link EnvelopeWorld#addStatusListener}:
 * e.g. for the Connect emitter. Immutable.
 *
 * @param oldStatus the status before, or {@code null} when the envelope was just created
 * @param newStatus the status now ({@code created}, {@code sent}, {@code delivered}, {@code completed},
 *                  {@code declined}, {@code voided})
 * @param at        when the change happened, by the world's clock
 */
public record StatusChange(String envelopeId, String accountId, String oldStatus, String newStatus, Instant at) {
}
