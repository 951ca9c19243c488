package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class EnvelopeDocumentsTest {

    private final MutableClock clock = MutableClock.at("2024-05-02T08:00:00Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    private ObjectNode twoDocuments() {
        ObjectNode definition = sentDefinition();
        ((com.fasterxml.jackson.databind.node.ArrayNode) definition.get("documents")).addObject()
                .put("documentBase64", Base64.getEncoder().encodeToString("plain text terms".getBytes(StandardCharsets.UTF_8)))
                .put("name", "Terms.txt").put("fileExtension", "txt").put("documentId", "2");
        return definition;
    }

    private EmulatorResponse download(String id, String documentId, String query) {
        return client.get("/envelopes/" + id + "/documents/" + documentId, query);
    }

    @Test
    void listsTheDocumentsWithPagesAndTheCertificate() {
        String id = client.create(twoDocuments());

        JsonNode list = json(client.get("/envelopes/" + id + "/documents", ""));

        assertThat(list.get("envelopeId").asText()).isEqualTo(id);
        JsonNode documents = list.get("envelopeDocuments");
        assertThat(documents).hasSize(3);
        assertThat(documents.get(0).get("documentId").asText()).isEqualTo("1");
        assertThat(documents.get(0).get("name").asText()).isEqualTo("Contract.pdf");
        assertThat(documents.get(0).get("type").asText()).isEqualTo("content");
        assertThat(documents.get(0).get("uri").asText()).isEqualTo("/envelopes/" + id + "/documents/1");
        assertThat(documents.get(0).get("pages")).hasSize(2);
        assertThat(documents.get(0).get("pages").get(1).get("sequence").asText()).isEqualTo("2");
        assertThat(documents.get(1).get("documentId").asText()).isEqualTo("2");
        JsonNode certificate = documents.get(2);
        assertThat(certificate.get("documentId").asText()).isEqualTo("certificate");
        assertThat(certificate.get("type").asText()).isEqualTo("summary");
        assertThat(certificate.get("name").asText()).isEqualTo("Summary");
        EnvelopeCreateTest.assertNoNonStringScalars(list);
    }

    @Test
    void aDocumentByIdIsTheUploadedPdfWithDocuSignsHeaders() {
        ObjectNode definition = sentDefinition();
        byte[] uploaded = Base64.getDecoder().decode(definition.get("documents").get(0).get("documentBase64").asText());
        String id = client.create(definition);

        EmulatorResponse response = download(id, "1", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/pdf");
        assertThat(response.headers()).containsEntry("Content-Disposition", "file; filename=\"Contract.pdf\"; documentid=\"1\"");
        assertThat(response.body()).isEqualTo(uploaded);
    }

    @Test
    void aNonPdfUploadIsServedAsAGeneratedPdf() {
        String id = client.create(twoDocuments());

        EmulatorResponse response = download(id, "2", "");

        assertThat(response.headers().get("Content-Disposition")).isEqualTo("file; filename=\"Terms.pdf\"; documentid=\"2\"");
        PdfStructure pdf = new PdfStructure(response.body());
        assertThat(pdf.pageCount()).isEqualTo(1);
        assertThat(pdf.pageText(0)).contains("Terms.txt");
    }

    @Test
    void theCertificateIsAValidPdfNamingEnvelopeSubjectSignersAndTimes() {
        String id = client.create(sentDefinition());
        clock.advance(Duration.ofMinutes(10));
        client.control("POST", "/envelopes/" + id + "/complete", null);

        EmulatorResponse response = download(id, "certificate", "");

        assertThat(response.contentType()).isEqualTo("application/pdf");
        assertThat(response.headers().get("Content-Disposition")).isEqualTo("file; filename=\"Summary.pdf\"; documentid=\"certificate\"");
        PdfStructure pdf = new PdfStructure(response.body());
        String text = pdf.pageText(0);
        assertThat(text).contains("Certificate of Completion").contains(id).contains("Please sign this document set")
                .contains("Sam Signer <signer@example.com>").contains("Signed: 2024-05-02T08:10:00.0000000Z")
                .contains("Cee Cee");
    }

    @Test
    void combinedHasOnePagePerDocumentThenTheCertificate() {
        String id = client.create(twoDocuments());
        client.control("POST", "/envelopes/" + id + "/complete", null);

        EmulatorResponse response = download(id, "combined", "");

        assertThat(response.headers().get("Content-Disposition")).isEqualTo("file; filename=\"Combined.pdf\"; documentid=\"combined\"");
        PdfStructure pdf = new PdfStructure(response.body());
        assertThat(pdf.pageCount()).isEqualTo(3);
        assertThat(pdf.pageText(0)).contains("Contract.pdf").contains(id).contains("Signed by Sam Signer");
        assertThat(pdf.pageText(1)).contains("Terms.txt");
        assertThat(pdf.pageText(2)).contains("Certificate of Completion");

        PdfStructure withoutCertificate = new PdfStructure(download(id, "combined", "certificate=false").body());
        assertThat(withoutCertificate.pageCount()).isEqualTo(2);
    }

    @Test
    void combinedShowsNoSignatureBeforeSigning() {
        String id = client.create(sentDefinition());

        assertThat(new PdfStructure(download(id, "combined", "").body()).pageText(0)).doesNotContain("Signed by");
    }

    @Test
    void theArchiveIsAZipOfTheDocumentsAndTheCertificate() throws IOException {
        String id = client.create(twoDocuments());

        EmulatorResponse response = download(id, "archive", "");

        assertThat(response.contentType()).isEqualTo("application/zip");
        assertThat(response.headers().get("Content-Disposition")).contains("documentid=\"archive\"");
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
                new PdfStructure(zip.readAllBytes());
            }
        }
        assertThat(names).containsExactly("Contract.pdf", "Terms.pdf", "Summary.pdf");
    }

    @Test
    void anUnknownDocumentIsDocumentDoesNotExist() {
        String id = client.create(sentDefinition());

        assertError(download(id, "7", ""), 404, "DOCUMENT_DOES_NOT_EXIST");
    }

    @Test
    void combinedIsThrottledAfterThreeDownloadsAnHourWithDocuSignsError() {
        String id = client.create(sentDefinition());

        for (int i = 0; i < 3; i++) {
            assertThat(download(id, "combined", "").status()).isEqualTo(200);
        }
        EmulatorResponse blocked = download(id, "combined", "");

        JsonNode error = assertError(blocked, 400, "API_REQUEST_IS_THROTTLED");
        assertThat(error.get("message").asText()).isEqualTo("GetDocument call blocked");
        assertThat(download(id, "1", "").status()).as("other documents have their own allowance").isEqualTo(200);

        clock.advance(Duration.ofMinutes(61));
        assertThat(download(id, "combined", "").status()).isEqualTo(200);
        assertThat(download(id, "combined", "").status()).isEqualTo(200);
        assertThat(download(id, "combined", "").status()).as("five per six hours").isEqualTo(400);
    }

    @Test
    void downloadLimitsAreConfigurableAndCanApplyAfterCompletion() {
        EnvelopeWorld strict = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withDownloadLimits(3, 5, 1, 20, false)
                .withTickInterval(Duration.ZERO));
        EmulatorClient strictClient = new EmulatorClient(strict);
        String id = strictClient.create(sentDefinition());
        strictClient.control("POST", "/envelopes/" + id + "/complete", null);

        assertThat(strictClient.get("/envelopes/" + id + "/documents/1", "").status()).isEqualTo(200);
        assertError(strictClient.get("/envelopes/" + id + "/documents/1", ""), 400, "API_REQUEST_IS_THROTTLED");
    }

    @Test
    void completedEnvelopesAreNotThrottledByDefault() {
        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/complete", null);

        for (int i = 0; i < 6; i++) {
            assertThat(download(id, "combined", "").status()).isEqualTo(200);
        }
        assertThat(client.controlView(id).get("counters").get("documentDownloads").asInt()).isEqualTo(6);
    }
}
