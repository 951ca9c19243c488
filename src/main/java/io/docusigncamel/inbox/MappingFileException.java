package io.docusigncamel.inbox;

import java.nio.file.Path;
import java.util.List;

/**
 * A mapping file ({@code inbox.mapping-file}) cannot be used; the message names the file and, per problem, the key
 * path and what is wrong, one problem per line.
 */
public final class MappingFileException extends Exception {

    private final List<String> problems;

    public MappingFileException(Path file, List<String> problems) {
        super("mapping file " + file + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the key path ({@code recipients[1].email: ...}). */
    public List<String> problems() {
        return problems;
    }
}
