package io.docusigncamel.reload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One version of a watched file: the SHA-256 of its content. Content is hashed at every check rather than trusting
 * size and modification time: route and properties files are a few KB, and an edit of the same length within the
 * file system's timestamp granularity (a second on some) would otherwise be missed. Saving the same text again (an
 * editor, {@code touch}) is no new version. Immutable.
 */
public record FileVersion(String sha256) {

    public static FileVersion of(byte[] content) {
        try {
            return new FileVersion(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
