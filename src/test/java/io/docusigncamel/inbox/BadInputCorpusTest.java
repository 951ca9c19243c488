package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.docusigncamel.ledger.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every fixture of {@code src/test/resources/inbox/bad-input/} through {@link CsvInput} and the column
 * conventions, and checks the outcome against {@code <name>.expected} next to it. Expected-file lines:
 * <ul>
 *   <li>{@code # ...} a comment;</li>
 *   <li>{@code SETTING key=value} an {@code inbox.*} setting for this fixture (the documents folder is the corpus's
 *       {@code documents/});</li>
 *   <li>{@code FILE_REJECTED <text>} the file is rejected and the reason contains the text (several lines: all);</li>
 *   <li>{@code ROWS <n>} the file yields exactly n rows, each listed as {@code <row>,valid} or
 *       {@code <row>,rejected,<text the reason contains>};</li>
 *   <li>{@code RESULTS_CONTAINS <text>} the results file written for the rows contains the text;</li>
 *   <li>{@code RESULTS_FORMULA_SAFE} no value of that results file starts with a formula character.</li>
 * </ul>
 * A valid row must map to a complete envelope definition whose transactionId is its row key.
 */
class BadInputCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/inbox/bad-input");

    @TempDir
    Path results;

    static Stream<String> fixtures() throws Exception {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList().stream();
        }
    }

    @Test
    void holdsAtLeastTwentyFiveFixturesEachWithExpectations() throws Exception {
        List<String> fixtures = fixtures().toList();
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(25);
        for (String fixture : fixtures) {
            assertThat(CORPUS.resolve(expectedName(fixture))).as(fixture).isRegularFile();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void meetsItsExpectations(String fixture) throws Exception {
        List<String> expected = Files.readAllLines(CORPUS.resolve(expectedName(fixture)), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        Map<String, String> properties = new HashMap<>();
        properties.put(InboxSettings.TEMPLATE_ID, TestSettings.TEMPLATE_ID);
        properties.put(InboxSettings.DOCUMENTS_DIR, CORPUS.resolve("documents").toString());
        List<String> fileRejections = new ArrayList<>();
        Map<Integer, String> rowExpectations = new HashMap<>();
        int rowCount = -1;
        List<String> resultsChecks = new ArrayList<>();
        for (String line : expected) {
            if (line.startsWith("SETTING ")) {
                String[] setting = line.substring(8).split("=", 2);
                properties.put(setting[0], setting[1]);
            } else if (line.startsWith("FILE_REJECTED ")) {
                fileRejections.add(line.substring(14));
            } else if (line.startsWith("ROWS ")) {
                rowCount = Integer.parseInt(line.substring(5));
            } else if (line.startsWith("RESULTS_")) {
                resultsChecks.add(line);
            } else {
                String[] parts = line.split(",", 2);
                rowExpectations.put(Integer.parseInt(parts[0]), parts[1]);
            }
        }
        InboxSettings settings = InboxSettings.read(key -> Optional.ofNullable(properties.get(key))).orThrow();
        EnvelopeMapping mapping = EnvelopeMapping.from(settings);
        Path file = CORPUS.resolve(fixture);

        if (!fileRejections.isEmpty()) {
            assertThatThrownBy(() -> CsvInput.open(file, settings, mapping).close())
                    .isInstanceOf(FileRejectedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains(fileRejections));
            Path written = ResultsFile.writeFileRejected(results, fixture, reasonOf(file, settings, mapping));
            assertThat(records(written)).singleElement().satisfies(record -> {
                assertThat(record.get("row")).isEmpty();
                assertThat(record.get("outcome")).isEqualTo("rejected");
                assertThat(record.get("detail")).contains(fileRejections);
            });
            return;
        }

        assertThat(rowCount).as("ROWS line in " + expectedName(fixture)).isNotNegative();
        List<ResultLine> lines = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, settings, mapping)) {
            while (input.hasNext()) {
                CsvRow row = input.next();
                MappedRow mapped = mapping.map(row, fixture);
                String expectation = rowExpectations.get(row.row());
                if (expectation == null) {
                    fail("row " + row.row() + " of " + fixture + " has no expectation; it was " + mapped);
                }
                if (expectation.equals("valid")) {
                    assertThat(mapped).as("row " + row.row()).isInstanceOf(MappedRow.Envelope.class);
                    MappedRow.Envelope envelope = (MappedRow.Envelope) mapped;
                    assertThat(envelope.definition().path("status").asText()).isEqualTo("sent");
                    assertThat(envelope.definition().path("transactionId").asText()).isEqualTo(envelope.rowKey());
                    assertThat(envelope.definition().path("emailSubject").asText()).isNotBlank();
                    lines.add(new ResultLine(row.row(), envelope.rowKey(), Outcome.SENT,
                            "44040055-4fa6-4aed-a1a4-9ed69fab8cc3", null));
                } else {
                    assertThat(expectation).startsWith("rejected,");
                    assertThat(mapped).as("row " + row.row()).isInstanceOf(MappedRow.Rejected.class);
                    String reason = ((MappedRow.Rejected) mapped).reason();
                    assertThat(reason).as("row " + row.row()).startsWith("row " + row.row() + ": ")
                            .contains(expectation.substring("rejected,".length()));
                    lines.add(new ResultLine(row.row(), mapped.rowKeyOrNull(), Outcome.REJECTED, null, reason));
                }
            }
        }
        assertThat(lines).hasSize(rowCount);
        assertThat(rowExpectations).hasSize(rowCount);

        Path written = ResultsFile.write(results, fixture, sink -> lines.forEach(sink));
        String text = Files.readString(written);
        for (String check : resultsChecks) {
            if (check.startsWith("RESULTS_CONTAINS ")) {
                assertThat(text).contains(check.substring("RESULTS_CONTAINS ".length()));
            } else if (check.equals("RESULTS_FORMULA_SAFE")) {
                for (CSVRecord record : records(written)) {
                    for (String value : record.values()) {
                        assertThat(value).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                                .doesNotStartWith("@");
                    }
                }
            } else {
                fail("unknown check " + check);
            }
        }
        assertThat(records(written)).hasSize(rowCount);
    }

    private static String reasonOf(Path file, InboxSettings settings, EnvelopeMapping mapping) throws Exception {
        try {
            CsvInput.open(file, settings, mapping).close();
        } catch (FileRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError(file + " was not rejected");
    }

    private static List<CSVRecord> records(Path file) throws Exception {
        try (CSVParser parser = CSVParser.parse(Files.newBufferedReader(file),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    private static String expectedName(String fixture) {
        return fixture.substring(0, fixture.length() - ".csv".length()) + ".expected";
    }
}
