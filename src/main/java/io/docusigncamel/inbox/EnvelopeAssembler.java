package io.docusigncamel.inbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.inbox.EnvelopeRequest.CustomField;
import io.docusigncamel.inbox.EnvelopeRequest.Field;
import io.docusigncamel.inbox.EnvelopeRequest.RecipientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks an {@link EnvelopeRequest} against every rule DocuSign would apply (and a few of the service's own) and
 * builds the envelope definition JSON, so that a bad row is rejected with all its problems before any call to
 * DocuSign. All scalars are JSON strings, DocuSign's convention. Immutable apart from the documents cache; thread-safe.
 */
final class EnvelopeAssembler {

    /** DocuSign's limit of recipients per envelope. */
    static final int MAX_RECIPIENTS = 100;
    /** DocuSign's limit for a custom field's name and value. */
    static final int MAX_CUSTOM_FIELD_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 100;
    static final String ROW_KEY_FIELD = "rowKey";
    static final String SOURCE_FILE_FIELD = "sourceFile";

    private final InboxSettings settings;
    private final DocumentFolder documents;
    private final String templateHint;

    /**
     * @param templateHint how a row gets a template when {@code inbox.template-id} is unset, for the message
     */
    EnvelopeAssembler(InboxSettings settings, String templateHint) {
        this.settings = settings;
        this.documents = new DocumentFolder(settings.documentsDir());
        this.templateHint = templateHint;
    }

    /** A checked recipient that will be on the envelope. */
    private record Recipient(String role, String name, String email, boolean carbonCopy) {
    }

    /** Checks {@code request}; the envelope if it is valid, else a rejection listing every problem. */
    MappedRow assemble(EnvelopeRequest request, List<String> earlierProblems) {
        List<String> problems = new ArrayList<>(earlierProblems);

        List<Recipient> recipients = recipients(request, problems);
        if (recipients.size() > MAX_RECIPIENTS) {
            problems.add(recipients.size() + " recipients; DocuSign allows at most " + MAX_RECIPIENTS + " per envelope");
        }

        String subject = request.emailSubject() == null || request.emailSubject().isBlank()
                ? settings.emailSubject() : request.emailSubject().value().trim();
        if (subject.length() > InboxSettings.MAX_SUBJECT_LENGTH) {
            problems.add(request.emailSubject().label() + " is " + subject.length() + " characters; DocuSign allows at most "
                    + InboxSettings.MAX_SUBJECT_LENGTH);
        }
        String blurb = request.emailBlurb() == null || request.emailBlurb().isBlank()
                ? settings.emailBlurb().orElse(null) : request.emailBlurb().value().trim();
        if (blurb != null && blurb.length() > InboxSettings.MAX_BLURB_LENGTH) {
            problems.add(request.emailBlurb().label() + " is " + blurb.length() + " characters; DocuSign allows at most "
                    + InboxSettings.MAX_BLURB_LENGTH);
        }

        String templateId = null;
        DocumentFolder.Found document = null;
        if (request.mode() == EnvelopeMode.TEMPLATE) {
            templateId = templateId(request.templateId(), problems);
        } else {
            if (recipients.stream().allMatch(Recipient::carbonCopy) && !recipients.isEmpty()) {
                problems.add("no signer: documents mode needs at least one recipient who signs");
            }
            DocumentFolder.Lookup lookup = request.document() == null
                    ? new DocumentFolder.Problem("Document is empty; documents mode needs the file name of a PDF in the"
                    + " documents folder")
                    : documents.find(request.document().label(), request.document().value());
            if (lookup instanceof DocumentFolder.Problem problem) {
                problems.add(problem.text());
            } else {
                document = (DocumentFolder.Found) lookup;
            }
        }

        for (CustomField field : request.customFields()) {
            int length = field.value().value().length();
            if (length > MAX_CUSTOM_FIELD_LENGTH) {
                problems.add(field.value().label() + " is " + length + " characters; a custom field value may have at most "
                        + MAX_CUSTOM_FIELD_LENGTH);
            }
        }

        if (!problems.isEmpty()) {
            return new MappedRow.Rejected(request.rowKey(), "row " + request.row() + ": " + String.join("; ", problems));
        }

        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        definition.put("status", "sent");
        definition.put("emailSubject", subject);
        if (blurb != null) {
            definition.put("emailBlurb", blurb);
        }
        definition.put("transactionId", request.rowKey());
        if (templateId != null) {
            definition.put("templateId", templateId);
            definition.set("templateRoles", templateRoles(recipients, request.textTabs()));
        } else {
            ArrayNode docs = definition.putArray("documents");
            docs.addObject()
                    .put("documentBase64", document.base64())
                    .put("name", document.name())
                    .put("fileExtension", "pdf")
                    .put("documentId", "1");
            definition.set("recipients", inlineRecipients(recipients));
        }
        ArrayNode fields = definition.putObject("customFields").putArray("textCustomFields");
        addCustomField(fields, ROW_KEY_FIELD, request.rowKey());
        addCustomField(fields, SOURCE_FILE_FIELD, truncate(request.sourceFile(), MAX_CUSTOM_FIELD_LENGTH));
        for (CustomField field : request.customFields()) {
            addCustomField(fields, field.name(), field.value().value());
        }
        return new MappedRow.Envelope(request.rowKey(), definition);
    }

    private List<Recipient> recipients(EnvelopeRequest request, List<String> problems) {
        List<Recipient> recipients = new ArrayList<>();
        for (RecipientRequest candidate : request.recipients()) {
            Field name = candidate.name();
            Field email = candidate.email();
            boolean noName = name.isBlank();
            boolean noEmail = email.isBlank();
            if (!candidate.required() && noEmail && (noName || !candidate.nameFromRow())) {
                continue;
            }
            int before = problems.size();
            if (noName) {
                problems.add(name.label() + " is empty" + (candidate.required() || noEmail ? ""
                        : " but " + email.label() + " is set; fill both or neither"));
            }
            if (noEmail) {
                problems.add(email.label() + " is empty" + (candidate.required() || noName ? ""
                        : " but " + name.label() + " is set; fill both or neither"));
            }
            String trimmedName = noName ? "" : name.value().trim();
            String trimmedEmail = noEmail ? "" : email.value().trim();
            if (trimmedName.length() > MAX_NAME_LENGTH) {
                problems.add(name.label() + " is " + trimmedName.length() + " characters; a name may have at most "
                        + MAX_NAME_LENGTH);
            }
            if (!noEmail && !EmailAddresses.isValid(trimmedEmail)) {
                problems.add(email.label() + " \"" + trimmedEmail + "\" is not an e-mail address"
                        + (trimmedEmail.length() > EmailAddresses.MAX_LENGTH
                        ? " (" + trimmedEmail.length() + " characters; at most " + EmailAddresses.MAX_LENGTH + ")" : ""));
            }
            if (problems.size() == before) {
                recipients.add(new Recipient(candidate.role(), trimmedName, trimmedEmail,
                        settings.isCarbonCopy(candidate.role())));
            }
        }
        if (recipients.isEmpty() && problems.isEmpty()) {
            problems.add("no recipient: fill the name and e-mail of at least one role");
        }
        return recipients;
    }

    private String templateId(Field rowTemplate, List<String> problems) {
        if (rowTemplate != null && !rowTemplate.isBlank()) {
            String id = rowTemplate.value().trim();
            if (!Guids.isGuid(id)) {
                problems.add(rowTemplate.label() + " \"" + id + "\" is not a template ID (a GUID like " + Guids.EXAMPLE + ")");
                return null;
            }
            return id;
        }
        if (settings.templateId().isEmpty()) {
            problems.add("no template: set " + InboxSettings.TEMPLATE_ID + templateHint);
            return null;
        }
        return settings.templateId().get();
    }

    private ArrayNode templateRoles(List<Recipient> recipients, Map<String, String> textTabs) {
        ArrayNode roles = JsonNodeFactory.instance.arrayNode();
        for (Recipient recipient : recipients) {
            ObjectNode role = roles.addObject()
                    .put("roleName", recipient.role())
                    .put("name", recipient.name())
                    .put("email", recipient.email());
            // Pre-filled values go to the signing roles: DocuSign matches text tabs by label per recipient.
            if (!recipient.carbonCopy() && !textTabs.isEmpty()) {
                ArrayNode tabs = role.putObject("tabs").putArray("textTabs");
                textTabs.forEach((label, value) -> tabs.addObject().put("tabLabel", label).put("value", value));
            }
        }
        return roles;
    }

    private ObjectNode inlineRecipients(List<Recipient> recipients) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode signers = node.putArray("signers");
        ArrayNode copies = JsonNodeFactory.instance.arrayNode();
        int id = 0;
        for (Recipient recipient : recipients) {
            id++;
            ObjectNode person = (recipient.carbonCopy() ? copies : signers).addObject()
                    .put("email", recipient.email())
                    .put("name", recipient.name())
                    .put("recipientId", Integer.toString(id))
                    .put("routingOrder", Integer.toString(settings.roles().indexOf(recipient.role()) + 1))
                    .put("roleName", recipient.role());
            if (!recipient.carbonCopy()) {
                person.set("tabs", signerTabs());
            }
        }
        if (!copies.isEmpty()) {
            node.set("carbonCopies", copies);
        }
        return node;
    }

    private ObjectNode signerTabs() {
        ObjectNode tabs = JsonNodeFactory.instance.objectNode();
        ObjectNode signHere = tabs.putArray("signHereTabs").addObject();
        ObjectNode dateSigned = tabs.putArray("dateSignedTabs").addObject();
        if (settings.signAnchor().isPresent()) {
            String anchor = settings.signAnchor().get();
            signHere.put("anchorString", anchor).put("anchorUnits", "pixels")
                    .put("anchorXOffset", "0").put("anchorYOffset", "0");
            // The date goes to the right of the signature, on the same anchor.
            dateSigned.put("anchorString", anchor).put("anchorUnits", "pixels")
                    .put("anchorXOffset", "180").put("anchorYOffset", "0");
        } else {
            signHere.put("documentId", "1").put("pageNumber", "1")
                    .put("xPosition", Integer.toString(settings.signX()))
                    .put("yPosition", Integer.toString(settings.signY()));
            dateSigned.put("documentId", "1").put("pageNumber", "1")
                    .put("xPosition", Integer.toString(settings.signX() + 180))
                    .put("yPosition", Integer.toString(settings.signY()));
        }
        return tabs;
    }

    private static void addCustomField(ArrayNode fields, String name, String value) {
        fields.addObject().put("name", name).put("value", value).put("show", "false").put("required", "false");
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    static String truncate(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }
}
