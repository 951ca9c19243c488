package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.InboxFolder.ResultRow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A CSV dropped into the inbox of the running service becomes one envelope per row at DocuSign (the emulator). */
class SendEnvelopesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private ServiceUnderTest service;
    private InboxFolder inbox;

    @BeforeEach
    void start() {
        service = new ServiceUnderTest("send").start();
        inbox = new InboxFolder(service);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private String templateId() {
        return service.bean("docuSignEmulator", EmbeddedEmulator.class).emulator().templateId();
    }

    @Test
    void sendsOneTemplateEnvelopePerRowWithRolesTabsCustomFieldsAndTransactionId() {
        inbox.drop("new-hires.csv", """
                ExternalId,Signer::Name,Signer::Email,cc::Name,cc::Email,startDate,salary
                EMP-1001,Ada Lovelace,ada.lovelace@example.com,Charles Babbage,charles.babbage@example.com,2027-01-04,"85,000"
                EMP-1002,Grace Hopper,grace.hopper@example.com,Charles Babbage,charles.babbage@example.com,2027-01-11,"92,000"
                """.replace("Signer::", "signer::"));

        List<ResultRow> results = inbox.awaitResults("new-hires.csv", WAIT);

        assertThat(results).extracting(ResultRow::row, ResultRow::rowKey, ResultRow::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "EMP-1001", "sent"),
                        org.assertj.core.groups.Tuple.tuple(2, "EMP-1002", "sent"));
        List<JsonNode> envelopes = inbox.envelopes();
        assertThat(envelopes).hasSize(2);
        JsonNode ada = envelopes.stream().filter(e -> "EMP-1001".equals(e.path("transactionId").asText())).findFirst().orElseThrow();
        assertThat(ada.path("envelopeId").asText()).isEqualTo(results.get(0).envelopeId());
        assertThat(ada.path("templateId").asText()).isEqualTo(templateId());
        assertThat(InboxFolder.customField(ada, "rowKey")).isEqualTo("EMP-1001");
        assertThat(InboxFolder.customField(ada, "sourceFile")).isEqualTo("new-hires.csv");
        JsonNode signer = ada.path("recipients").path("signers").get(0);
        assertThat(signer.path("roleName").asText()).isEqualTo("signer");
        assertThat(signer.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(signer.path("email").asText()).isEqualTo("ada.lovelace@example.com");
        assertThat(signer.path("tabs").path("textTabs").toString()).contains("startDate").contains("2027-01-04")
                .contains("salary").contains("85,000");
        JsonNode cc = ada.path("recipients").path("carbonCopies").get(0);
        assertThat(cc.path("roleName").asText()).isEqualTo("cc");
        assertThat(cc.path("email").asText()).isEqualTo("charles.babbage@example.com");
        await().atMost(WAIT).until(() -> inbox.movedTo(".done", "new-hires.csv"));
    }

    @Test
    void theSameFileDroppedTwiceSendsNothingTheSecondTime() {
        String csv = """
                ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                C-1,Ada Lovelace,ada@example.com,HR,hr@example.com
                C-2,Grace Hopper,grace@example.com,HR,hr@example.com
                """;
        inbox.drop("contracts.csv", csv);
        List<ResultRow> first = inbox.awaitResults("contracts.csv", WAIT);
        await().atMost(WAIT).until(() -> inbox.movedTo(".done", "contracts.csv"));
        java.nio.file.Path firstResults = inbox.resultsFile("contracts.csv");
        assertThat(firstResults.toFile().delete()).isTrue();

        inbox.drop("contracts.csv", csv);
        List<ResultRow> second = inbox.awaitResults("contracts.csv", WAIT);

        assertThat(first).extracting(ResultRow::outcome).containsExactly("sent", "sent");
        assertThat(second).extracting(ResultRow::outcome).containsExactly("duplicate", "duplicate");
        assertThat(second).extracting(ResultRow::envelopeId).containsExactlyElementsOf(first.stream().map(ResultRow::envelopeId).toList());
        assertThat(inbox.envelopes()).hasSize(2);
    }

    @Test
    void badRowsAreRejectedWithAReasonWhileGoodRowsInTheSameFileAreSent() {
        inbox.drop("mixed.csv", """
                ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                M-1,Ada Lovelace,ada@example.com,HR,hr@example.com
                M-2,Bob,bob@,HR,hr@example.com
                M-3,,carol@example.com,HR,hr@example.com
                M-1,Ada Again,ada2@example.com,HR,hr@example.com
                M-5,"=HYPERLINK(""http://evil.example"")",eve@example.com,HR,hr@example.com
                """);

        List<ResultRow> results = inbox.awaitResults("mixed.csv", WAIT);

        assertThat(results).hasSize(5);
        assertThat(results.get(1).outcome()).isEqualTo("rejected");
        assertThat(results.get(1).detail()).contains("row 2").contains("\"bob@\" is not an e-mail address");
        assertThat(results.get(2).outcome()).isEqualTo("rejected");
        assertThat(results.get(2).detail()).contains("row 3");
        // rows 1 and 4 share the key M-1: one is sent, the other rejected naming the key (rows run in parallel)
        assertThat(List.of(results.get(0), results.get(3))).extracting(ResultRow::outcome)
                .containsExactlyInAnyOrder("sent", "rejected");
        assertThat(List.of(results.get(0), results.get(3))).filteredOn(r -> r.outcome().equals("rejected"))
                .singleElement().satisfies(r -> assertThat(r.detail()).contains("M-1").contains("appears twice"));
        assertThat(results.get(4).outcome()).isEqualTo("sent");
        assertThat(results.get(4).rowKey()).isEqualTo("M-5");
        assertThat(inbox.resultsFile("mixed.csv")).content().doesNotContain(",=HYPERLINK");
        assertThat(inbox.envelopes()).hasSize(2);
    }

    @Test
    void aFileThatIsNotCsvGoesToErrorWithAResultsFileSayingWhy() {
        inbox.drop("photo.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'});

        List<ResultRow> results = inbox.awaitResults("photo.csv", WAIT);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("rejected");
            assertThat(r.detail()).isNotBlank();
        });
        await().atMost(WAIT).until(() -> inbox.movedTo(".error", "photo.csv"));
        assertThat(inbox.envelopes()).isEmpty();
    }
}
