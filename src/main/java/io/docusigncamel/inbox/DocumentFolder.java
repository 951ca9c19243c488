package io.docusigncamel.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documents folder ({@code inbox.documents-dir}): resolves a row's {@code Document} value to a PDF inside it and
 * reads it as base64. Only plain file names are accepted, so a CSV can never make the service send a file from
 * elsewhere on the machine ({@code ..}, absolute paths, drive letters, backslashes, symbolic links leading out).
 * Recently used documents are kept in a small cache bounded by size, since many rows usually share a few PDFs.
 * Thread-safe: the cache is guarded by the instance's lock; file reads happen outside it.
 */
final class DocumentFolder {

    /** DocuSign takes larger uploads, but one document this big in every row would make envelopes unwieldy. */
    static final long MAX_DOCUMENT_SIZE = 25L * 1024 * 1024;
    private static final long CACHE_CHARS = 32L * 1024 * 1024;

    /** The outcome of a look-up: the document, or a problem naming the value. */
    sealed interface Lookup permits Found, Problem {
    }

    /** A readable PDF: its file name and its bytes in base64. */
    record Found(String name, String base64) implements Lookup {
    }

    /** Why the value cannot be sent, in words a person understands. */
    record Problem(String text) implements Lookup {
    }

    private record Cached(long size, long modified, String base64) {
    }

    private final Path dir;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedChars;

    DocumentFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Looks up {@code fileName}, naming it {@code label} (the column) in problems. */
    Lookup find(String label, String fileName) {
        String name = fileName.trim();
        if (name.isEmpty()) {
            return new Problem(label + " is empty; documents mode needs the file name of a PDF in the documents folder");
        }
        Problem outside = new Problem(label + " \"" + name + "\" must be a file name inside the documents folder");
        if (name.contains("/") || name.contains("\\") || name.contains("..") || name.contains(":")
                || name.startsWith("~") || Path.of(name).isAbsolute()) {
            return outside;
        }
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir)) {
            return outside;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            // A link inside the folder that points elsewhere would defeat the file-name rule.
            if (!file.toRealPath().getParent().equals(dir.toRealPath())) {
                return outside;
            }
        } catch (IOException e) {
            return new Problem(label + " \"" + name + "\" is not in the documents folder (" + dir + ")");
        }
        if (!attributes.isRegularFile()) {
            return new Problem(label + " \"" + name + "\" is not a file in the documents folder (" + dir + ")");
        }
        if (attributes.size() > MAX_DOCUMENT_SIZE) {
            return new Problem(label + " \"" + name + "\" is " + Sizes.describe(attributes.size())
                    + "; a document may have at most " + Sizes.describe(MAX_DOCUMENT_SIZE));
        }
        long modified = attributes.lastModifiedTime().toMillis();
        synchronized (this) {
            Cached cached = cache.get(name);
            if (cached != null && cached.size() == attributes.size() && cached.modified() == modified) {
                return new Found(name, cached.base64());
            }
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Problem(label + " \"" + name + "\" cannot be read: " + e.getMessage());
        }
        if (!isPdf(bytes)) {
            return new Problem(label + " \"" + name + "\" is not a PDF (it does not start with %PDF-)");
        }
        String base64 = Base64.getEncoder().encodeToString(bytes);
        remember(name, new Cached(bytes.length, modified, base64));
        return new Found(name, base64);
    }

    /** Readers accept the PDF header anywhere in the first kilobyte. */
    private static boolean isPdf(byte[] bytes) {
        int limit = Math.min(bytes.length, 1024) - 5;
        for (int i = 0; i <= limit; i++) {
            if (bytes[i] == '%' && bytes[i + 1] == 'P' && bytes[i + 2] == 'D' && bytes[i + 3] == 'F' && bytes[i + 4] == '-') {
                return true;
            }
        }
        return false;
    }

    private synchronized void remember(String name, Cached entry) {
        Cached previous = cache.put(name, entry);
        if (previous != null) {
            cachedChars -= previous.base64().length();
        }
        cachedChars += entry.base64().length();
        Iterator<Cached> eldest = cache.values().iterator();
        while (cachedChars > CACHE_CHARS && eldest.hasNext()) {
            cachedChars -= eldest.next().base64().length();
            eldest.remove();
        }
    }
}
