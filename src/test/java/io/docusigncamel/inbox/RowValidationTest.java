package io.docusigncamel.inbox;

import static io.docusigncamel.inbox.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowValidationTest {

    @TempDir
    Path dir;

    private Path documents;
    private EnvelopeMapping conventions;

    @BeforeEach
    void documentsFolder() throws Exception {
        documents = Files.createDirectories(dir.resolve("documents"));
        Files.write(documents.resolve("contract.pdf"), MinimalPdf.sampleContract());
        Files.writeString(documents.resolve("notes.pdf"), "just text, not a PDF");
        conventions = new ColumnConventions(TestSettings.with(InboxSettings.DOCUMENTS_DIR, documents.toString()));
    }

    @Test
    void rejectsAnEmptyRequiredEmail() {
        assertRejected(signer(4, "Ann Able", ""), "row 4: Signer::Email is empty");
    }

    @Test
    void rejectsAnEmptyRequiredName() {
        assertRejected(signer(2, " ", "ann@example.com"), "row 2: Signer::Name is empty");
    }

    @Test
    void reportsEveryProblemOfARowInOneDetail() {
        assertRejected(signer(5, "", ""), "row 5: Signer::Name is empty; Signer::Email is empty");
    }

    @Test
    void rejectsMalformedEmailAddresses() {
        for (String address : List.of("bob@", "@example.com", "bob", "bob@example", "bob@@example.com",
                "bob smith@example.com", "bob@exa mple.com", ".bob@example.com", "bob.@example.com", "bo..b@example.com",
                "bob@example..com", "bob@-example.com", "bob@example.c", "\"bob\"@example.com", "bob@example.com.")) {
            assertRejected(signer(7, "Bob", address), "row 7: Signer::Email \"" + address + "\" is not an e-mail address");
        }
    }

    @Test
    void acceptsPracticalEmailAddresses() {
        for (String address : List.of("bob@example.com", "bob.smith+hr@mail.example.org", "o'neil@example.co.uk",
                "renée@exämple.de", "x@xn--p1ai.example", "a_b-c@sub-domain.example.com")) {
            assertThat(conventions.map(signer(1, "Bob", address), "f.csv")).as(address).isInstanceOf(MappedRow.Envelope.class);
        }
    }

    @Test
    void rejectsAnEmailAddressLongerThanOneHundredCharacters() {
        String address = "a".repeat(90) + "@example.com";
        assertRejected(signer(3, "Bob", address),
                "row 3: Signer::Email \"" + address + "\" is not an e-mail address (102 characters; at most 100)");
    }

    @Test
    void rejectsANameLongerThanOneHundredCharacters() {
        assertRejected(signer(3, "N".repeat(101), "n@example.com"),
                "row 3: Signer::Name is 101 characters; a name may have at most 100");
    }

    @Test
    void rejectsHalfFilledOptionalRolesAndSkipsEmptyOnes() {
        assertRejected(row(2, "Signer::Name", "Ann", "Signer::Email", "ann@example.com", "cc::Name", "Carl", "cc::Email", ""),
                "row 2: cc::Email is empty but cc::Name is set; fill both or neither");
        assertRejected(row(2, "Signer::Name", "Ann", "Signer::Email", "ann@example.com", "cc::Name", "", "cc::Email",
                "carl@example.com"), "row 2: cc::Name is empty but cc::Email is set; fill both or neither");
        MappedRow withoutCc = conventions.map(row(2, "Signer::Name", "Ann", "Signer::Email", "ann@example.com",
                "cc::Name", "", "cc::Email", ""), "f.csv");
        assertThat(((MappedRow.Envelope) withoutCc).definition().path("templateRoles")).hasSize(1);
    }

    @Test
    void rejectsASubjectLongerThanOneHundredCharacters() {
        assertRejected(row(6, "Name", "Ann", "Email", "ann@example.com", "EmailSubject", "S".repeat(101)),
                "row 6: EmailSubject is 101 characters; DocuSign allows at most 100");
    }

    @Test
    void rejectsASubjectThatGrowsTooLongAfterExpansion() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                emailSubject: "Welcome aboard, ${first_name}"
                recipients:
                  - role: signer
                    name: "${first_name}"
                    email: "${email}"
                """);
        EnvelopeMapping mapping = MappingFile.load(file, TestSettings.with());

        assertRejected(mapping, row(3, "first_name", "A".repeat(90), "email", "a@example.com"),
                "row 3: emailSubject (\"Welcome aboard, ${first_name}\") is 106 characters; DocuSign allows at most 100");
    }

    @Test
    void rejectsAnInvalidTemplateId() {
        assertRejected(row(2, "Name", "Ann", "Email", "ann@example.com", "TemplateId", "onboarding-v2"),
                "row 2: TemplateId \"onboarding-v2\" is not a template ID (a GUID like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }

    @Test
    void rejectsTemplateRowsWhenNoTemplateIsKnown() {
        EnvelopeMapping noTemplate = new ColumnConventions(InboxSettings.defaults());
        assertRejected(noTemplate, row(1, "Name", "Ann", "Email", "ann@example.com"),
                "row 1: no template: set inbox.template-id or fill the TemplateId column");
    }

    @Test
    void rejectsAnEmptyDocumentInDocumentsMode() {
        EnvelopeMapping documentsMode = new ColumnConventions(TestSettings.with(InboxSettings.MODE, "documents",
                InboxSettings.DOCUMENTS_DIR, documents.toString()));
        assertRejected(documentsMode, row(8, "Name", "Ann", "Email", "ann@example.com", "Document", ""),
                "row 8: Document is empty; documents mode needs the file name of a PDF in the documents folder");
    }

    @Test
    void rejectsDocumentsOutsideTheDocumentsFolder() throws Exception {
        Files.writeString(dir.resolve("secret.pdf"), "%PDF-1.4 secret");
        Files.createSymbolicLink(documents.resolve("link.pdf"), dir.resolve("secret.pdf"));
        for (String name : List.of("../etc/passwd", "/etc/passwd", "C:\\docs\\contract.pdf", "sub\\contract.pdf",
                "sub/contract.pdf", "C:contract.pdf", "..", "~/contract.pdf", "link.pdf")) {
            assertRejected(document(3, name), "row 3: Document \"" + name + "\" must be a file name inside the documents folder");
        }
    }

    @Test
    void rejectsAMissingDocument() {
        assertRejected(document(3, "missing.pdf"),
                "row 3: Document \"missing.pdf\" is not in the documents folder (" + documents.toAbsolutePath() + ")");
    }

    @Test
    void rejectsADocumentThatIsNotAPdf() {
        assertRejected(document(3, "notes.pdf"), "row 3: Document \"notes.pdf\" is not a PDF (it does not start with %PDF-)");
    }

    @Test
    void rejectsADocumentLargerThanTwentyFiveMegabytes() throws Exception {
        // A sparse file: a PDF header, then one byte past the limit.
        try (FileChannel channel = FileChannel.open(documents.resolve("huge.pdf"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII)));
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}), 26L * 1024 * 1024 - 1);
        }
        assertRejected(document(3, "huge.pdf"), "row 3: Document \"huge.pdf\" is 26 MB; a document may have at most 25 MB");
    }

    @Test
    void rejectsInvalidExternalIds() {
        assertRejected(row(4, "ExternalId", "E".repeat(101), "Name", "Ann", "Email", "ann@example.com"),
                "row 4: ExternalId is 101 characters; a row key may have at most 100");
        assertRejected(row(4, "ExternalId", "E-\u00071", "Name", "Ann", "Email", "ann@example.com"),
                "row 4: ExternalId contains the unprintable character U+0007 at position 3; a row key must be printable text");
        assertThat(conventions.map(row(4, "ExternalId", "E".repeat(101), "Name", "Ann", "Email", "ann@example.com"),
                "f.csv").rowKeyOrNull()).isNull();
    }

    @Test
    void rejectsCustomFieldValuesLongerThanOneHundredCharacters() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                recipients:
                  - role: signer
                    name: "${name}"
                    email: "${email}"
                customFields:
                  department: "${department}"
                """);
        EnvelopeMapping mapping = MappingFile.load(file, TestSettings.with());

        assertRejected(mapping, row(2, "name", "Ann", "email", "a@example.com", "department", "D".repeat(101)),
                "row 2: customFields.department is 101 characters; a custom field value may have at most 100");
    }

    @Test
    void rejectsMoreThanOneHundredRecipients() {
        List<String> roles = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            roles.add("r" + i);
            columns.addAll(List.of("r" + i + "::Name", "Person " + i, "r" + i + "::Email", "p" + i + "@example.com"));
        }
        EnvelopeMapping many = new ColumnConventions(TestSettings.with(InboxSettings.ROLES, String.join(",", roles),
                InboxSettings.REQUIRED_ROLES, "r1", InboxSettings.DEFAULT_ROLE, "r1"));

        assertRejected(many, row(1, columns.toArray(String[]::new)),
                "row 1: 101 recipients; DocuSign allows at most 100 per envelope");
    }

    @Test
    void passesOnTheProblemOfAnUnreadableRow() {
        CsvRow broken = new CsvRow(7, 9, Map.of("Name", "Ann"), Optional.of("row 7: 5 values but the header has 6 columns"));
        MappedRow mapped = conventions.map(broken, "f.csv");

        assertThat(mapped).isEqualTo(new MappedRow.Rejected(null, "row 7: 5 values but the header has 6 columns"));
    }

    @Test
    void rejectsUnknownRoleColumnsForTheWholeFile() {
        assertThat(conventions.checkHeader(List.of("Signer::Name", "Signer::Email", "Manager::Email")))
                .contains("column \"Manager::Email\" names role \"Manager\", which is not among inbox.roles (signer, cc);"
                        + " rename the column or add the role to inbox.roles");
    }

    @Test
    void rejectsHeadersWithHalfARoleOrWithoutTheRequiredRole() {
        assertThat(conventions.checkHeader(List.of("Signer::Name", "Signer::Email", "cc::Name")))
                .contains("column \"cc::Name\" has no matching e-mail column for role cc; add cc::Email");
        assertThat(conventions.checkHeader(List.of("cc::Name", "cc::Email")))
                .contains("the header has no columns for required role signer: add Signer::Name and Signer::Email"
                        + " (or Name and Email)");
        assertThat(conventions.checkHeader(List.of("Signer::Phone", "Name", "Email")))
                .contains("column \"Signer::Phone\" is not understood: after \"::\" only Name or Email may follow"
                        + " (e.g. Signer::Email)");
        assertThat(conventions.checkHeader(List.of("Name", "Email", "signer::Name", "Signer::Email")))
                .contains("columns \"Name\" and \"signer::Name\" both give the name of role signer; keep one;"
                        + " columns \"Email\" and \"Signer::Email\" both give the e-mail of role signer; keep one");
    }

    @Test
    void hintsAtTheDelimiterWhenTheHeaderIsOneColumnWithSeparators() {
        assertThat(conventions.checkHeader(List.of("ExternalId;Signer::Name;Signer::Email")))
                .contains("the header has no recipient columns: it needs Name and Email, or <Role>::Name and"
                        + " <Role>::Email for a role among signer, cc; the header reads"
                        + " \"ExternalId;Signer::Name;Signer::Email\" — the values look separated by \";\";"
                        + " set inbox.delimiter=;");
    }

    private CsvRow signer(int number, String name, String email) {
        return row(number, "ExternalId", "E-" + number, "Signer::Name", name, "Signer::Email", email);
    }

    private CsvRow document(int number, String document) {
        return row(number, "Signer::Name", "Ann", "Signer::Email", "ann@example.com", "Document", document);
    }

    private void assertRejected(CsvRow row, String reason) {
        assertRejected(conventions, row, reason);
    }

    private static void assertRejected(EnvelopeMapping mapping, CsvRow row, String reason) {
        MappedRow mapped = mapping.map(row, "f.csv");
        assertThat(mapped).isInstanceOf(MappedRow.Rejected.class);
        assertThat(((MappedRow.Rejected) mapped).reason()).isEqualTo(reason);
    }
}
