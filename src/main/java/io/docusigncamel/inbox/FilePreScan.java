package io.docusigncamel.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One streaming pass over a CSV file's bytes before any row is read: SHA-256 of the content, UTF-8 validity, binary
 * content, emptiness, and where a quoted value is left open (so that the parser never has to buffer the rest of the
 * file as one value). Memory is one read buffer, whatever the file size. Not thread-safe: one scan per instance.
 */
final class FilePreScan {

    /** What the scan learnt about a file that may be parsed; {@code lines} is the number of the last line with text. */
    record Result(String sha256, int bomLength, long lines, Unclosed unclosedQuote) {
        boolean hasUnclosedQuote() {
            return unclosedQuote != null;
        }
    }

    /**
     * A quoted value that is still open at the end of the file.
     *
     * @param recordOffset byte offset (from the start of the file) of the record that holds it
     * @param recordLine   line where that record starts
     * @param quoteLine    line where the quote opens
     */
    record Unclosed(long recordOffset, long recordLine, long quoteLine) {
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** After the first invalid UTF-8 byte, look this far on before deciding between "binary" and "another encoding". */
    private static final int DECISION_WINDOW = 4096;

    private enum Quoting { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTED }

    private final byte delimiter;
    private final MessageDigest sha256;

    private long offset;
    private long line = 1;
    private boolean previousCr;
    private int lastByte = -1;
    private boolean content;
    private long controls;

    private int continuationBytes;
    private int sequenceLead;
    private long sequenceOffset;
    private int secondByteMin = 0x80;
    private int secondByteMax = 0xBF;
    private long invalidOffset = -1;
    private long invalidLine;
    private int invalidByte;
    private long controlsAtInvalid;

    private Quoting quoting = Quoting.FIELD_START;
    private boolean recordPending = true;
    private long recordOffset;
    private long recordLine;
    private long quoteLine;

    private FilePreScan(char delimiter) {
        this.delimiter = (byte) delimiter;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Scans {@code file}; a file that cannot be CSV text is rejected with a reason a person understands. */
    static Result scan(Path file, char delimiter) throws IOException, FileRejectedException {
        return new FilePreScan(delimiter).run(file);
    }

    private Result run(Path file) throws IOException, FileRejectedException {
        byte[] buffer = new byte[64 * 1024];
        int bomLength = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n > 0) {
                rejectKnownBinary(buffer, n);
                if (n >= 3 && buffer[0] == UTF8_BOM[0] && buffer[1] == UTF8_BOM[1] && buffer[2] == UTF8_BOM[2]) {
                    bomLength = 3;
                }
            }
            int start = bomLength;
            while (n > 0) {
                sha256.update(buffer, 0, n);
                for (int i = start; i < n; i++) {
                    accept(buffer[i] & 0xFF);
                }
                start = 0;
                n = in.read(buffer);
            }
        }
        if (invalidOffset >= 0) {
            decideInvalid();
        }
        if (continuationBytes > 0) {
            throw new FileRejectedException("not UTF-8: the file ends in the middle of a character on line "
                    + number(line) + " — save the file as UTF-8");
        }
        if (offset > 0 && controls * 20 > offset) {
            throw new FileRejectedException("not a CSV text file: " + number(controls) + " of its " + number(offset)
                    + " bytes are control characters");
        }
        if (!content) {
            throw new FileRejectedException("the file is empty: a CSV file needs a header row and at least one data row");
        }
        Unclosed unclosed = quoting == Quoting.QUOTED ? new Unclosed(recordOffset, recordLine, quoteLine) : null;
        long lastLine = lastByte == '\n' || lastByte == '\r' ? line - 1 : line;
        return new Result(HexFormat.of().formatHex(sha256.digest()), bomLength, lastLine, unclosed);
    }

    private void accept(int b) throws FileRejectedException {
        long at = offset++;
        lastByte = b;
        if (b == 0) {
            throw new FileRejectedException("not a CSV text file: byte 0x00 at offset " + number(at));
        }
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7F) {
            controls++;
        }
        if (invalidOffset >= 0) {
            // Past an invalid byte only the binary/text decision is still open.
            if (at >= invalidOffset + DECISION_WINDOW) {
                decideInvalid();
            }
            return;
        }
        utf8(b, at);
        if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
            content = true;
        }
        quoting(b, at);
        if (b == '\n') {
            if (!previousCr) {
                line++;
            }
            previousCr = false;
        } else if (b == '\r') {
            line++;
            previousCr = true;
        } else {
            previousCr = false;
        }
    }

    private void utf8(int b, long at) {
        if (continuationBytes > 0) {
            if (b < secondByteMin || b > secondByteMax) {
                // Name the byte that started the broken sequence: that is the character in the wrong encoding.
                invalid(sequenceLead, sequenceOffset);
                return;
            }
            secondByteMin = 0x80;
            secondByteMax = 0xBF;
            continuationBytes--;
            return;
        }
        if (b < 0x80) {
            return;
        }
        sequenceLead = b;
        sequenceOffset = at;
        // Ranges per RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF.
        if (b >= 0xC2 && b <= 0xDF) {
            continuationBytes = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            continuationBytes = 2;
            secondByteMin = b == 0xE0 ? 0xA0 : 0x80;
            secondByteMax = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            continuationBytes = 3;
            secondByteMin = b == 0xF0 ? 0x90 : 0x80;
            secondByteMax = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            invalid(b, at);
        }
    }

    private void invalid(int b, long at) {
        invalidOffset = at;
        invalidLine = line;
        invalidByte = b;
        controlsAtInvalid = controls;
    }

    /** An invalid byte amid text is another encoding (Latin-1, Windows-1252); amid control bytes it is binary. */
    private void decideInvalid() throws FileRejectedException {
        long window = Math.max(1, offset - invalidOffset);
        long windowControls = controls - controlsAtInvalid;
        if (windowControls * 20 > window || controls * 20 > offset) {
            throw new FileRejectedException("not a CSV text file: it holds binary data (control characters from offset "
                    + number(invalidOffset) + ")");
        }
        throw new FileRejectedException(String.format(Locale.ROOT,
                "not UTF-8: invalid byte 0x%02X on line %s — save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
                invalidByte, number(invalidLine)));
    }

    /** Follows RFC 4180 quoting exactly as the parser will (a quote opens a value only as its first character). */
    private void quoting(int b, long at) {
        boolean newline = b == '\n' || b == '\r';
        if (recordPending && !newline) {
            recordPending = false;
            recordOffset = at;
            recordLine = line;
        }
        switch (quoting) {
            case FIELD_START, UNQUOTED, AFTER_QUOTED -> {
                if (newline) {
                    quoting = Quoting.FIELD_START;
                    recordPending = true;
                } else if (b == delimiter) {
                    quoting = Quoting.FIELD_START;
                } else if (quoting == Quoting.FIELD_START && b == '"') {
                    quoting = Quoting.QUOTED;
                    quoteLine = line;
                } else if (quoting == Quoting.FIELD_START) {
                    quoting = Quoting.UNQUOTED;
                }
            }
            case QUOTED -> {
                if (b == '"') {
                    quoting = Quoting.QUOTE_IN_QUOTED;
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (b == '"') {
                    quoting = Quoting.QUOTED;
                } else if (newline) {
                    quoting = Quoting.FIELD_START;
                    recordPending = true;
                } else if (b == delimiter) {
                    quoting = Quoting.FIELD_START;
                } else {
                    quoting = Quoting.AFTER_QUOTED;
                }
            }
            default -> throw new IllegalStateException(quoting.name());
        }
    }

    /** Spreadsheets and archives renamed to .csv are the common case; name them so the fix is obvious. */
    private static void rejectKnownBinary(byte[] head, int n) throws FileRejectedException {
        String kind = null;
        if (startsWith(head, n, 'P', 'K', 3, 4)) {
            kind = "a ZIP archive (an Excel .xlsx workbook?); save it as \"CSV UTF-8\"";
        } else if (startsWith(head, n, 0xD0, 0xCF, 0x11, 0xE0)) {
            kind = "an old Excel .xls workbook; save it as \"CSV UTF-8\"";
        } else if (startsWith(head, n, '%', 'P', 'D', 'F', '-')) {
            kind = "a PDF document";
        } else if (startsWith(head, n, 0x89, 'P', 'N', 'G')) {
            kind = "a PNG image";
        } else if (startsWith(head, n, 0xFF, 0xD8, 0xFF)) {
            kind = "a JPEG image";
        } else if (startsWith(head, n, 0x1F, 0x8B)) {
            kind = "a gzip archive; unpack it first";
        } else if (startsWith(head, n, 0xFF, 0xFE) || startsWith(head, n, 0xFE, 0xFF)) {
            kind = "UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\")";
        }
        if (kind != null) {
            throw new FileRejectedException("not a CSV text file: it is " + kind);
        }
    }

    private static boolean startsWith(byte[] head, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
