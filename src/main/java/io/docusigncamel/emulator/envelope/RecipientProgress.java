package io.docusigncamel.emulator.envelope;

import java.time.Instant;

/**
 * What one recipient has done: its DocuSign status ({@code created}, {@code sent}, {@code delivered},
 * {@code completed}, {@code declined}) and when. Immutable; a change makes a new value.
 *
 * @param signedAt when the recipient signed (carbon copies: when they were marked completed)
 */
record RecipientProgress(String status, Instant sentAt, Instant deliveredAt, Instant signedAt, Instant declinedAt,
                         String declinedReason) {

    static RecipientProgress created() {
        return new RecipientProgress("created", null, null, null, null, null);
    }

    RecipientProgress sent(Instant at) {
        return new RecipientProgress("sent", at, deliveredAt, signedAt, declinedAt, declinedReason);
    }

    RecipientProgress delivered(Instant at) {
        return new RecipientProgress("delivered", sentAt, at, signedAt, declinedAt, declinedReason);
    }

    RecipientProgress completed(Instant at) {
        return new RecipientProgress("completed", sentAt, deliveredAt == null ? at : deliveredAt, at, declinedAt, declinedReason);
    }

    RecipientProgress declined(Instant at, String reason) {
        return new RecipientProgress("declined", sentAt, deliveredAt == null ? at : deliveredAt, signedAt, at, reason);
    }
}
