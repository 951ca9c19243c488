package io.docusigncamel.emulator.envelope;

/** The recipient kinds the emulator keeps, with the names DocuSign uses for their arrays and their type field. */
enum RecipientType {
    SIGNER("signers", "signer"),
    CARBON_COPY("carbonCopies", "carboncopy"),
    CERTIFIED_DELIVERY("certifiedDeliveries", "certifieddelivery");

    private final String arrayName;
    private final String typeName;

    RecipientType(String arrayName, String typeName) {
        this.arrayName = arrayName;
        this.typeName = typeName;
    }

    /** The key of this kind's array inside {@code recipients}, e.g. {@code carbonCopies}. */
    String arrayName() {
        return arrayName;
    }

    /** The value of {@code recipientType} DocuSign reports, e.g. {@code carboncopy}. */
    String typeName() {
        return typeName;
    }

    /** Accepts {@code signer}, {@code carbonCopy}, {@code carboncopy}, {@code certifiedDelivery}, ... */
    static RecipientType parse(String text) {
        String key = text.toLowerCase(java.util.Locale.ROOT).replace("_", "");
        for (RecipientType type : values()) {
            if (type.typeName.equals(key) || type.arrayName.equalsIgnoreCase(key)) {
                return type;
            }
        }
        return null;
    }
}
