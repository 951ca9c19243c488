package io.docusigncamel.auth;

import java.nio.file.Path;

/**
 * The configured private key file cannot be used to sign DocuSign assertions. The message names the file, what
 * was found in it and what to do, in the words of the configuration ({@code docusign.private-key-file},
 * {@code docusign.private-key-passphrase}); it never contains key material or the passphrase.
 */
public final class KeyFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    KeyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    KeyFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The key file the message is about. */
    public Path file() {
        return file;
    }
}
