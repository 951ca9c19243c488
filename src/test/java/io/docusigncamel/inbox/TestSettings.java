package io.docusigncamel.inbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Inbox settings for tests, from key/value pairs on top of the defaults. */
final class TestSettings {

    static final String TEMPLATE_ID = "8c7a6b5d-1234-4e5f-9a8b-0c1d2e3f4a5b";

    private TestSettings() {
    }

    /** The defaults plus {@code inbox.template-id} and the given keys/values. */
    static InboxSettings with(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put(InboxSettings.TEMPLATE_ID, TEMPLATE_ID);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return InboxSettings.read(key -> Optional.ofNullable(properties.get(key))).orThrow();
    }
}
