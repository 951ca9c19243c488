package io.docusigncamel.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Row keys (SPEC §6): a row's business key ({@code ExternalId}, or a mapping file's {@code rowKey}), or else the
 * SHA-256 of the row's content. The content hash covers the column names and values in header order, each
 * length-prefixed so that no two different rows encode alike; it leaves out the file name and the row number, so
 * the same row dropped again in another file gets the same key. Stateless and thread-safe.
 */
public final class RowKey {

    /** DocuSign's limit for a custom field value, which carries the key. */
    public static final int MAX_LENGTH = 100;

    private RowKey() {
    }

    /** Lowercase hex SHA-256 over the row's column names and values, in header order. */
    public static String contentHash(CsvRow row) {
        return contentHash(row.values());
    }

    /** Lowercase hex SHA-256 over {@code values} (column → value, in header order). */
    public static String contentHash(Map<String, String> values) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        update(digest, Integer.toString(values.size()));
        for (Map.Entry<String, String> column : values.entrySet()) {
            update(digest, column.getKey());
            update(digest, column.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Appends "byte length:bytes", so that ("ab","c") and ("a","bc") differ. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    /**
     * Why {@code key} (already trimmed, not empty) cannot be a row key, naming {@code label} (the column or mapping
     * expression it came from); empty when it can.
     */
    public static Optional<String> problemWith(String label, String key) {
        int length = key.codePointCount(0, key.length());
        if (length > MAX_LENGTH) {
            return Optional.of(label + " is " + length + " characters; a row key may have at most " + MAX_LENGTH);
        }
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                return Optional.of(String.format("%s contains the unprintable character U+%04X at position %d;"
                        + " a row key must be printable text", label, cp, key.codePointCount(0, i) + 1));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }
}
