package io.docusigncamel.inbox;

import java.util.List;
import java.util.Map;

/**
 * What one row asks for, in DocuSign's terms but not yet checked: the common ground of the column conventions and
 * mapping files, so that both are validated and turned into JSON by the same {@link EnvelopeAssembler}. Immutable.
 *
 * @param row          data row number, for messages
 * @param rowKey       the row's key
 * @param sourceFile   the input file's name
 * @param mode         template or documents, for this row
 * @param templateId   the row's or mapping's template, or null for {@code inbox.template-id}
 * @param emailSubject the subject, or null for {@code inbox.email-subject}
 * @param emailBlurb   the e-mail body, or null for {@code inbox.email-blurb}
 * @param recipients   candidate recipients in role order; optional ones may turn out absent
 * @param textTabs     template text tabs to pre-fill: label → value
 * @param customFields extra hidden text custom fields
 * @param document     the PDF's file name (documents mode), or null
 */
record EnvelopeRequest(
        int row,
        String rowKey,
        String sourceFile,
        EnvelopeMode mode,
        Field templateId,
        Field emailSubject,
        Field emailBlurb,
        List<RecipientRequest> recipients,
        Map<String, String> textTabs,
        List<CustomField> customFields,
        Field document) {

    /**
     * A value and what to call it in a message: the column it came from ({@code Signer::Email}, {@code work_email})
     * or the mapping-file key path.
     */
    record Field(String label, String value) {
        boolean isBlank() {
            return value == null || value.isBlank();
        }
    }

    /**
     * A recipient the row may address.
     *
     * @param role      the configured role name
     * @param name      the recipient's name
     * @param email     the recipient's e-mail address
     * @param required  the row must fill this role
     * @param nameFromRow the name comes from the row (not a fixed text), so a name without e-mail is a data error
     */
    record RecipientRequest(String role, Field name, Field email, boolean required, boolean nameFromRow) {
    }

    /** A hidden envelope custom field. */
    record CustomField(String name, Field value) {
    }
}
