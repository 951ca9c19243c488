package io.docusigncamel.config;

import java.util.List;

/** The configuration cannot run; the message holds one line per problem, each naming the key and the fix. */
public final class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("Invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
