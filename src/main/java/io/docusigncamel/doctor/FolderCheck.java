package io.docusigncamel.doctor;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder the service works in ({@code inbox.dir}, {@code outbox.dir}, {@code data.dir}) exists or can be created,
 * and this user can create and delete a file in it. The probe file ({@code .doctor-*.tmp}) is not a CSV, so a
 * running service's inbox ignores it.
 */
final class FolderCheck {

    private FolderCheck() {
    }

    static Finding check(String key, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String fix = "set " + key + " to a folder the service's user can write, or create " + abs
                + " and give that user write access (chown/chmod)";
        boolean created = false;
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            return Finding.fail(key + "=" + dir + ": " + abs + " is a file, not a folder", fix);
        }
        if (!Files.exists(abs)) {
            try {
                Files.createDirectories(abs);
                created = true;
            } catch (FileAlreadyExistsException e) {
                return Finding.fail(key + "=" + dir + ": cannot create " + abs + " (" + e.getFile() + " is a file)", fix);
            } catch (IOException | SecurityException e) {
                return Finding.fail(key + "=" + dir + ": cannot create " + abs + " (" + reason(e) + ")", fix);
            }
        }
        try {
            Path probe = Files.createTempFile(abs, ".doctor-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return Finding.fail(key + "=" + dir + ": cannot write in " + abs + " (" + reason(e) + ")", fix);
        }
        return Finding.pass(abs + (created ? " created and" : "") + " writable (" + key + ")");
    }

    private static String reason(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
