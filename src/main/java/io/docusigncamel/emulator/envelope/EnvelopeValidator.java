package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the body of {@code POST /envelopes} into {@link EnvelopeContent}, applying DocuSign's validation rules and
 * answering with DocuSign's error codes and (where public sources quote them) verbatim messages. The first broken
 * rule wins. Drafts ({@code created}) are checked only for what is wrong in itself (status, lengths, base64,
 * duplicates, unknown template or role); completeness, e-mail addresses and tab references are checked when the
 * envelope is sent, as DocuSign does. Stateless apart from the template lookup it is given; thread-safe.
 */
final class EnvelopeValidator {

    static final String INCOMPLETE_MESSAGE =
            "The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.";
    static final int MAX_SUBJECT_LENGTH = 100;
    static final int MAX_CUSTOM_FIELD_LENGTH = 100;

    /** Deliberately plain: one {@code @}, a dot in the domain, no spaces; DocuSign rejects what a mail server would. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ObjectMapper mapper;
    private final Function<String, Template> templates;

    EnvelopeValidator(ObjectMapper mapper, Function<String, Template> templates) {
        this.mapper = mapper;
        this.templates = templates;
    }

    EnvelopeContent validate(byte[] body) {
        ObjectNode definition = parse(body);
        String status = createStatus(definition);
        boolean sending = status.equals("sent");
        String templateId = LenientJson.nonBlank(definition, "templateId");
        Template template = null;
        if (templateId != null) {
            template = templates.apply(templateId);
            if (template == null) {
                // Code as DocuSign reports an unknown server template; the message adds the id to help the sender.
                throw RestFailure.badRequest("TEMPLATE_ID_INVALID", "Invalid template ID. Template " + templateId + " does not exist.");
            }
        }

        String subject = LenientJson.text(definition, "emailSubject");
        if ((subject == null || subject.isBlank()) && template != null) {
            subject = template.emailSubject();
        }
        if (subject != null && subject.length() > MAX_SUBJECT_LENGTH) {
            // DocuSign rejects rather than truncates a long subject; the exact errorCode is not published.
            throw RestFailure.invalidParameter("The email subject exceeds the maximum length of " + MAX_SUBJECT_LENGTH
                    + " characters (it has " + subject.length() + ").");
        }

        List<StoredDocument> documents;
        List<Recipient> recipients;
        if (template != null) {
            // With a server template the documents and recipients come from the template; DocuSign ignores inline
            // documents/recipients unless composite templates are used, which the emulator does not model.
            documents = List.of(templateDocument(template));
            recipients = templateRecipients(definition, template, sending);
        } else {
            documents = documents(definition);
            recipients = inlineRecipients(definition);
        }

        if (sending) {
            if (subject == null || subject.isBlank() || documents.isEmpty() || recipients.isEmpty()) {
                throw RestFailure.badRequest("ENVELOPE_IS_INCOMPLETE", INCOMPLETE_MESSAGE);
            }
            for (Recipient recipient : recipients) {
                if (recipient.email() == null || !EMAIL.matcher(recipient.email().trim()).matches()) {
                    throw RestFailure.badRequest("INVALID_EMAIL_ADDRESS_FOR_RECIPIENT",
                            "The email address for the recipient is invalid. The recipient Id follows. Recipient Id: "
                                    + recipient.recipientId());
                }
            }
            for (Recipient recipient : recipients) {
                checkTabs(recipient, documents);
            }
        }

        return new EnvelopeContent(status, subject == null ? "" : subject, LenientJson.text(definition, "emailBlurb"),
                LenientJson.nonBlank(definition, "transactionId"), templateId, recipients, documents,
                customFields(definition), definitionWithoutDocumentBytes(definition));
    }

    private ObjectNode parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformedBody(e.getOriginalMessage());
        } catch (IOException e) {
            throw malformedBody(e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformedBody("An envelopeDefinition JSON object is required.");
        }
        return (ObjectNode) root;
    }

    static RestFailure malformedBody(String detail) {
        return RestFailure.badRequest("INVALID_REQUEST_BODY", "The request body is missing or improperly formatted. " + detail);
    }

    private static String createStatus(ObjectNode definition) {
        String raw = LenientJson.nonBlank(definition, "status");
        if (raw == null) {
            return "created";
        }
        String status = raw.trim().toLowerCase(Locale.ROOT);
        if (!status.equals("sent") && !status.equals("created")) {
            // ENVELOPE_INVALID_STATUS is the code DocuSign lists for a status the operation does not allow.
            throw RestFailure.badRequest("ENVELOPE_INVALID_STATUS",
                    "Invalid envelope status. An envelope can only be created with status 'sent' or 'created'; was '" + raw + "'.");
        }
        return status;
    }

    private List<StoredDocument> documents(ObjectNode definition) {
        List<StoredDocument> documents = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int position = 0;
        for (JsonNode node : LenientJson.array(definition, "documents")) {
            position++;
            String documentId = LenientJson.nonBlank(node, "documentId");
            if (documentId == null) {
                throw RestFailure.invalidParameter("Document " + position + " has no documentId.");
            }
            if (!ids.add(documentId)) {
                throw RestFailure.invalidParameter("DocumentId " + documentId + " is used by more than one document.");
            }
            String base64 = LenientJson.text(node, "documentBase64");
            if (base64 == null || base64.isBlank()) {
                throw RestFailure.invalidParameter("Document " + documentId
                        + " has no documentBase64 (the emulator does not fetch remoteUrl documents).");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
            } catch (IllegalArgumentException e) {
                // DocuSign runs on .NET and answers a bad upload with the framework's FormatException text.
                throw RestFailure.badRequest("UNSPECIFIED_ERROR", "The input is not a valid Base-64 string as it contains a "
                        + "non-base 64 character, more than two padding characters, or an illegal character among the padding characters.");
            }
            String name = LenientJson.nonBlank(node, "name");
            name = name == null ? "Document " + documentId : name;
            String extension = LenientJson.nonBlank(node, "fileExtension");
            if (extension == null) {
                int dot = name.lastIndexOf('.');
                extension = dot > 0 ? name.substring(dot + 1) : "pdf";
            }
            String order = LenientJson.nonBlank(node, "order");
            documents.add(new StoredDocument(documentId, UUID.randomUUID().toString(), name,
                    extension.toLowerCase(Locale.ROOT), order == null ? String.valueOf(position) : order, bytes,
                    PdfPageCounter.count(bytes)));
        }
        return documents;
    }

    private List<Recipient> inlineRecipients(ObjectNode definition) {
        ObjectNode recipientsNode = LenientJson.object(definition, "recipients");
        List<Recipient> recipients = new ArrayList<>();
        if (recipientsNode == null) {
            return recipients;
        }
        for (Iterator<String> names = recipientsNode.fieldNames(); names.hasNext(); ) {
            String arrayName = names.next();
            JsonNode array = recipientsNode.get(arrayName);
            boolean supported = false;
            for (RecipientType type : RecipientType.values()) {
                supported |= type.arrayName().equals(arrayName);
            }
            if (!supported && array.isArray() && !array.isEmpty()) {
                throw RestFailure.invalidParameter("Recipients of type '" + arrayName + "' are not supported by the emulator; "
                        + "use signers, carbonCopies or certifiedDeliveries.");
            }
        }
        Set<String> ids = new HashSet<>();
        for (RecipientType type : RecipientType.values()) {
            for (JsonNode node : LenientJson.array(recipientsNode, type.arrayName())) {
                String recipientId = LenientJson.nonBlank(node, "recipientId");
                if (recipientId == null) {
                    throw RestFailure.badRequest("INVALID_RECIPIENT_ID",
                            "A recipient ID is missing. Every recipient needs a recipientId unique in the envelope.");
                }
                if (!ids.add(recipientId)) {
                    throw RestFailure.badRequest("ENVELOPE_HAS_DUPLICATE_RECIPIENTS", "The specified envelope has duplicate recipients.");
                }
                ObjectNode tabs = LenientJson.object(node, "tabs");
                String routingOrder = LenientJson.nonBlank(node, "routingOrder");
                recipients.add(new Recipient(type, recipientId, UUID.randomUUID().toString(),
                        orEmpty(LenientJson.text(node, "name")), LenientJson.text(node, "email"),
                        routingOrder == null ? "1" : routingOrder, LenientJson.nonBlank(node, "roleName"),
                        LenientJson.nonBlank(node, "clientUserId"),
                        tabs == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) LenientJson.stringified(tabs)));
            }
        }
        return recipients;
    }

    private List<Recipient> templateRecipients(ObjectNode definition, Template template, boolean sending) {
        Map<String, JsonNode> assigned = new LinkedHashMap<>();
        for (JsonNode role : LenientJson.array(definition, "templateRoles")) {
            String roleName = LenientJson.text(role, "roleName");
            if (roleName == null || !template.hasRole(roleName)) {
                throw RestFailure.invalidParameter("Template role '" + roleName + "' does not exist in template "
                        + template.templateId() + "; its roles are " + template.roles().stream().map(TemplateRole::roleName).toList()
                        + " (role names are case-sensitive).");
            }
            if (assigned.put(roleName, role) != null) {
                throw RestFailure.badRequest("ENVELOPE_HAS_DUPLICATE_RECIPIENTS", "The specified envelope has duplicate recipients.");
            }
        }

        // Pre-filled values by tab label; labels the template does not have are ignored, as DocuSign ignores them.
        Map<String, String> prefilledBy = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : assigned.entrySet()) {
            ObjectNode tabs = LenientJson.object(entry.getValue(), "tabs");
            for (JsonNode textTab : LenientJson.array(tabs, "textTabs")) {
                String label = LenientJson.text(textTab, "tabLabel");
                if (label != null && template.textTabLabels().contains(label)) {
                    prefilledBy.put(label, entry.getKey());
                    values.put(label, orEmpty(LenientJson.text(textTab, "value")));
                }
            }
        }

        List<Recipient> recipients = new ArrayList<>();
        List<TemplateRole> roles = template.roles();
        for (int i = 0; i < roles.size(); i++) {
            TemplateRole role = roles.get(i);
            String recipientId = String.valueOf(i + 1);
            JsonNode given = assigned.get(role.roleName());
            // An unassigned role stays a placeholder without an address; sending then fails on that recipient's
            // e-mail, which is how DocuSign reports a template role nobody was assigned to.
            String routingOrder = given == null ? null : LenientJson.nonBlank(given, "routingOrder");
            ArrayNode textTabs = JsonNodeFactory.instance.arrayNode();
            for (String label : template.textTabLabels()) {
                String owner = prefilledBy.getOrDefault(label, roles.get(0).roleName());
                if (owner.equals(role.roleName())) {
                    ObjectNode tab = textTabs.addObject();
                    tab.put("tabLabel", label);
                    tab.put("value", values.getOrDefault(label, ""));
                    tab.put("documentId", "1");
                    tab.put("pageNumber", "1");
                    tab.put("xPosition", "72");
                    tab.put("yPosition", String.valueOf(200 + 30 * textTabs.size()));
                    tab.put("recipientId", recipientId);
                }
            }
            ObjectNode tabs = JsonNodeFactory.instance.objectNode();
            if (!textTabs.isEmpty()) {
                tabs.set("textTabs", textTabs);
            }
            recipients.add(new Recipient(role.recipientType(), recipientId, UUID.randomUUID().toString(),
                    given == null ? "" : orEmpty(LenientJson.text(given, "name")),
                    given == null ? null : LenientJson.text(given, "email"),
                    routingOrder == null ? String.valueOf(i + 1) : routingOrder, role.roleName(),
                    given == null ? null : LenientJson.nonBlank(given, "clientUserId"), tabs));
        }
        if (sending && recipients.isEmpty()) {
            throw RestFailure.badRequest("ENVELOPE_IS_INCOMPLETE", INCOMPLETE_MESSAGE);
        }
        return recipients;
    }

    private static StoredDocument templateDocument(Template template) {
        byte[] pdf = new PdfWriter().page(template.name(), List.of("Template " + template.templateId(),
                "This document stands in for the server template's document.")).toBytes();
        return new StoredDocument("1", UUID.randomUUID().toString(), template.name(), "pdf", "1", pdf, OptionalInt.of(1));
    }

    private static void checkTabs(Recipient recipient, List<StoredDocument> documents) {
        for (Iterator<Map.Entry<String, JsonNode>> kinds = recipient.tabs().fields(); kinds.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = kinds.next();
            if (!kind.getKey().endsWith("Tabs") || !kind.getValue().isArray()) {
                continue;
            }
            for (JsonNode tab : kind.getValue()) {
                checkPosition(tab, "xPosition");
                checkPosition(tab, "yPosition");
                String documentId = LenientJson.nonBlank(tab, "documentId");
                if (documentId == null) {
                    continue; // anchor tabs are placed by text, not by document and page
                }
                StoredDocument document = documents.stream().filter(d -> d.documentId().equals(documentId)).findFirst()
                        .orElseThrow(() -> RestFailure.badRequest("TAB_REFERS_TO_MISSING_DOCUMENT",
                                "The DocumentId specified in the tab element does not refer to a document in this envelope. "
                                        + "Tab refers to DocumentId " + documentId + " which is not present."));
                String pageText = LenientJson.nonBlank(tab, "pageNumber");
                if (pageText == null) {
                    continue;
                }
                int page;
                try {
                    page = Integer.parseInt(pageText.trim());
                } catch (NumberFormatException e) {
                    throw RestFailure.invalidParameter("Invalid value for pageNumber: '" + pageText + "'.");
                }
                boolean beyondKnownPages = document.pageCount().isPresent() && page > document.pageCount().getAsInt();
                if (page < 1 || beyondKnownPages) {
                    throw RestFailure.badRequest("TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT",
                            "The pagenumber specified in the tab element is not in the document that the tab refers to. "
                                    + "Tab on Page " + page + " of Document " + documentId + " for Recipient " + recipient.recipientId());
                }
            }
        }
    }

    private static void checkPosition(JsonNode tab, String field) {
        String text = LenientJson.nonBlank(tab, field);
        if (text == null) {
            return;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw RestFailure.invalidParameter("Invalid value for " + field + ", must be a number.");
        }
        if (value.signum() < 0) {
            throw RestFailure.invalidParameter("Invalid value for " + field + ", must be greater than or equal to 0.");
        }
    }

    private static ObjectNode customFields(ObjectNode definition) {
        ObjectNode given = LenientJson.object(definition, "customFields");
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        ArrayNode text = fields.putArray("textCustomFields");
        ArrayNode list = fields.putArray("listCustomFields");
        int fieldId = 0;
        for (String kind : List.of("textCustomFields", "listCustomFields")) {
            for (JsonNode node : LenientJson.array(given, kind)) {
                String name = LenientJson.nonBlank(node, "name");
                if (name == null) {
                    throw RestFailure.invalidParameter("A custom field has no name.");
                }
                String value = orEmpty(LenientJson.text(node, "value"));
                if (name.length() > MAX_CUSTOM_FIELD_LENGTH || value.length() > MAX_CUSTOM_FIELD_LENGTH) {
                    throw RestFailure.invalidParameter("Custom field '" + name + "': name and value must be at most "
                            + MAX_CUSTOM_FIELD_LENGTH + " characters.");
                }
                ObjectNode field = (ObjectNode) LenientJson.stringified(node);
                fieldId++;
                if (!field.has("fieldId")) {
                    field.put("fieldId", String.valueOf(fieldId));
                }
                field.put("name", name);
                field.put("value", value);
                if (!field.has("show")) {
                    field.put("show", "false");
                }
                if (!field.has("required")) {
                    field.put("required", "false");
                }
                (kind.equals("textCustomFields") ? text : list).add(field);
            }
        }
        return fields;
    }

    /**
     * The body as received for the control view, except each document's base64, which is replaced by its size: the
     * bytes are kept once, decoded, and served by the documents endpoints; a second copy in base64 would only cost
     * memory in long runs.
     */
    private static ObjectNode definitionWithoutDocumentBytes(ObjectNode definition) {
        ObjectNode copy = definition.deepCopy();
        JsonNode documents = copy.get("documents");
        if (documents != null && documents.isArray()) {
            for (JsonNode document : documents) {
                JsonNode base64 = document.get("documentBase64");
                if (document.isObject() && base64 != null && base64.isTextual()) {
                    ((ObjectNode) document).put("documentBase64",
                            "(" + base64.asText().getBytes(StandardCharsets.US_ASCII).length + " base64 characters, kept as document bytes)");
                }
            }
        }
        return copy;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
