package io.docusigncamel.inbox;

import java.util.regex.Pattern;

/** Recognises DocuSign's GUIDs (template ids). Stateless and thread-safe. */
final class Guids {

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static final String EXAMPLE = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    private Guids() {
    }

    static boolean isGuid(String text) {
        return GUID.matcher(text).matches();
    }
}
