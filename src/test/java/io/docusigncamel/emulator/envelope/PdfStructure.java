package io.docusigncamel.emulator.envelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PDF back the way a reader does, through {@code startxref} and the cross-reference table, and fails when
 * an offset does not point at its object. Lets tests prove the emulator's PDFs are structurally valid without a PDF
 * library. Immutable.
 */
final class PdfStructure {

    final String text;
    final int objectCount;
    final List<String> pageTexts = new ArrayList<>();

    PdfStructure(byte[] bytes) {
        text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("%PDF-")) {
            throw new AssertionError("no %PDF- header");
        }
        if (!text.stripTrailing().endsWith("%%EOF")) {
            throw new AssertionError("no %%EOF trailer");
        }
        Matcher startxref = Pattern.compile("startxref\\s+(\\d+)\\s+%%EOF\\s*$").matcher(text);
        if (!startxref.find()) {
            throw new AssertionError("no startxref");
        }
        int xref = Integer.parseInt(startxref.group(1));
        if (!text.startsWith("xref\n", xref)) {
            throw new AssertionError("startxref " + xref + " does not point at the xref table");
        }
        Matcher header = Pattern.compile("xref\\n0 (\\d+)\\n").matcher(text);
        if (!header.find(xref) || header.start() != xref) {
            throw new AssertionError("malformed xref header");
        }
        int size = Integer.parseInt(header.group(1));
        int entryStart = header.end();
        for (int object = 0; object < size; object++) {
            String entry = text.substring(entryStart + 20 * object, entryStart + 20 * (object + 1));
            if (!entry.matches("\\d{10} \\d{5} [nf] \\n")) {
                throw new AssertionError("xref entry " + object + " is not 20 bytes: '" + entry + "'");
            }
            if (object == 0) {
                continue;
            }
            int offset = Integer.parseInt(entry.substring(0, 10));
            if (!text.startsWith(object + " 0 obj", offset)) {
                throw new AssertionError("xref offset of object " + object + " points at '" + text.substring(offset, Math.min(text.length(), offset + 12)) + "'");
            }
        }
        if (!text.substring(entryStart + 20 * size).startsWith("trailer\n<< /Size " + size + " /Root 1 0 R >>")) {
            throw new AssertionError("trailer does not follow the xref table");
        }
        objectCount = size - 1;
        Matcher streams = Pattern.compile("<< /Length (\\d+) >>\\nstream\\n").matcher(text);
        while (streams.find()) {
            int length = Integer.parseInt(streams.group(1));
            String content = text.substring(streams.end(), streams.end() + length);
            if (!text.startsWith("\nendstream", streams.end() + length)) {
                throw new AssertionError("stream /Length " + length + " is wrong");
            }
            pageTexts.add(content);
        }
    }

    int pageCount() {
        Matcher count = Pattern.compile("/Type /Pages /Kids \\[[^\\]]*\\] /Count (\\d+)").matcher(text);
        if (!count.find()) {
            throw new AssertionError("no page tree");
        }
        return Integer.parseInt(count.group(1));
    }

    /** Text of page {@code index} (0-based), PDF string escapes undone. */
    String pageText(int index) {
        StringBuilder shown = new StringBuilder();
        Matcher strings = Pattern.compile("\\(((?:\\\\.|[^\\\\)])*)\\) Tj").matcher(pageTexts.get(index));
        while (strings.find()) {
            shown.append(strings.group(1).replaceAll("\\\\(.)", "$1")).append('\n');
        }
        return shown.toString();
    }
}
