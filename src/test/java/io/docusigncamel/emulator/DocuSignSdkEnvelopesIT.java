package io.docusigncamel.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.docusign.esign.api.EnvelopesApi;
import com.docusign.esign.client.ApiClient;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.client.auth.OAuth;
import com.docusign.esign.model.CarbonCopy;
import com.docusign.esign.model.CustomFields;
import com.docusign.esign.model.Document;
import com.docusign.esign.model.Envelope;
import com.docusign.esign.model.EnvelopeDefinition;
import com.docusign.esign.model.EnvelopeSummary;
import com.docusign.esign.model.EnvelopesInformation;
import com.docusign.esign.model.Recipients;
import com.docusign.esign.model.SignHere;
import com.docusign.esign.model.Signer;
import com.docusign.esign.model.Tabs;
import com.docusign.esign.model.TemplateRole;
import com.docusign.esign.model.Text;
import com.docusign.esign.model.TextCustomField;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official DocuSign Java SDK 6.0.0 drives the emulator's real envelope world end to end, exactly as it would
 * drive DocuSign: JWT token, userinfo, createEnvelope from a template and from a document, listStatusChanges by
 * transaction id with custom fields, getEnvelope and getDocument. Nothing in the SDK is configured beyond the hosts.
 */
class DocuSignSdkEnvelopesIT {

    @TempDir
    static Path stateDir;
    static EnvelopeWorld world;
    static DocuSignEmulator emulator;
    static ApiClient apiClient;
    static String accountId;

    @BeforeAll
    static void connect() throws Exception {
        world = new EnvelopeWorld(Clock.systemUTC());
        emulator = DocuSignEmulator.builder().stateDir(stateDir).envelopeEndpoints(world).build().start();
        emulator.grantConsent();
        apiClient = new ApiClient(emulator.restBaseUri());
        apiClient.setOAuthBasePath(emulator.oauthBasePath());
        OAuth.OAuthToken token = apiClient.requestJWTUserToken(emulator.integrationKey(), emulator.userId(),
                List.of("signature", "impersonation"), Files.readAllBytes(emulator.privateKeyFile()), 3600);
        OAuth.UserInfo userInfo = apiClient.getUserInfo(token.getAccessToken());
        OAuth.Account account = userInfo.getAccounts().stream().filter(a -> "true".equals(a.getIsDefault()))
                .findFirst().orElseThrow();
        accountId = account.getAccountId();
        apiClient.setBasePath(account.getBaseUri() + "/restapi");
        apiClient.setAccessToken(token.getAccessToken(), token.getExpiresIn());
    }

    @AfterAll
    static void stop() {
        emulator.close();
        world.close();
    }

    private static CustomFields rowKeyField(String rowKey) {
        TextCustomField field = new TextCustomField();
        field.setName("rowKey");
        field.setValue(rowKey);
        field.setShow("false");
        field.setRequired("false");
        CustomFields fields = new CustomFields();
        fields.setTextCustomFields(List.of(field));
        return fields;
    }

    private static EnvelopeDefinition fromTemplate(String rowKey) {
        TemplateRole signer = new TemplateRole();
        signer.setRoleName("signer");
        signer.setName("Sam Signer");
        signer.setEmail("sam.signer@example.com");
        Text startDate = new Text();
        startDate.setTabLabel("startDate");
        startDate.setValue("2027-01-04");
        Tabs tabs = new Tabs();
        tabs.setTextTabs(List.of(startDate));
        signer.setTabs(tabs);
        TemplateRole cc = new TemplateRole();
        cc.setRoleName("cc");
        cc.setName("Cee Cee");
        cc.setEmail("cee.cee@example.com");
        EnvelopeDefinition definition = new EnvelopeDefinition();
        definition.setTemplateId(emulator.templateId());
        definition.setTemplateRoles(List.of(signer, cc));
        definition.setTransactionId(rowKey);
        definition.setCustomFields(rowKeyField(rowKey));
        definition.setStatus("sent");
        return definition;
    }

    @Test
    void createsFromTheTemplateAndFindsItByTransactionIdWithItsCustomFields() throws Exception {
        EnvelopesApi envelopes = new EnvelopesApi(apiClient);
        EnvelopeSummary summary = envelopes.createEnvelope(accountId, fromTemplate("HR-1001"));

        assertThat(summary.getStatus()).isEqualTo("sent");
        assertThat(summary.getUri()).isEqualTo("/envelopes/" + summary.getEnvelopeId());
        assertThat(summary.getStatusDateTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");

        EnvelopesApi.ListStatusChangesOptions options = envelopes.new ListStatusChangesOptions();
        options.setFromDate(LocalDate.now().minusDays(1).toString());
        options.setTransactionIds("HR-1001");
        options.setInclude("custom_fields");
        EnvelopesInformation found = envelopes.listStatusChanges(accountId, options);

        assertThat(found.getResultSetSize()).isEqualTo("1");
        assertThat(found.getEnvelopes()).singleElement().satisfies(e -> {
            assertThat(e.getEnvelopeId()).isEqualTo(summary.getEnvelopeId());
            assertThat(e.getStatus()).isEqualTo("sent");
            assertThat(e.getCustomFields().getTextCustomFields()).extracting(TextCustomField::getName, TextCustomField::getValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("rowKey", "HR-1001"));
        });
    }

    @Test
    void followsAnEnvelopeToCompletionAndDownloadsTheCombinedPdf() throws Exception {
        EnvelopesApi envelopes = new EnvelopesApi(apiClient);
        String id = envelopes.createEnvelope(accountId, fromTemplate("HR-1002")).getEnvelopeId();
        world.handleControl("POST", "/envelopes/" + id + "/complete", Map.of(), new byte[0]);

        EnvelopesApi.GetEnvelopeOptions include = envelopes.new GetEnvelopeOptions();
        include.setInclude("recipients,custom_fields");
        Envelope envelope = envelopes.getEnvelope(accountId, id, include);
        byte[] combined = envelopes.getDocument(accountId, id, "combined");
        byte[] certificate = envelopes.getDocument(accountId, id, "certificate");

        assertThat(envelope.getStatus()).isEqualTo("completed");
        assertThat(envelope.getCompletedDateTime()).isNotBlank();
        assertThat(envelope.getRecipients().getSigners()).singleElement()
                .satisfies(s -> assertThat(s.getStatus()).isEqualTo("completed"));
        assertThat(envelope.getRecipients().getCarbonCopies()).singleElement()
                .satisfies(c -> assertThat(c.getEmail()).isEqualTo("cee.cee@example.com"));
        assertThat(new String(combined, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(new String(combined, StandardCharsets.ISO_8859_1).trim()).endsWith("%%EOF");
        assertThat(new String(certificate, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    }

    @Test
    void createsFromADocumentWithPositionedTabs() throws Exception {
        EnvelopesApi envelopes = new EnvelopesApi(apiClient);
        String templateEnvelope = envelopes.createEnvelope(accountId, fromTemplate("HR-1003")).getEnvelopeId();
        byte[] pdf = envelopes.getDocument(accountId, templateEnvelope, "certificate");

        Document document = new Document();
        document.setDocumentBase64(Base64.getEncoder().encodeToString(pdf));
        document.setName("Contract.pdf");
        document.setFileExtension("pdf");
        document.setDocumentId("1");
        SignHere signHere = new SignHere();
        signHere.setDocumentId("1");
        signHere.setPageNumber("1");
        signHere.setXPosition("100");
        signHere.setYPosition("150");
        Tabs tabs = new Tabs();
        tabs.setSignHereTabs(List.of(signHere));
        Signer signer = new Signer();
        signer.setEmail("doc.signer@example.com");
        signer.setName("Doc Signer");
        signer.setRecipientId("1");
        signer.setRoutingOrder("1");
        signer.setTabs(tabs);
        CarbonCopy cc = new CarbonCopy();
        cc.setEmail("legal@example.com");
        cc.setName("Legal");
        cc.setRecipientId("2");
        cc.setRoutingOrder("2");
        Recipients recipients = new Recipients();
        recipients.setSigners(List.of(signer));
        recipients.setCarbonCopies(List.of(cc));
        EnvelopeDefinition definition = new EnvelopeDefinition();
        definition.setEmailSubject("Please sign the contract");
        definition.setDocuments(List.of(document));
        definition.setRecipients(recipients);
        definition.setStatus("sent");

        EnvelopeSummary summary = envelopes.createEnvelope(accountId, definition);
        byte[] original = envelopes.getDocument(accountId, summary.getEnvelopeId(), "1");

        assertThat(summary.getStatus()).isEqualTo("sent");
        assertThat(original).isEqualTo(pdf);
    }

    @Test
    void aValidationErrorReachesTheSdkAsDocuSignsErrorBody() {
        EnvelopesApi envelopes = new EnvelopesApi(apiClient);
        EnvelopeDefinition noSubject = new EnvelopeDefinition();
        noSubject.setStatus("sent");

        assertThatThrownBy(() -> envelopes.createEnvelope(accountId, noSubject)).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).getCode()).isEqualTo(400);
                    assertThat(((ApiException) e).getResponseBody()).contains("\"errorCode\":\"ENVELOPE_IS_INCOMPLETE\"");
                });
    }
}
