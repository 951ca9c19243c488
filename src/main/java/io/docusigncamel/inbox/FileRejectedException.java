package io.docusigncamel.inbox;

/**
 * A whole CSV file cannot be processed (not a text file, not UTF-8, empty, no usable header): the file goes to
 * {@code inbox/.error/} with a results file whose detail is {@link #getMessage()}, a reason a person understands.
 */
public final class FileRejectedException extends Exception {

    public FileRejectedException(String reason) {
        super(reason);
    }
}
