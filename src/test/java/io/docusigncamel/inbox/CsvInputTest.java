package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInputTest {

    private static final String HEADER = "ExternalId,Signer::Name,Signer::Email,startDate\n";

    @TempDir
    Path dir;

    private final InboxSettings settings = TestSettings.with();
    private final EnvelopeMapping conventions = new ColumnConventions(settings);

    @Test
    void readsRowsWithNumbersLinesAndValuesInHeaderOrder() throws Exception {
        List<CsvRow> rows = read(write(HEADER + "E-1,Ann Able,ann@example.com,2025-01-06\nE-2,Bo Bell,bo@example.com,2025-02-03\n"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).row()).isEqualTo(1);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).values()).containsExactly(Map.entry("ExternalId", "E-1"),
                Map.entry("Signer::Name", "Ann Able"), Map.entry("Signer::Email", "ann@example.com"),
                Map.entry("startDate", "2025-01-06"));
        assertThat(rows.get(1).row()).isEqualTo(2);
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows).allSatisfy(row -> assertThat(row.problem()).isEmpty());
    }

    @Test
    void stripsByteOrderMarkAndTrimsHeaderNames() throws Exception {
        byte[] body = " ExternalId , Signer::Name,Signer::Email\r\nE-1,Ann,ann@example.com\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Path file = dir.resolve("bom.csv");
        Files.write(file, bytes);

        try (CsvInput input = CsvInput.open(file, settings, conventions)) {
            assertThat(input.header()).containsExactly("ExternalId", "Signer::Name", "Signer::Email");
            CsvRow row = input.next();
            assertThat(row.value("ExternalId")).isEqualTo("E-1");
            assertThat(row.line()).isEqualTo(2);
            assertThat(input.contentSha256()).isEqualTo(sha256(bytes));
        }
    }

    @Test
    void keepsQuotedDelimitersNewlinesAndDoubledQuotesAndCountsLinesAcrossThem() throws Exception {
        List<CsvRow> rows = read(write(HEADER
                + "E-1,\"Able, Ann\",ann@example.com,\"first line\nsecond line\"\n"
                + "E-2,\"Bo \"\"The Bell\"\" Bell\",bo@example.com,x\n"
                + "E-3,\"Smith\" Jr,cy@example.com,y\n"));

        assertThat(rows).extracting(r -> r.value("Signer::Name"))
                .containsExactly("Able, Ann", "Bo \"The Bell\" Bell", "Smith Jr");
        assertThat(rows.get(0).value("startDate")).isEqualTo("first line\nsecond line");
        assertThat(rows).extracting(CsvRow::line).containsExactly(2L, 4L, 5L);
        assertThat(rows).allSatisfy(row -> assertThat(row.problem()).isEmpty());
    }

    @Test
    void usesTheConfiguredDelimiter() throws Exception {
        InboxSettings semicolon = TestSettings.with(InboxSettings.DELIMITER, ";");
        Path file = write("ExternalId;Signer::Name;Signer::Email\nE-1;\"Able; Ann\";ann@example.com\n");

        try (CsvInput input = CsvInput.open(file, semicolon, new ColumnConventions(semicolon))) {
            assertThat(input.next().values()).containsExactly(Map.entry("ExternalId", "E-1"),
                    Map.entry("Signer::Name", "Able; Ann"), Map.entry("Signer::Email", "ann@example.com"));
        }
    }

    @Test
    void skipsBlankLinesWithoutCountingThemAsRows() throws Exception {
        List<CsvRow> rows = read(write("\n" + HEADER + "\nE-1,Ann,ann@example.com,x\n\n   \n\r\nE-2,Bo,bo@example.com,y\n\n"));

        assertThat(rows).extracting(CsvRow::row).containsExactly(1, 2);
        assertThat(rows).extracting(CsvRow::line).containsExactly(4L, 8L);
    }

    @Test
    void reportsRowsWithTooManyOrTooFewValuesAndKeepsReading() throws Exception {
        List<CsvRow> rows = read(write(HEADER + "E-1,Ann,ann@example.com,x,extra\nE-2,Bo\nE-3,Cy,cy@example.com,z\n"));

        assertThat(rows).extracting(r -> r.problem().orElse("")).containsExactly(
                "row 1: 5 values but the header has 4 columns",
                "row 2: 2 values but the header has 4 columns",
                "");
        assertThat(rows.get(1).values()).containsExactly(Map.entry("ExternalId", "E-2"), Map.entry("Signer::Name", "Bo"));
    }

    @Test
    void turnsTheRestOfTheFileAfterAnUnclosedQuoteIntoOneBrokenRow() throws Exception {
        List<CsvRow> rows = read(write(HEADER + "E-1,Ann,ann@example.com,x\n"
                + "E-2,\"Bo Bell,bo@example.com,y\nE-3,Cy,cy@example.com,z\nE-4,Di,di@example.com,w\n"));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).problem()).isEmpty();
        assertThat(rows.get(1).row()).isEqualTo(2);
        assertThat(rows.get(1).line()).isEqualTo(3);
        assertThat(rows.get(1).problem()).contains("row 2: a quote opened on line 3 is never closed, so the rest of the"
                + " file (lines 3–5) cannot be read as rows; close the quote and drop the file again");
    }

    @Test
    void rejectsAFileWhoseHeaderNeverClosesItsQuote() throws Exception {
        assertRejected(write("ExternalId,\"Signer::Name,Signer::Email\nE-1,Ann,ann@example.com\n"),
                "the header row has a quote that opens on line 1 and is never closed; close it");
    }

    @Test
    void readsRowsLazilyFromDiskInsteadOfLoadingTheFile() throws Exception {
        Path file = dir.resolve("big.csv");
        int rows = 200_000;
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("ExternalId,Signer::Name,Signer::Email\n");
            for (int i = 1; i <= rows; i++) {
                out.write(String.format("E-%07d,Person %d,person%d@example.com\n", i, i, i));
            }
        }
        long lastRowOffset = Files.size(file) - "E-0200000,Person 200000,person200000@example.com\n".length();

        try (CsvInput input = CsvInput.open(file, settings, conventions)) {
            assertThat(input.next().value("ExternalId")).isEqualTo("E-0000001");
            // Change the last row on disk after the first row was read: only a lazy reader sees the change.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap("X".getBytes(StandardCharsets.US_ASCII)), lastRowOffset);
            }
            CsvRow last = null;
            int count = 1;
            while (input.hasNext()) {
                last = input.next();
                count++;
            }
            assertThat(count).isEqualTo(rows);
            assertThat(last.value("ExternalId")).isEqualTo("X-0200000");
            assertThat(last.line()).isEqualTo(rows + 1);
        }
    }

    @Test
    void hashesTheWholeFileInThePreScan() throws Exception {
        Path file = write(HEADER + "E-1,Ann,ann@example.com,x\n");
        try (CsvInput input = CsvInput.open(file, settings, conventions)) {
            assertThat(input.contentSha256()).isEqualTo(sha256(Files.readAllBytes(file)));
        }
    }

    @Test
    void rejectsAnEmptyFile() throws Exception {
        assertRejected(write(""), "the file is empty: a CSV file needs a header row and at least one data row");
        assertRejected(write("\n\r\n  \n"), "the file is empty: a CSV file needs a header row and at least one data row");
    }

    @Test
    void rejectsBinaryContentNamingTheOffset() throws Exception {
        Path file = dir.resolve("binary.csv");
        byte[] bytes = (HEADER + "E-1,Ann").getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, withNul, 0, bytes.length);
        withNul[bytes.length] = 0;
        withNul[bytes.length + 1] = 'x';
        Files.write(file, withNul);

        assertRejected(file, "not a CSV text file: byte 0x00 at offset " + bytes.length);
    }

    @Test
    void namesSpreadsheetsAndImagesSavedAsCsv() throws Exception {
        Path zip = dir.resolve("workbook.csv");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0});
        assertRejected(zip, "not a CSV text file: it is a ZIP archive (an Excel .xlsx workbook?); save it as \"CSV UTF-8\"");

        Path png = dir.resolve("image.csv");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        assertRejected(png, "not a CSV text file: it is a PNG image");
    }

    @Test
    void rejectsLatin1TextNamingTheLineAndByte() throws Exception {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, (HEADER + "E-1,Ann,ann@example.com,x\nE-2,Ren\u00e9e,renee@example.com,y\n")
                .getBytes(StandardCharsets.ISO_8859_1));

        assertRejected(file, "not UTF-8: invalid byte 0xE9 on line 3 — save the file as UTF-8 (in Excel: \"CSV UTF-8\")");
    }

    @Test
    void rejectsControlCharacterNoise() throws Exception {
        Path file = dir.resolve("noise.csv");
        byte[] bytes = new byte[400];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 2 == 0 ? 0x01 : 'a');
        }
        Files.write(file, bytes);

        assertRejected(file, "not a CSV text file: 200 of its 400 bytes are control characters");
    }

    @Test
    void rejectsBlankAndDuplicateColumnNames() throws Exception {
        assertRejected(write("ExternalId,,Signer::Name,Signer::Email\nE-1,x,Ann,ann@example.com\n"),
                "column 2 of the header has no name; name every column");
        assertRejected(write("Signer::Name,Signer::Email,Signer::Name\nAnn,ann@example.com,Ann\n"),
                "the header names column \"Signer::Name\" twice (columns 1 and 3); rename or remove one");
    }

    @Test
    void rejectsAHeaderTheMappingCannotUse() throws Exception {
        assertRejected(write("E-1,Ann Able,ann@example.com\nE-2,Bo,bo@example.com\n"),
                "the header has no recipient columns: it needs Name and Email, or <Role>::Name and <Role>::Email for a"
                        + " role among signer, cc; the header reads \"E-1,Ann Able,ann@example.com\" — is the header row"
                        + " missing?");
    }

    @Test
    void rejectsAFileLargerThanTheLimit() throws Exception {
        InboxSettings small = TestSettings.with(InboxSettings.MAX_FILE_SIZE, "1KB");
        Path file = write(HEADER + "E-1,Ann,ann@example.com,x\n".repeat(60));

        assertThatThrownBy(() -> CsvInput.open(file, small, conventions))
                .isInstanceOf(FileRejectedException.class)
                .hasMessage("the file is 1.6 KB; inbox.max-file-size allows 1 KB — split it into smaller files");
    }

    @Test
    void acceptsAHeaderWithoutRows() throws Exception {
        assertThat(read(write(HEADER))).isEmpty();
    }

    private void assertRejected(Path file, String reason) {
        assertThatThrownBy(() -> CsvInput.open(file, settings, conventions).close())
                .isInstanceOf(FileRejectedException.class)
                .hasMessage(reason);
    }

    private List<CsvRow> read(Path file) throws Exception {
        List<CsvRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, settings, conventions)) {
            input.forEachRemaining(rows::add);
        }
        return rows;
    }

    private int files;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("input-" + (++files) + ".csv");
        Files.writeString(file, content);
        return file;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
