package io.docusigncamel.emulator.envelope;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the pages of an uploaded PDF without a PDF library, so the emulator can reject a tab on a page the
 * document does not have ({@code TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT}). Looks for page objects first and falls back
 * to the page tree's {@code /Count}; when neither is visible (pages inside compressed object streams) the count is
 * unknown and page checks are skipped rather than failing a valid document. Stateless and thread-safe.
 */
final class PdfPageCounter {

    private static final Pattern PAGE_OBJECT = Pattern.compile("/Type\\s*/Page(?![A-Za-z])");
    private static final Pattern PAGE_TREE_COUNT = Pattern.compile("/Type\\s*/Pages\\b[^>]*?/Count\\s+(\\d+)|/Count\\s+(\\d+)[^>]*?/Type\\s*/Pages\\b");

    private PdfPageCounter() {
    }

    static boolean isPdf(byte[] bytes) {
        return bytes.length >= 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
    }

    static OptionalInt count(byte[] bytes) {
        if (!isPdf(bytes)) {
            return OptionalInt.empty();
        }
        // Latin-1 maps every byte to one char, so binary streams cannot break the scan.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher pages = PAGE_OBJECT.matcher(text);
        int count = 0;
        while (pages.find()) {
            count++;
        }
        if (count > 0) {
            return OptionalInt.of(count);
        }
        Matcher tree = PAGE_TREE_COUNT.matcher(text);
        int largest = 0;
        while (tree.find()) {
            String value = tree.group(1) != null ? tree.group(1) : tree.group(2);
            largest = Math.max(largest, Integer.parseInt(value));
        }
        return largest > 0 ? OptionalInt.of(largest) : OptionalInt.empty();
    }
}
