package io.docusigncamel.inbox;

import static io.docusigncamel.inbox.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void buildsTemplateEnvelopesFromTheColumnConventions() throws Exception {
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with());
        CsvRow row = row(3, "ExternalId", " E-100 ", "Signer::Name", "Ann Able", "Signer::Email", " ann@example.com ",
                "cc::Name", "Carl Cc", "cc::Email", "carl@example.org", "startDate", "2025-03-01", "salary", "");

        MappedRow.Envelope envelope = (MappedRow.Envelope) mapping.map(row, "new-hires.csv");

        assertThat(envelope.rowKey()).isEqualTo("E-100");
        assertThat(envelope.definition()).isEqualTo(JSON.readTree("""
                {"status":"sent","emailSubject":"Please sign your documents","transactionId":"E-100",
                 "templateId":"%s",
                 "templateRoles":[
                   {"roleName":"signer","name":"Ann Able","email":"ann@example.com",
                    "tabs":{"textTabs":[{"tabLabel":"startDate","value":"2025-03-01"}]}},
                   {"roleName":"cc","name":"Carl Cc","email":"carl@example.org"}],
                 "customFields":{"textCustomFields":[
                   {"name":"rowKey","value":"E-100","show":"false","required":"false"},
                   {"name":"sourceFile","value":"new-hires.csv","show":"false","required":"false"}]}}
                """.formatted(TestSettings.TEMPLATE_ID)));
        assertThat(allScalarsAreStrings(envelope.definition())).isTrue();
    }

    @Test
    void takesSubjectBlurbAndTemplateFromTheRowAndPlainNameEmailForTheDefaultRole() {
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with(InboxSettings.EMAIL_BLURB, "Default body"));
        String otherTemplate = "11111111-2222-4333-8444-555555555555";
        CsvRow row = row(1, "Name", "Ann Able", "Email", "ann@example.com", "TemplateId", otherTemplate,
                "EmailSubject", "Your contract, Ann", "EmailBlurb", "Welcome!");

        ObjectNode definition = ((MappedRow.Envelope) mapping.map(row, "f.csv")).definition();

        assertThat(definition.path("templateId").asText()).isEqualTo(otherTemplate);
        assertThat(definition.path("emailSubject").asText()).isEqualTo("Your contract, Ann");
        assertThat(definition.path("emailBlurb").asText()).isEqualTo("Welcome!");
        assertThat(definition.path("templateRoles").get(0).path("roleName").asText()).isEqualTo("signer");
        assertThat(definition.path("templateRoles")).hasSize(1);
    }

    @Test
    void buildsDocumentsEnvelopesWithAnchoredTabsAndCarbonCopies() throws Exception {
        Path documents = Files.createDirectories(dir.resolve("documents"));
        byte[] pdf = MinimalPdf.sampleContract();
        Files.write(documents.resolve("contract.pdf"), pdf);
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with(InboxSettings.MODE, "documents",
                InboxSettings.DOCUMENTS_DIR, documents.toString()));
        CsvRow row = row(1, "ExternalId", "C-1", "Signer::Name", "Ann Able", "Signer::Email", "ann@example.com",
                "cc::Name", "Carl Cc", "cc::Email", "carl@example.org", "Document", "contract.pdf", "startDate", "ignored");

        ObjectNode definition = ((MappedRow.Envelope) mapping.map(row, "contracts.csv")).definition();

        assertThat(definition.has("templateId")).isFalse();
        assertThat(definition.path("documents")).isEqualTo(JSON.readTree("""
                [{"documentBase64":"%s","name":"contract.pdf","fileExtension":"pdf","documentId":"1"}]
                """.formatted(Base64.getEncoder().encodeToString(pdf))));
        assertThat(definition.path("recipients")).isEqualTo(JSON.readTree("""
                {"signers":[{"email":"ann@example.com","name":"Ann Able","recipientId":"1","routingOrder":"1",
                   "roleName":"signer","tabs":{
                     "signHereTabs":[{"anchorString":"/sn1/","anchorUnits":"pixels","anchorXOffset":"0","anchorYOffset":"0"}],
                     "dateSignedTabs":[{"anchorString":"/sn1/","anchorUnits":"pixels","anchorXOffset":"180","anchorYOffset":"0"}]}}],
                 "carbonCopies":[{"email":"carl@example.org","name":"Carl Cc","recipientId":"2","routingOrder":"2",
                   "roleName":"cc"}]}
                """));
        assertThat(definition.toString()).doesNotContain("ignored");
        assertThat(allScalarsAreStrings(definition)).isTrue();
    }

    @Test
    void placesPositionedTabsWhenNoAnchorIsConfigured() throws Exception {
        Path documents = Files.createDirectories(dir.resolve("documents"));
        Files.write(documents.resolve("contract.pdf"), MinimalPdf.sampleContract());
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with(InboxSettings.DOCUMENTS_DIR, documents.toString(),
                InboxSettings.SIGN_ANCHOR, "none", InboxSettings.SIGN_X, "100", InboxSettings.SIGN_Y, "600"));
        CsvRow row = row(1, "Signer::Name", "Ann", "Signer::Email", "ann@example.com", "Document", "contract.pdf");

        JsonNode tabs = ((MappedRow.Envelope) mapping.map(row, "f.csv")).definition()
                .path("recipients").path("signers").get(0).path("tabs");

        assertThat(tabs).isEqualTo(JSON.readTree("""
                {"signHereTabs":[{"documentId":"1","pageNumber":"1","xPosition":"100","yPosition":"600"}],
                 "dateSignedTabs":[{"documentId":"1","pageNumber":"1","xPosition":"280","yPosition":"600"}]}
                """));
    }

    @Test
    void truncatesTheSourceFileCustomFieldToOneHundredCharacters() {
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with());
        String longName = "x".repeat(120) + ".csv";

        ObjectNode definition = ((MappedRow.Envelope) mapping.map(
                row(1, "Name", "Ann", "Email", "ann@example.com"), longName)).definition();

        assertThat(definition.path("customFields").path("textCustomFields").get(1).path("value").asText())
                .isEqualTo("x".repeat(100));
    }

    @Test
    void keysRowsByContentWhenThereIsNoExternalId() {
        EnvelopeMapping mapping = new ColumnConventions(TestSettings.with());
        CsvRow first = row(1, "Name", "Ann", "Email", "ann@example.com", "startDate", "2025-01-01");
        CsvRow sameElsewhere = row(9, "Name", "Ann", "Email", "ann@example.com", "startDate", "2025-01-01");
        CsvRow different = row(1, "Name", "Ann", "Email", "ann@example.com", "startDate", "2025-01-02");
        CsvRow shifted = row(1, "Name", "Ann", "Email", "ann@example.com", "startDate", "2025-01-0", "x", "2");
        CsvRow emptyExternalId = row(1, "ExternalId", " ", "Name", "Ann", "Email", "ann@example.com");

        String key = mapping.map(first, "a.csv").rowKeyOrNull();

        assertThat(key).matches("[0-9a-f]{64}").isEqualTo(RowKey.contentHash(first));
        assertThat(mapping.map(sameElsewhere, "b.csv").rowKeyOrNull()).isEqualTo(key);
        assertThat(mapping.map(different, "a.csv").rowKeyOrNull()).isNotEqualTo(key);
        assertThat(RowKey.contentHash(shifted)).isNotEqualTo(key);
        assertThat(mapping.map(emptyExternalId, "a.csv").rowKeyOrNull()).isEqualTo(RowKey.contentHash(emptyExternalId));
        assertThat(((MappedRow.Envelope) mapping.map(first, "a.csv")).definition().path("transactionId").asText())
                .isEqualTo(key);
    }

    @Test
    void separatesValuesUnambiguouslyInTheContentHash() {
        assertThat(RowKey.contentHash(row(1, "a", "bc", "d", "")))
                .isNotEqualTo(RowKey.contentHash(row(1, "a", "b", "cd", "")));
        assertThat(RowKey.contentHash(row(1, "ab", "c"))).isNotEqualTo(RowKey.contentHash(row(1, "a", "bc")));
        assertThat(RowKey.contentHash(row(1, "a", "1", "b", "2")))
                .isNotEqualTo(RowKey.contentHash(row(1, "b", "2", "a", "1")));
    }

    @Test
    void mapsAnHrExportThroughAMappingFile() throws Exception {
        InboxSettings settings = TestSettings.with();
        MappingFile mapping = MappingFile.load(writeMapping(HR_MAPPING), settings);
        List<String> header = List.of("employee_id", "first_name", "last_name", "work_email", "manager_email",
                "start_date", "contract_file");
        CsvRow row = row(2, "employee_id", "7001", "first_name", "Ann", "last_name", "Able", "work_email",
                "ann.able@example.com", "manager_email", "", "start_date", "2025-04-01", "contract_file", "");

        assertThat(mapping.checkHeader(header)).isEmpty();
        MappedRow.Envelope envelope = (MappedRow.Envelope) mapping.map(row, "hr.csv");

        assertThat(envelope.rowKey()).isEqualTo("7001");
        assertThat(envelope.definition()).isEqualTo(JSON.readTree("""
                {"status":"sent","emailSubject":"Welcome aboard, Ann: your onboarding documents",
                 "emailBlurb":"Please sign before 2025-04-01. Costs in $${currency} stay literal.",
                 "transactionId":"7001","templateId":"%s",
                 "templateRoles":[{"roleName":"signer","name":"Ann Able","email":"ann.able@example.com",
                   "tabs":{"textTabs":[{"tabLabel":"startDate","value":"2025-04-01"}]}}],
                 "customFields":{"textCustomFields":[
                   {"name":"rowKey","value":"7001","show":"false","required":"false"},
                   {"name":"sourceFile","value":"hr.csv","show":"false","required":"false"},
                   {"name":"employeeId","value":"7001","show":"false","required":"false"}]}}
                """.formatted(TestSettings.TEMPLATE_ID).replace("$$", "$")));

        CsvRow withManager = row(3, "employee_id", "7002", "first_name", "Bo", "last_name", "Bell", "work_email",
                "bo@example.com", "manager_email", "meg@example.com", "start_date", "2025-05-01", "contract_file", "");
        JsonNode roles = ((MappedRow.Envelope) mapping.map(withManager, "hr.csv")).definition().path("templateRoles");
        assertThat(roles.get(1)).isEqualTo(JSON.readTree("""
                {"roleName":"cc","name":"Hiring manager","email":"meg@example.com"}"""));
    }

    @Test
    void rejectsAHeaderThatLacksAColumnTheMappingFileNames() throws Exception {
        Path file = writeMapping(HR_MAPPING);
        MappingFile mapping = MappingFile.load(file, TestSettings.with());

        assertThat(mapping.checkHeader(List.of("employee_id", "first_name", "last_name", "email", "manager_email",
                "start_date"))).contains("mapping file " + file + " refers to columns this file does not have:"
                + " recipients[0].email \"${work_email}\" refers to column \"work_email\"; the file's columns are:"
                + " employee_id, first_name, last_name, email, manager_email, start_date");
    }

    @Test
    void mapsDocumentsThroughAMappingFile() throws Exception {
        Path documents = Files.createDirectories(dir.resolve("documents"));
        Files.write(documents.resolve("offer-7001.pdf"), MinimalPdf.sampleContract());
        InboxSettings settings = TestSettings.with(InboxSettings.DOCUMENTS_DIR, documents.toString());
        MappingFile mapping = MappingFile.load(writeMapping("""
                mode: documents
                recipients:
                  - role: signer
                    name: "${first_name} ${last_name}"
                    email: "${work_email}"
                document: "offer-${employee_id}.pdf"
                """), settings);

        ObjectNode definition = ((MappedRow.Envelope) mapping.map(row(1, "employee_id", "7001", "first_name", "Ann",
                "last_name", "Able", "work_email", "ann@example.com"), "hr.csv")).definition();

        assertThat(definition.path("documents").get(0).path("name").asText()).isEqualTo("offer-7001.pdf");
        assertThat(definition.path("recipients").path("signers").get(0).path("name").asText()).isEqualTo("Ann Able");
        assertThat(definition.path("transactionId").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void reportsEveryProblemOfAMappingFileWithItsKeyPath() throws Exception {
        Path file = writeMapping("""
                rowKey: "${employee_id"
                mode: pdf
                templateId: "{{inbox.template-id}}"
                recipent: x
                recipients:
                  - role: manager
                    name: "${name}"
                  - role: cc
                    name: Fixed
                    email: "not-an-address"
                    optional: maybe
                textTabs: [a, b]
                customFields:
                  rowKey: "${x}"
                """);

        assertThatThrownBy(() -> MappingFile.load(file, TestSettings.with()))
                .isInstanceOfSatisfying(MappingFileException.class, e -> assertThat(e.problems()).containsExactly(
                        "recipent: unknown key; the keys are customFields, document, emailBlurb, emailSubject, mode,"
                                + " recipients, rowKey, templateId, textTabs",
                        "rowKey: \"${\" at position 1 is not closed by \"}\"; write ${column} (or $${ for a literal ${)",
                        "mode: \"pdf\" is not a mode; write template or documents",
                        "templateId: \"{{inbox.template-id}}\" is not a template ID (a GUID like"
                                + " xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); omit templateId to use inbox.template-id",
                        "recipients[0].role: \"manager\" is not among inbox.roles (signer, cc)",
                        "recipients[0].email: is required",
                        "recipients[1].email: \"not-an-address\" is not an e-mail address",
                        "recipients[1].optional: \"maybe\" is not true or false",
                        "recipients: no recipient for required role signer (inbox.required-roles); add one",
                        "textTabs: must be a mapping of name: \"value\"",
                        "customFields.rowKey: the service sets this field itself; choose another name"))
                .hasMessageStartingWith("mapping file " + file + ":\n  recipent: unknown key");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() throws Exception {
        Path file = writeMapping("recipients:\n  - role: signer\n    name: \"${a}\n");

        assertThatThrownBy(() -> MappingFile.load(file, TestSettings.with()))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("mapping file " + file + ":\n  line 4, column 1: found unexpected end of stream");
        Path duplicate = writeMapping("rowKey: a\nrowKey: b\nrecipients: []\n");
        assertThatThrownBy(() -> MappingFile.load(duplicate, TestSettings.with()))
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining("line 2, column 1: found duplicate key rowKey");
    }

    @Test
    void choosesTheMappingFileWhenOneIsConfigured() throws Exception {
        Path file = writeMapping(HR_MAPPING);

        assertThat(EnvelopeMapping.from(TestSettings.with(InboxSettings.MAPPING_FILE, file.toString())))
                .isInstanceOf(MappingFile.class);
        assertThat(EnvelopeMapping.from(TestSettings.with())).isInstanceOf(ColumnConventions.class);
    }

    @Test
    void expandsExpressionsWithLiteralsAndEscapes() {
        FieldExpression expression = FieldExpression.parse("Dear ${First Name} $${x} costs $5 ${last}");

        assertThat(expression.columns()).containsExactly("First Name", "last");
        assertThat(expression.expand(Map.of("First Name", " Ann ", "last", "Z"))).isEqualTo("Dear Ann ${x} costs $5 Z");
        assertThat(FieldExpression.parse("${work_email}").singleColumn()).contains("work_email");
        assertThat(FieldExpression.parse("x${work_email}").singleColumn()).isEmpty();
        assertThatThrownBy(() -> FieldExpression.parse("a ${} b")).hasMessage("\"${}\" at position 3 names no column");
    }

    static final String HR_MAPPING = """
            # mappings/new-hires.yaml
            rowKey: "${employee_id}"
            mode: template
            emailSubject: "Welcome aboard, ${first_name}: your onboarding documents"
            emailBlurb: "Please sign before ${start_date}. Costs in $${currency} stay literal."
            recipients:
              - role: signer
                name: "${first_name} ${last_name}"
                email: "${work_email}"
              - role: cc
                name: "Hiring manager"
                email: "${manager_email}"
                optional: true
            textTabs:
              startDate: "${start_date}"
            customFields:
              employeeId: "${employee_id}"
            """;

    private int mappings;

    private Path writeMapping(String yaml) throws Exception {
        Path file = dir.resolve("mapping-" + (++mappings) + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static boolean allScalarsAreStrings(JsonNode node) {
        List<JsonNode> pending = new ArrayList<>(List.of(node));
        while (!pending.isEmpty()) {
            JsonNode next = pending.remove(pending.size() - 1);
            if (next.isContainerNode()) {
                next.forEach(pending::add);
            } else if (!next.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
