package io.docusigncamel.reload;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * One folder of route files, taken from a {@code file:} entry of {@code camel.main.routes-include-pattern}
 * ({@code file:routes/*.yaml} → folder {@code routes}, names matching {@code *.yaml}). {@code classpath:} entries are
 * inside the jar and cannot change, so they are not watched. Immutable.
 *
 * @param dir   the folder as written in the pattern (relative to the working directory, or absolute)
 * @param glob  the file name pattern inside it, e.g. {@code *.yaml}
 */
public record WatchedFolder(Path dir, String glob) {

    /** The watched folders of a comma-separated include pattern, in order. */
    public static List<WatchedFolder> fromIncludePattern(String includePattern) {
        List<WatchedFolder> folders = new ArrayList<>();
        if (includePattern == null) {
            return folders;
        }
        for (String entry : includePattern.split(",")) {
            String e = entry.trim();
            if (!e.startsWith("file:")) {
                continue;
            }
            String path = e.substring("file:".length());
            int slash = path.lastIndexOf('/');
            Path dir = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : path.substring(0, slash));
            String glob = path.substring(slash + 1);
            // a folder named with a wildcard (routes/**/x.yaml) is not supported: Camel's own loading decides those
            if (glob.isEmpty() || dir.toString().contains("*")) {
                continue;
            }
            folders.add(new WatchedFolder(dir, glob));
        }
        return folders;
    }

    /** Whether {@code file} (a regular file in {@link #dir()}) is one of this folder's route files. */
    public boolean matches(Path file) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path name = file.getFileName();
        return name != null && matcher.matches(name) && file.toAbsolutePath().normalize().getParent()
                .equals(dir.toAbsolutePath().normalize());
    }

    /** How log lines name a file of this folder: as the operator wrote the folder, e.g. {@code routes/poll-status.yaml}. */
    public String shown(Path file) {
        return dir.equals(Path.of(".")) ? file.getFileName().toString() : dir.resolve(file.getFileName()).toString();
    }
}
