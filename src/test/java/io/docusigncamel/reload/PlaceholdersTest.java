package io.docusigncamel.reload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void findsEachPlaceholderOnceWithDefaultsAndFunctionsAsWritten() {
        assertThat(Placeholders.in("""
                uri: "file:{{inbox.dir}}"
                autoStartup: "{{connect.enabled}}"
                other: "{{inbox.dir}}/x {{env:HTTP_PORT:8080}}"
                message: "${body}"
                """)).containsExactly("inbox.dir", "connect.enabled", "env:HTTP_PORT:8080");
    }
}
