package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.InboxFolder.ResultRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped samples through the running service: envelopes built from documents, and an arbitrary HR export
 * mapped by a mapping file without recompiling. Asserts what DocuSign (the emulator) received, line by line.
 */
class SendModesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void documentsModeSendsThePdfWithAnchoredSignTabs() throws Exception {
        try (ServiceUnderTest service = new ServiceUnderTest("documents").property("inbox.mode", "documents").start()) {
            InboxFolder inbox = new InboxFolder(service);
            inbox.dropCopyOf(Path.of("samples/contracts-documents.csv"));

            List<ResultRow> results = inbox.awaitResults("contracts-documents.csv", WAIT);

            assertThat(results).extracting(ResultRow::rowKey).containsExactly("CT-2025-0201", "CT-2025-0202", "CT-2025-0203");
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
            List<JsonNode> envelopes = inbox.envelopes();
            assertThat(envelopes).hasSize(3);
            JsonNode ines = envelopes.stream().filter(e -> e.path("transactionId").asText().equals("CT-2025-0201"))
                    .findFirst().orElseThrow();
            assertThat(ines.path("envelopeId").asText()).isEqualTo(results.get(0).envelopeId());
            assertThat(ines.path("emailSubject").asText()).isEqualTo("Your employment agreement, Ines");
            assertThat(ines.path("templateId").isNull() || ines.path("templateId").asText().isEmpty()).isTrue();
            JsonNode document = ines.path("documents").get(0);
            assertThat(document.path("name").asText()).isEqualTo("employment-agreement.pdf");
            assertThat(document.path("bytes").asLong()).isEqualTo(Files.size(Path.of("samples/documents/employment-agreement.pdf")));
            JsonNode signer = ines.path("recipients").path("signers").get(0);
            assertThat(signer.path("name").asText()).isEqualTo("Ines Duarte");
            assertThat(signer.path("email").asText()).isEqualTo("ines.duarte@example.com");
            assertThat(signer.path("tabs").path("signHereTabs").get(0).path("anchorString").asText()).isEqualTo("/sn1/");
            assertThat(InboxFolder.customField(ines, "rowKey")).isEqualTo("CT-2025-0201");
            assertThat(InboxFolder.customField(ines, "sourceFile")).isEqualTo("contracts-documents.csv");
            await().atMost(WAIT).until(() -> inbox.movedTo(".done", "contracts-documents.csv"));
        }
    }

    @Test
    void aMappingFileMapsAnArbitraryHrExport() {
        try (ServiceUnderTest service = new ServiceUnderTest("mapping")
                .property("inbox.mapping-file", "samples/mappings/hr-export.yaml").start()) {
            InboxFolder inbox = new InboxFolder(service);
            inbox.dropCopyOf(Path.of("samples/hr-export.csv"));

            List<ResultRow> results = inbox.awaitResults("hr-export.csv", WAIT);

            assertThat(results).extracting(ResultRow::rowKey).containsExactly("70421", "70422", "70423", "70424", "70425");
            assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
            JsonNode lena = inbox.envelopes().stream().filter(e -> e.path("transactionId").asText().equals("70421"))
                    .findFirst().orElseThrow();
            assertThat(lena.path("emailSubject").asText()).isEqualTo("Welcome aboard, Lena: your onboarding documents");
            assertThat(lena.path("emailBlurb").asText()).isEqualTo("Please sign before 2025-04-01.");
            JsonNode signer = lena.path("recipients").path("signers").get(0);
            assertThat(signer.path("roleName").asText()).isEqualTo("signer");
            assertThat(signer.path("name").asText()).isEqualTo("Lena Fischer");
            assertThat(signer.path("email").asText()).isEqualTo("lena.fischer@example.com");
            assertThat(signer.path("tabs").path("textTabs").toString()).contains("startDate").contains("2025-04-01");
            JsonNode cc = lena.path("recipients").path("carbonCopies").get(0);
            assertThat(cc.path("email").asText()).isEqualTo("oskar.berg@example.org");
            assertThat(InboxFolder.customField(lena, "employeeId")).isEqualTo("70421");
            assertThat(InboxFolder.customField(lena, "rowKey")).isEqualTo("70421");
        }
    }
}
