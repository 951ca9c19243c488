package io.docusigncamel.emulator.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PdfWriterTest {

    @Test
    void writesAPdfWhoseXrefOffsetsPointAtTheirObjects() {
        byte[] bytes = new PdfWriter().page("One", List.of("first")).page("Two", List.of("second")).toBytes();

        PdfStructure pdf = new PdfStructure(bytes);

        assertThat(new String(bytes, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-1.4");
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).endsWith("%%EOF\n");
        assertThat(pdf.objectCount).isEqualTo(3 + 2 * 2);
        assertThat(pdf.pageCount()).isEqualTo(2);
        assertThat(pdf.pageText(1)).isEqualTo("Two\nsecond\n");
    }

    @Test
    void theStructureCheckCatchesAShiftedOffset() {
        byte[] bytes = new PdfWriter().page("One", List.of("first")).toBytes();
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceFirst("1 0 obj", "1 0 obj ");

        assertThatThrownBy(() -> new PdfStructure(text.getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(AssertionError.class);
    }

    @Test
    void escapesParenthesesAndBackslashesAndReplacesCharactersHelveticaLacks() {
        byte[] bytes = new PdfWriter().page("A (b) \\ c", List.of("Zoë → 東京")).toBytes();

        PdfStructure pdf = new PdfStructure(bytes);

        assertThat(pdf.pageText(0)).isEqualTo("A (b) \\ c\nZoë ? ??\n");
    }

    @Test
    void wrapsLongLinesAndContinuesLongPagesOnNewPages() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("line " + i);
        }
        lines.add("word ".repeat(40));

        PdfWriter writer = new PdfWriter().page("Long", lines);
        PdfStructure pdf = new PdfStructure(writer.toBytes());

        assertThat(writer.pageCount()).isEqualTo(3);
        assertThat(pdf.pageCount()).isEqualTo(3);
        assertThat(pdf.pageText(2)).startsWith("Long\n");
        assertThat(pdf.pageTexts.get(2)).doesNotContain("word ".repeat(20));
    }

    @Test
    void countsPagesOfAnUploadedPdfAndKnowsWhenItCannot() {
        assertThat(PdfPageCounter.count(new PdfWriter().page("a", List.of()).page("b", List.of()).page("c", List.of()).toBytes()))
                .isEqualTo(OptionalInt.of(3));
        assertThat(PdfPageCounter.count("%PDF-1.7\n1 0 obj << /Type /Pages /Count 4 /Kids [] >>".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(OptionalInt.of(4));
        assertThat(PdfPageCounter.count("%PDF-1.5 compressed".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(PdfPageCounter.count("hello".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }
}
