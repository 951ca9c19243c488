package io.docusigncamel.inbox;

import java.util.Locale;
import java.util.Optional;

/** How an envelope gets its documents and recipients: from a server template, or from a PDF in the documents folder. */
public enum EnvelopeMode {
    /** {@code templateId} + {@code templateRoles}: the template holds the documents and the tabs. */
    TEMPLATE,
    /** {@code documents} + {@code recipients}: a PDF from the documents folder with a sign-here tab per signer. */
    DOCUMENTS;

    /** The word used in properties and mapping files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code template} or {@code documents}, any case. */
    public static Optional<EnvelopeMode> parse(String text) {
        for (EnvelopeMode mode : values()) {
            if (mode.label().equalsIgnoreCase(text.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
