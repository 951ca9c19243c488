package io.docusigncamel.emulator.envelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One envelope in the emulator: its fixed content, its current {@link EnvelopeState} and its read counters.
 * Thread-safe: the state is an immutable value in a volatile field, so readers never lock; transitions are
 * synchronized on the record so two control calls (or a control call and a due signer action) cannot interleave.
 */
final class EnvelopeRecord {

    private final String envelopeId;
    private final String accountId;
    private final String userId;
    private final long sequence;
    private final EnvelopeContent content;
    private final EnvelopeCounters counters = new EnvelopeCounters();
    private volatile EnvelopeState state;

    EnvelopeRecord(String envelopeId, String accountId, String userId, long sequence, EnvelopeContent content,
                   Instant createdAt) {
        this.envelopeId = envelopeId;
        this.accountId = accountId;
        this.userId = userId;
        this.sequence = sequence;
        this.content = content;
        boolean sent = content.status().equals("sent");
        List<RecipientProgress> progress = new ArrayList<>();
        for (int i = 0; i < content.recipients().size(); i++) {
            progress.add(sent ? RecipientProgress.created().sent(createdAt) : RecipientProgress.created());
        }
        this.state = new EnvelopeState(content.status(), createdAt, sent ? createdAt : null, null, null, null, null,
                null, createdAt, createdAt, progress);
    }

    String envelopeId() {
        return envelopeId;
    }

    String accountId() {
        return accountId;
    }

    /** The sending user (the token's user), which Connect messages name as {@code data.userId}. */
    String userId() {
        return userId;
    }

    /** Creation order; breaks ties in list sorting so paging is stable. */
    long sequence() {
        return sequence;
    }

    EnvelopeContent content() {
        return content;
    }

    List<Recipient> recipients() {
        return content.recipients();
    }

    EnvelopeCounters counters() {
        return counters;
    }

    EnvelopeState state() {
        return state;
    }

    Optional<StoredDocument> document(String documentId) {
        return content.documents().stream().filter(document -> document.documentId().equals(documentId)).findFirst();
    }

    /** One step along the happy path: {@code sent → delivered → completed}. */
    synchronized StatusChange advance(Instant at) {
        return switch (state.status()) {
            case "sent" -> deliver(at);
            case "delivered" -> complete(at);
            default -> throw invalidTransition("advance");
        };
    }

    /** Every recipient viewed the documents. */
    synchronized StatusChange deliver(Instant at) {
        if (!state.status().equals("sent")) {
            throw invalidTransition("deliver");
        }
        Instant when = notBeforeLastEvent(at);
        List<RecipientProgress> progress = state.recipients().stream().map(p -> p.delivered(when)).toList();
        return moveTo("delivered", when, progress);
    }

    /** Every recipient signed (carbon copies and certified deliveries are marked completed as well). */
    synchronized StatusChange complete(Instant at) {
        if (!state.status().equals("sent") && !state.status().equals("delivered")) {
            throw invalidTransition("complete");
        }
        Instant when = notBeforeLastEvent(at);
        List<RecipientProgress> progress = state.recipients().stream().map(p -> p.completed(when)).toList();
        return moveTo("completed", when, progress);
    }

    /**
     * A signer declined. {@code recipientId} names it; {@code null} means the first signer (by routing order) that
     * has not signed yet.
     */
    synchronized StatusChange decline(Instant at, String reason, String recipientId) {
        if (!state.status().equals("sent") && !state.status().equals("delivered")) {
            throw invalidTransition("decline");
        }
        Instant when = notBeforeLastEvent(at);
        int index = decliningSigner(recipientId);
        List<RecipientProgress> progress = new ArrayList<>(state.recipients());
        progress.set(index, progress.get(index).declined(when, reason));
        return moveTo("declined", when, progress);
    }

    /** The sender voided the envelope; only envelopes still out for signature can be voided. */
    synchronized StatusChange voidEnvelope(Instant at, String reason) {
        if (!state.status().equals("sent") && !state.status().equals("delivered")) {
            throw RestFailure.badRequest("ENVELOPE_CANNOT_VOID_INVALID_STATE",
                    "Only envelopes in the 'Sent' or 'Delivered' states may be voided. Envelope " + envelopeId
                            + " is " + state.status() + ".");
        }
        StatusChange change = moveTo("voided", notBeforeLastEvent(at), state.recipients());
        state = state.withVoidedReason(reason);
        return change;
    }

    /**
     * Applies a scheduled signer action if the envelope is still where the schedule expected it; a control call
     * may have moved it on meanwhile, in which case the action lapses ({@code null}).
     */
    synchronized StatusChange applyScheduled(String targetStatus, Instant at) {
        if (targetStatus.equals("delivered") && state.status().equals("sent")) {
            return deliver(at);
        }
        if (targetStatus.equals("completed") && (state.status().equals("sent") || state.status().equals("delivered"))) {
            return complete(at);
        }
        return null;
    }

    private int decliningSigner(String recipientId) {
        List<Recipient> recipients = content.recipients();
        int chosen = -1;
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            if (recipientId != null) {
                if (recipient.recipientId().equals(recipientId)) {
                    if (recipient.type() != RecipientType.SIGNER) {
                        throw RestFailure.badRequest("INVALID_RECIPIENT_ID",
                                "Recipient " + recipientId + " is not a signer and cannot decline.");
                    }
                    return i;
                }
            } else if (recipient.type() == RecipientType.SIGNER && !state.recipients().get(i).status().equals("completed")
                    && (chosen < 0 || routingOrder(recipient) < routingOrder(recipients.get(chosen)))) {
                chosen = i;
            }
        }
        if (recipientId != null) {
            throw RestFailure.badRequest("UNKNOWN_ENVELOPE_RECIPIENT",
                    "The recipient you have identified is not a valid recipient of the specified envelope. Recipient Id: " + recipientId);
        }
        if (chosen < 0) {
            throw RestFailure.badRequest("ENVELOPE_INVALID_STATUS", "Envelope " + envelopeId + " has no signer who could decline.");
        }
        return chosen;
    }

    private static int routingOrder(Recipient recipient) {
        try {
            return Integer.parseInt(recipient.routingOrder());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private StatusChange moveTo(String newStatus, Instant at, List<RecipientProgress> progress) {
        String oldStatus = state.status();
        state = state.withStatus(newStatus, at, progress);
        return new StatusChange(envelopeId, accountId, oldStatus, newStatus, at);
    }

    /** A test clock may be moved back; event times of one envelope must still never go backwards. */
    private Instant notBeforeLastEvent(Instant at) {
        return at.isBefore(state.lastModifiedAt()) ? state.lastModifiedAt() : at;
    }

    private RestFailure invalidTransition(String action) {
        return RestFailure.badRequest("ENVELOPE_INVALID_STATUS",
                "Cannot " + action + " envelope " + envelopeId + ": its status is " + state.status() + ".");
    }
}
