package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One recipient as the sender defined it (who, in which order, with which tabs). What the recipient has done so far
 * lives in {@link RecipientProgress}. Immutable by convention: {@code tabs} is a private copy no one mutates.
 *
 * @param tabs the recipient's tabs with all scalars as strings; an empty object when it has none
 */
record Recipient(RecipientType type, String recipientId, String recipientIdGuid, String name, String email,
                 String routingOrder, String roleName, String clientUserId, ObjectNode tabs) {
}
