package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a validated {@code envelopeDefinition} asks for, before the world gives it an id: the fixed part of an
 * envelope. Immutable by convention (the JSON nodes are private copies).
 *
 * @param status             {@code sent} or {@code created}
 * @param customFields       {@code {"textCustomFields":[...],"listCustomFields":[...]}}, all scalars strings
 * @param receivedDefinition the request body as received, document bytes left out
 */
record EnvelopeContent(String status, String emailSubject, String emailBlurb, String transactionId, String templateId,
                       List<Recipient> recipients, List<StoredDocument> documents, ObjectNode customFields,
                       ObjectNode receivedDefinition) {

    EnvelopeContent {
        recipients = List.copyOf(recipients);
        documents = List.copyOf(documents);
    }
}
