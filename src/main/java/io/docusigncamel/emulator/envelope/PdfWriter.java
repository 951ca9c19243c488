package io.docusigncamel.emulator.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a minimal but valid PDF 1.4: US-letter pages of Helvetica text, one content stream per page, a cross
 * reference table with exact byte offsets and a trailer, enough for any PDF reader and for clients that archive the
 * "signed" documents. Text outside Latin-1 is replaced by {@code ?} because the standard Helvetica font has no other
 * glyphs. Not thread-safe; build one per document.
 */
final class PdfWriter {

    private static final int LINES_PER_PAGE = 44;
    private static final int MAX_LINE_CHARS = 95;

    private final List<List<String>> pages = new ArrayList<>();

    /**
     * Adds a page whose first line is printed as a heading; lines longer than fit are wrapped, and a page with more
     * lines than fit continues on further pages.
     */
    PdfWriter page(String heading, List<String> lines) {
        List<String> wrapped = new ArrayList<>();
        for (String line : lines) {
            wrapped.addAll(wrap(line));
        }
        int perPage = LINES_PER_PAGE - 2;
        int from = 0;
        do {
            List<String> pageLines = new ArrayList<>();
            pageLines.add(heading);
            pageLines.addAll(wrapped.subList(from, Math.min(wrapped.size(), from + perPage)));
            pages.add(pageLines);
            from += perPage;
        } while (from < wrapped.size());
        return this;
    }

    int pageCount() {
        return pages.size();
    }

    byte[] toBytes() {
        int objectCount = 3 + 2 * pages.size();
        long[] offsets = new long[objectCount + 1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The second line of high-bit bytes tells transfer tools that the file is binary.
        write(out, "%PDF-1.4\n");
        out.write(new byte[] {'%', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, '\n'}, 0, 6);

        offsets[1] = out.size();
        write(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets[2] = out.size();
        StringBuilder kids = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            kids.append(i == 0 ? "" : " ").append(pageObject(i)).append(" 0 R");
        }
        write(out, "2 0 obj\n<< /Type /Pages /Kids [" + kids + "] /Count " + pages.size() + " >>\nendobj\n");
        offsets[3] = out.size();
        write(out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");

        for (int i = 0; i < pages.size(); i++) {
            int pageObject = pageObject(i);
            offsets[pageObject] = out.size();
            write(out, pageObject + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    + "/Resources << /Font << /F1 3 0 R >> >> /Contents " + (pageObject + 1) + " 0 R >>\nendobj\n");
            byte[] content = contentStream(pages.get(i));
            offsets[pageObject + 1] = out.size();
            write(out, (pageObject + 1) + " 0 obj\n<< /Length " + content.length + " >>\nstream\n");
            out.write(content, 0, content.length);
            write(out, "\nendstream\nendobj\n");
        }

        long xrefOffset = out.size();
        StringBuilder xref = new StringBuilder("xref\n0 ").append(objectCount + 1).append('\n');
        // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, type, space, newline.
        xref.append("0000000000 65535 f \n");
        for (int object = 1; object <= objectCount; object++) {
            xref.append(String.format("%010d 00000 n \n", offsets[object]));
        }
        xref.append("trailer\n<< /Size ").append(objectCount + 1).append(" /Root 1 0 R >>\n")
                .append("startxref\n").append(xrefOffset).append("\n%%EOF\n");
        write(out, xref.toString());
        return out.toByteArray();
    }

    private static int pageObject(int pageIndex) {
        return 4 + 2 * pageIndex;
    }

    private static byte[] contentStream(List<String> lines) {
        StringBuilder content = new StringBuilder("BT\n/F1 16 Tf\n72 740 Td\n(")
                .append(escape(lines.get(0))).append(") Tj\n/F1 10 Tf\n14 TL\n0 -10 Td\n");
        for (String line : lines.subList(1, lines.size())) {
            content.append("T* (").append(escape(line)).append(") Tj\n");
        }
        content.append("ET");
        return content.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> wrap(String line) {
        List<String> parts = new ArrayList<>();
        String rest = line;
        while (rest.length() > MAX_LINE_CHARS) {
            int cut = rest.lastIndexOf(' ', MAX_LINE_CHARS);
            cut = cut <= 0 ? MAX_LINE_CHARS : cut;
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    /** PDF string literal body: backslash, parentheses escaped; control and non-Latin-1 characters replaced. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > 0xFF) {
                escaped.append('?');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes, 0, bytes.length);
    }
}
