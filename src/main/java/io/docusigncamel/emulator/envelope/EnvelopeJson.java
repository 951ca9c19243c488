package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Renders envelopes in DocuSign's REST shapes ({@code envelopeSummary}, {@code envelope}, list entries,
 * {@code recipients}, {@code customFields}, {@code envelopeDocuments}) following its conventions: every scalar a
 * string, URIs relative to the account, times UTC with seven fractional digits, a time present only once its event
 * happened. Stateless and thread-safe; it reads each envelope's state once so one answer is consistent.
 */
final class EnvelopeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** DocuSign's default expiry for envelopes (days after sending). */
    private static final int EXPIRE_AFTER_DAYS = 120;

    private EnvelopeJson() {
    }

    /** The 201 body of create, keys in DocuSign's order. */
    static ObjectNode summary(EnvelopeRecord envelope) {
        EnvelopeState state = envelope.state();
        ObjectNode json = NODES.objectNode();
        json.put("envelopeId", envelope.envelopeId());
        json.put("uri", uri(envelope));
        json.put("statusDateTime", DocuSignTime.format(state.statusChangedAt()));
        json.put("status", state.status());
        return json;
    }

    /** GET /envelopes/{id}: the {@code envelope} object, keys sorted as DocuSign sorts them. */
    static ObjectNode envelope(EnvelopeRecord envelope, Set<String> include) {
        EnvelopeState state = envelope.state();
        ObjectNode json = NODES.objectNode();
        String uri = uri(envelope);
        json.put("allowComments", "true");
        json.put("allowMarkup", "false");
        json.put("allowReassign", "true");
        json.put("allowViewHistory", "true");
        json.put("attachmentsUri", uri + "/attachments");
        json.put("autoNavigation", "true");
        json.put("burnDefaultTabData", "false");
        json.put("certificateUri", uri + "/documents/certificate");
        json.put("customFieldsUri", uri + "/custom_fields");
        json.put("documentsCombinedUri", uri + "/documents/combined");
        json.put("documentsUri", uri + "/documents");
        if (envelope.content().emailBlurb() != null) {
            json.put("emailBlurb", envelope.content().emailBlurb());
        }
        json.put("emailSubject", envelope.content().emailSubject());
        json.put("enableWetSign", "true");
        json.put("envelopeId", envelope.envelopeId());
        json.put("envelopeIdStamping", "true");
        json.put("envelopeLocation", "current_site");
        json.put("envelopeUri", uri);
        json.put("expireAfter", String.valueOf(EXPIRE_AFTER_DAYS));
        json.put("expireEnabled", "true");
        json.put("hasComments", "false");
        json.put("hasFormDataChanged", "false");
        json.put("is21CFRPart11", "false");
        json.put("isDynamicEnvelope", "false");
        json.put("isSignatureProviderEnvelope", "false");
        json.put("notificationUri", uri + "/notification");
        json.put("purgeState", "unpurged");
        json.put("recipientsUri", uri + "/recipients");
        json.put("signerCanSignOnMobile", "true");
        json.put("signingLocation", "online");
        json.put("status", state.status());
        json.put("templatesUri", uri + "/templates");
        if (envelope.content().transactionId() != null) {
            json.put("transactionId", envelope.content().transactionId());
        }
        json.put("uSigState", "esign");
        putTimes(json, state);
        if (state.sentAt() != null) {
            json.put("initialSentDateTime", DocuSignTime.format(state.sentAt()));
            json.put("expireDateTime", DocuSignTime.format(state.sentAt().plus(Duration.ofDays(EXPIRE_AFTER_DAYS))));
        }
        if (state.voidedReason() != null) {
            json.put("voidedReason", state.voidedReason());
        }
        addIncludes(json, envelope, state, include);
        if (include.contains("documents")) {
            json.set("envelopeDocuments", documentEntries(envelope));
        }
        return sorted(json);
    }

    /** One entry of {@code envelopesInformation.envelopes}, in the field order of real list responses. */
    static ObjectNode listEntry(EnvelopeRecord envelope, EnvelopeState state, Set<String> include) {
        String uri = uri(envelope);
        ObjectNode json = NODES.objectNode();
        json.put("status", state.status());
        json.put("envelopeId", envelope.envelopeId());
        json.put("envelopeUri", uri);
        json.put("documentsUri", uri + "/documents");
        json.put("recipientsUri", uri + "/recipients");
        json.put("attachmentsUri", uri + "/attachments");
        json.put("customFieldsUri", uri + "/custom_fields");
        json.put("notificationUri", uri + "/notification");
        json.put("statusChangedDateTime", DocuSignTime.format(state.statusChangedAt()));
        json.put("documentsCombinedUri", uri + "/documents/combined");
        json.put("certificateUri", uri + "/documents/certificate");
        json.put("templatesUri", uri + "/templates");
        json.put("emailSubject", envelope.content().emailSubject());
        if (envelope.content().transactionId() != null) {
            json.put("transactionId", envelope.content().transactionId());
        }
        putTimes(json, state);
        if (state.voidedReason() != null) {
            json.put("voidedReason", state.voidedReason());
        }
        addIncludes(json, envelope, state, include);
        return json;
    }

    /** The {@code recipients} object: signers, carbon copies and certified deliveries with their own progress. */
    static ObjectNode recipients(EnvelopeRecord envelope, EnvelopeState state, boolean withTabs) {
        ObjectNode json = NODES.objectNode();
        List<Recipient> recipients = envelope.recipients();
        for (RecipientType type : RecipientType.values()) {
            json.putArray(type.arrayName());
        }
        int current = Integer.MAX_VALUE;
        int highest = 1;
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            RecipientProgress progress = state.recipients().get(i);
            ((ArrayNode) json.get(recipient.type().arrayName())).add(recipient(recipient, progress, withTabs));
            int order = parseOrder(recipient.routingOrder());
            highest = Math.max(highest, order);
            if (!progress.status().equals("completed")) {
                current = Math.min(current, order);
            }
        }
        json.put("recipientCount", String.valueOf(recipients.size()));
        json.put("currentRoutingOrder", String.valueOf(current == Integer.MAX_VALUE ? highest : current));
        return json;
    }

    static ObjectNode customFields(EnvelopeRecord envelope) {
        return envelope.content().customFields().deepCopy();
    }

    /** GET /envelopes/{id}/documents. */
    static ObjectNode documentList(EnvelopeRecord envelope) {
        ObjectNode json = NODES.objectNode();
        json.put("envelopeId", envelope.envelopeId());
        json.set("envelopeDocuments", documentEntries(envelope));
        return json;
    }

    /** The control API's view: everything the world knows about one envelope, for assertions in tests. */
    static ObjectNode controlView(EnvelopeRecord envelope) {
        EnvelopeState state = envelope.state();
        EnvelopeContent content = envelope.content();
        ObjectNode json = NODES.objectNode();
        json.put("envelopeId", envelope.envelopeId());
        json.put("accountId", envelope.accountId());
        json.put("status", state.status());
        json.put("emailSubject", content.emailSubject());
        if (content.emailBlurb() != null) {
            json.put("emailBlurb", content.emailBlurb());
        }
        json.put("transactionId", content.transactionId());
        json.put("templateId", content.templateId());
        putTimes(json, state);
        json.put("voidedReason", state.voidedReason());
        json.set("customFields", customFields(envelope));
        json.set("recipients", recipients(envelope, state, true));
        ArrayNode documents = json.putArray("documents");
        for (StoredDocument document : content.documents()) {
            ObjectNode entry = documents.addObject();
            entry.put("documentId", document.documentId());
            entry.put("name", document.name());
            entry.put("fileExtension", document.fileExtension());
            entry.put("bytes", document.bytes().length);
            if (document.pageCount().isPresent()) {
                entry.put("pages", document.pageCount().getAsInt());
            }
        }
        json.set("counters", envelope.counters().toJson());
        json.set("definition", content.receivedDefinition().deepCopy());
        return json;
    }

    static String uri(EnvelopeRecord envelope) {
        return "/envelopes/" + envelope.envelopeId();
    }

    private static void addIncludes(ObjectNode json, EnvelopeRecord envelope, EnvelopeState state, Set<String> include) {
        if (include.contains("custom_fields")) {
            json.set("customFields", customFields(envelope));
        }
        if (include.contains("recipients") || include.contains("tabs")) {
            json.set("recipients", recipients(envelope, state, include.contains("tabs")));
        }
    }

    private static void putTimes(ObjectNode json, EnvelopeState state) {
        putTime(json, "createdDateTime", state.createdAt());
        putTime(json, "sentDateTime", state.sentAt());
        putTime(json, "deliveredDateTime", state.deliveredAt());
        putTime(json, "completedDateTime", state.completedAt());
        putTime(json, "declinedDateTime", state.declinedAt());
        putTime(json, "voidedDateTime", state.voidedAt());
        putTime(json, "statusChangedDateTime", state.statusChangedAt());
        putTime(json, "lastModifiedDateTime", state.lastModifiedAt());
    }

    private static void putTime(ObjectNode json, String field, Instant time) {
        if (time != null) {
            json.put(field, DocuSignTime.format(time));
        }
    }

    private static ObjectNode recipient(Recipient recipient, RecipientProgress progress, boolean withTabs) {
        ObjectNode json = NODES.objectNode();
        if (recipient.clientUserId() != null) {
            json.put("clientUserId", recipient.clientUserId());
        }
        json.put("creationReason", "sender");
        json.put("deliveryMethod", "email");
        json.put("email", recipient.email() == null ? "" : recipient.email());
        json.put("name", recipient.name());
        json.put("recipientId", recipient.recipientId());
        json.put("recipientIdGuid", recipient.recipientIdGuid());
        json.put("recipientType", recipient.type().typeName());
        json.put("requireIdLookup", "false");
        if (recipient.roleName() != null) {
            json.put("roleName", recipient.roleName());
        }
        json.put("routingOrder", recipient.routingOrder());
        json.put("status", progress.status());
        putTime(json, "sentDateTime", progress.sentAt());
        putTime(json, "deliveredDateTime", progress.deliveredAt());
        if (recipient.type() == RecipientType.SIGNER) {
            putTime(json, "signedDateTime", progress.signedAt());
        }
        putTime(json, "declinedDateTime", progress.declinedAt());
        if (progress.declinedReason() != null) {
            json.put("declinedReason", progress.declinedReason());
        }
        json.put("totalTabCount", String.valueOf(tabCount(recipient.tabs())));
        if (withTabs) {
            json.set("tabs", recipient.tabs().deepCopy());
        }
        return json;
    }

    private static int tabCount(ObjectNode tabs) {
        int count = 0;
        for (Iterator<JsonNode> kinds = tabs.elements(); kinds.hasNext(); ) {
            JsonNode kind = kinds.next();
            count += kind.isArray() ? kind.size() : 0;
        }
        return count;
    }

    private static ArrayNode documentEntries(EnvelopeRecord envelope) {
        ArrayNode entries = NODES.arrayNode();
        String uri = uri(envelope);
        for (StoredDocument document : envelope.content().documents()) {
            ObjectNode entry = entries.addObject();
            entry.put("documentId", document.documentId());
            entry.put("documentIdGuid", document.documentIdGuid());
            entry.put("name", document.name());
            entry.put("type", "content");
            entry.put("uri", uri + "/documents/" + document.documentId());
            entry.put("order", document.order());
            // Non-PDF uploads are served as a one-page conversion, so they report one page.
            entry.set("pages", pages(envelope, document.documentId(), document.pageCount().orElse(1)));
            putDocumentFlags(entry);
        }
        ObjectNode certificate = entries.addObject();
        certificate.put("documentId", "certificate");
        certificate.put("documentIdGuid", stableId(envelope, "certificate", 0).toString());
        certificate.put("name", "Summary");
        certificate.put("type", "summary");
        certificate.put("uri", uri + "/documents/certificate");
        certificate.put("order", "999");
        certificate.set("pages", pages(envelope, "certificate", 1));
        putDocumentFlags(certificate);
        return entries;
    }

    private static void putDocumentFlags(ObjectNode entry) {
        entry.put("display", "inline");
        entry.put("includeInDownload", "true");
        entry.put("signerMustAcknowledge", "no_interaction");
        entry.put("templateRequired", "false");
        entry.put("authoritativeCopy", "false");
        ObjectNode available = entry.putArray("availableDocumentTypes").addObject();
        available.put("isDefault", "true");
        available.put("type", "electronic");
    }

    private static ArrayNode pages(EnvelopeRecord envelope, String documentId, int count) {
        ArrayNode pages = NODES.arrayNode();
        for (int page = 1; page <= count; page++) {
            ObjectNode entry = pages.addObject();
            entry.put("pageId", stableId(envelope, documentId, page).toString());
            entry.put("sequence", String.valueOf(page));
            entry.put("height", "792");
            entry.put("width", "612");
            entry.put("dpi", "72");
        }
        return pages;
    }

    /** Ids DocuSign would store; derived, so repeated reads of one page give the same id without keeping it. */
    private static UUID stableId(EnvelopeRecord envelope, String documentId, int page) {
        return UUID.nameUUIDFromBytes((envelope.envelopeId() + "/" + documentId + "/" + page).getBytes(StandardCharsets.UTF_8));
    }

    private static int parseOrder(String routingOrder) {
        try {
            return Integer.parseInt(routingOrder.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static ObjectNode sorted(ObjectNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        names.sort(String.CASE_INSENSITIVE_ORDER);
        ObjectNode sorted = NODES.objectNode();
        for (String name : names) {
            sorted.set(name, json.get(name));
        }
        return sorted;
    }
}
