package io.docusigncamel.emulator.envelope;

import java.time.Instant;
import java.util.List;

/**
 * The changing part of an envelope: its status, the time of every event that happened so far and each recipient's
 * progress (same order as {@link EnvelopeRecord#recipients()}). Immutable, so readers get a consistent picture
 * without locking; a transition builds a new value. Event times are {@code null} until the event happens.
 */
record EnvelopeState(String status, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant completedAt,
                     Instant declinedAt, Instant voidedAt, String voidedReason, Instant statusChangedAt,
                     Instant lastModifiedAt, List<RecipientProgress> recipients) {

    EnvelopeState {
        recipients = List.copyOf(recipients);
    }

    boolean isTerminal() {
        return status.equals("completed") || status.equals("declined") || status.equals("voided");
    }

    /** The time the {@code from_to_status} window of listStatusChanges looks at, or {@code null} if it never happened. */
    Instant timeOf(String event) {
        return switch (event) {
            case "changed" -> statusChangedAt;
            case "created" -> createdAt;
            case "sent" -> sentAt;
            case "delivered" -> deliveredAt;
            case "signed", "completed" -> completedAt;
            case "declined" -> declinedAt;
            case "voided" -> voidedAt;
            default -> null;
        };
    }

    EnvelopeState withStatus(String newStatus, Instant at, List<RecipientProgress> newRecipients) {
        return new EnvelopeState(newStatus, createdAt,
                newStatus.equals("sent") && sentAt == null ? at : sentAt,
                newStatus.equals("delivered") || (newStatus.equals("completed") && deliveredAt == null) ? at : deliveredAt,
                newStatus.equals("completed") ? at : completedAt,
                newStatus.equals("declined") ? at : declinedAt,
                newStatus.equals("voided") ? at : voidedAt,
                voidedReason, at, at, newRecipients);
    }

    EnvelopeState withVoidedReason(String reason) {
        return new EnvelopeState(status, createdAt, sentAt, deliveredAt, completedAt, declinedAt, voidedAt, reason,
                statusChangedAt, lastModifiedAt, recipients);
    }
}
