package io.docusigncamel.health;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the inbox folder for {@code /observe/health/ready}: UP while {@code inbox.dir} exists, is a directory
 * and is writable (processed files are moved out of it into {@code .done} / {@code .error}); DOWN naming
 * {@code inbox.dir}, the path and what to do otherwise. Not a liveness check: a folder problem is fixed by a person,
 * not by a restart. Thread-safe.
 */
public final class InboxFolderReadiness extends AbstractHealthCheck {

    static final String PROPERTY = "inbox.dir";

    private final Path inbox;

    public InboxFolderReadiness(Path inbox) {
        super("docusign", "inbox-folder");
        this.inbox = Objects.requireNonNull(inbox, "inbox").toAbsolutePath();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(PROPERTY, inbox.toString());
        Optional<String> problem = problem(inbox);
        if (problem.isEmpty()) {
            builder.up();
        } else {
            builder.message(problem.get()).down();
        }
    }

    /** What is wrong with {@code folder} as the inbox, in words naming {@code inbox.dir}; empty when nothing is. */
    static Optional<String> problem(Path folder) {
        String where = PROPERTY + " " + folder;
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.exists(folder)) {
            return Optional.of(where + " does not exist; create the folder or point " + PROPERTY + " at one");
        }
        if (!Files.isDirectory(folder)) {
            return Optional.of(where + " is not a folder (a file or a broken link is in its place); replace it with a"
                    + " folder or point " + PROPERTY + " at one");
        }
        if (!Files.isWritable(folder)) {
            return Optional.of(where + " is not writable by the service's user; processed files cannot be moved out"
                    + " of it; grant write access");
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            return Optional.of(where + " cannot be listed by the service's user; grant read access");
        }
        return Optional.empty();
    }
}
