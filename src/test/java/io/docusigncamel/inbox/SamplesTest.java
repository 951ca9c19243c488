package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code samples/} that the README's quick start drops into the inbox: every row must pass with the
 * default settings plus the properties the README names for each sample, and the sample PDF must be the valid PDF
 * that {@link MinimalPdf} writes, carrying the {@code /sn1/} anchor.
 */
class SamplesTest {

    private static final Path SAMPLES = Path.of("samples");

    @Test
    void everyNewHireRowBecomesATemplateEnvelopeForTheEmulatorsRoles() throws Exception {
        List<MappedRow> rows = mapAll("new-hires.csv");

        assertThat(rows).hasSize(8).allSatisfy(row -> {
            assertThat(row).isInstanceOf(MappedRow.Envelope.class);
            var definition = ((MappedRow.Envelope) row).definition();
            assertThat(definition.path("templateRoles")).extracting(r -> r.path("roleName").asText())
                    .containsExactly("signer", "cc");
            assertThat(definition.path("templateRoles").get(0).path("tabs").path("textTabs"))
                    .extracting(t -> t.path("tabLabel").asText()).containsExactly("startDate", "salary");
        });
        assertThat(allAddresses(rows)).allMatch(a -> a.endsWith("@example.com") || a.endsWith("@example.org"));
    }

    @Test
    void everyContractRowBecomesADocumentsEnvelopeWithTheSamplePdf() throws Exception {
        List<MappedRow> rows = mapAll("contracts-documents.csv",
                InboxSettings.DOCUMENTS_DIR, "samples/documents");

        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(row).isInstanceOf(MappedRow.Envelope.class);
            var definition = ((MappedRow.Envelope) row).definition();
            assertThat(definition.path("documents").get(0).path("name").asText()).isEqualTo("employment-agreement.pdf");
            assertThat(definition.path("emailSubject").asText()).startsWith("Your employment agreement, ");
        });
    }

    @Test
    void everyHrExportRowMapsThroughTheSampleMappingFile() throws Exception {
        List<MappedRow> rows = mapAll("hr-export.csv",
                InboxSettings.MAPPING_FILE, "samples/mappings/hr-export.yaml");

        assertThat(rows).hasSize(5).allSatisfy(row -> assertThat(row).isInstanceOf(MappedRow.Envelope.class));
        assertThat(rows).extracting(MappedRow::rowKeyOrNull).containsExactly("70421", "70422", "70423", "70424", "70425");
        // the demo template's cc role must be filled, so every row names its manager
        assertThat(rows).allSatisfy(row -> assertThat(((MappedRow.Envelope) row).definition().path("templateRoles")).hasSize(2));
    }

    @Test
    void theSamplePdfIsTheGeneratedValidPdfWithTheSignAnchor() throws Exception {
        byte[] pdf = Files.readAllBytes(SAMPLES.resolve("documents/employment-agreement.pdf"));

        assertThat(pdf).isEqualTo(MinimalPdf.sampleContract());
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-1.4").contains("(/sn1/) Tj").endsWith("%%EOF\n");
        int startxref = Integer.parseInt(text.substring(text.lastIndexOf("startxref\n") + 10, text.lastIndexOf("\n%%EOF")));
        assertThat(text.substring(startxref)).startsWith("xref\n0 6\n");
        // Every cross-reference entry must point at its object, or readers repair or refuse the file.
        String[] entries = text.substring(startxref).split("\n");
        for (int object = 1; object <= 5; object++) {
            int offset = Integer.parseInt(entries[2 + object].substring(0, 10));
            assertThat(text.substring(offset)).startsWith(object + " 0 obj");
        }
    }

    private static List<String> allAddresses(List<MappedRow> rows) {
        List<String> addresses = new ArrayList<>();
        for (MappedRow row : rows) {
            ((MappedRow.Envelope) row).definition().path("templateRoles")
                    .forEach(role -> addresses.add(role.path("email").asText()));
        }
        return addresses;
    }

    private static List<MappedRow> mapAll(String sample, String... keysAndValues) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put(InboxSettings.TEMPLATE_ID, TestSettings.TEMPLATE_ID);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        InboxSettings settings = InboxSettings.read(key -> Optional.ofNullable(properties.get(key))).orThrow();
        EnvelopeMapping mapping = EnvelopeMapping.from(settings);
        List<MappedRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(SAMPLES.resolve(sample), settings, mapping)) {
            input.forEachRemaining(row -> rows.add(mapping.map(row, sample)));
        }
        return rows;
    }
}
