package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.MAPPER;
import static io.docusigncamel.emulator.envelope.EmulatorClient.fieldNames;
import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EmulatorClient.signHereTab;
import static io.docusigncamel.emulator.envelope.EmulatorClient.signer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCreateTest {

    private final MutableClock clock = MutableClock.at("2019-06-17T23:57:06.103Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    @Test
    void answers201WithTheFourSummaryKeysInDocuSignsOrder() {
        EmulatorResponse response = client.post("/envelopes", sentDefinition());

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode summary = json(response);
        assertThat(fieldNames(summary)).containsExactly("envelopeId", "uri", "statusDateTime", "status");
        String id = summary.get("envelopeId").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(summary.get("uri").asText()).isEqualTo("/envelopes/" + id);
        assertThat(summary.get("statusDateTime").asText()).isEqualTo("2019-06-17T23:57:06.1030000Z");
        assertThat(summary.get("status").asText()).isEqualTo("sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sent", "SENT", "sent"})
    void acceptsSentInAnyCase(String status) {
        ObjectNode definition = sentDefinition().put("status", status);

        assertThat(json(client.post("/envelopes", definition)).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void savesADraftWhenStatusIsCreatedOrAbsentEvenWithoutSubjectDocumentsOrRecipients() {
        ObjectNode absent = MAPPER.createObjectNode();
        ObjectNode created = MAPPER.createObjectNode().put("status", "Created");

        assertThat(json(client.post("/envelopes", absent)).get("status").asText()).isEqualTo("created");
        assertThat(json(client.post("/envelopes", created)).get("status").asText()).isEqualTo("created");
    }

    @Test
    void refusesAnyOtherCreateStatus() {
        assertError(client.post("/envelopes", sentDefinition().put("status", "completed")), 400, "ENVELOPE_INVALID_STATUS");
    }

    @Test
    void refusesMalformedJsonAndAnEmptyBody() {
        assertError(client.rest("POST", "/envelopes", "", "{\"status\": \"sent\","), 400, "INVALID_REQUEST_BODY");
        assertError(client.rest("POST", "/envelopes", "", ""), 400, "INVALID_REQUEST_BODY");
        assertError(client.rest("POST", "/envelopes", "", "[1,2]"), 400, "INVALID_REQUEST_BODY");
        assertThat(json(client.rest("POST", "/envelopes", "", "{")).get("message").asText())
                .startsWith("The request body is missing or improperly formatted.");
    }

    @Test
    void sendingWithoutSubjectDocumentsOrRecipientsIsIncompleteWithDocuSignsMessage() {
        ObjectNode noSubject = sentDefinition();
        noSubject.remove("emailSubject");
        ObjectNode noDocuments = sentDefinition();
        noDocuments.remove("documents");
        ObjectNode noRecipients = sentDefinition();
        noRecipients.remove("recipients");

        for (ObjectNode definition : new ObjectNode[] {noSubject, noDocuments, noRecipients}) {
            JsonNode error = assertError(client.post("/envelopes", definition), 400, "ENVELOPE_IS_INCOMPLETE");
            assertThat(error.get("message").asText()).isEqualTo(
                    "The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.");
        }
    }

    @Test
    void refusesASubjectLongerThan100Characters() {
        assertThat(json(client.post("/envelopes", sentDefinition().put("emailSubject", "x".repeat(100)))).get("status").asText())
                .isEqualTo("sent");
        assertError(client.post("/envelopes", sentDefinition().put("emailSubject", "x".repeat(101))), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void refusesDuplicateRecipientIdsAcrossRecipientTypes() {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("recipients").get("carbonCopies").get(0)).put("recipientId", "1");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "ENVELOPE_HAS_DUPLICATE_RECIPIENTS");
        assertThat(error.get("message").asText()).isEqualTo("The specified envelope has duplicate recipients.");
    }

    @Test
    void refusesAnInvalidEmailNamingTheRecipientId() {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("recipients").get("carbonCopies").get(0)).put("email", "cc-at-example.com");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT");
        assertThat(error.get("message").asText())
                .isEqualTo("The email address for the recipient is invalid. The recipient Id follows. Recipient Id: 2");
    }

    @Test
    void refusesATabOnAMissingDocument() {
        ObjectNode definition = sentDefinition();
        signHereTab(definition).put("documentId", "2");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "TAB_REFERS_TO_MISSING_DOCUMENT");
        assertThat(error.get("message").asText()).isEqualTo("The DocumentId specified in the tab element does not refer to a "
                + "document in this envelope. Tab refers to DocumentId 2 which is not present.");
    }

    @Test
    void refusesATabOnAPageTheUploadedPdfDoesNotHave() {
        ObjectNode definition = sentDefinition();
        signHereTab(definition).put("pageNumber", "3");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "TAB_PAGENUMBER_IS_NOT_IN_DOCUMENT");
        assertThat(error.get("message").asText()).isEqualTo("The pagenumber specified in the tab element is not in the "
                + "document that the tab refers to. Tab on Page 3 of Document 1 for Recipient 1");
    }

    @Test
    void refusesNegativeTabPositions() {
        ObjectNode definition = sentDefinition();
        signHereTab(definition).put("xPosition", "-5");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "INVALID_REQUEST_PARAMETER");
        assertThat(error.get("message").asText()).isEqualTo("The request contained at least one invalid parameter. "
                + "Invalid value for xPosition, must be greater than or equal to 0.");

        ObjectNode negativeY = sentDefinition();
        signHereTab(negativeY).put("yPosition", -1);
        assertError(client.post("/envelopes", negativeY), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void acceptsAnchorTabsWithoutDocumentAndPage() {
        ObjectNode definition = sentDefinition();
        ObjectNode tab = signHereTab(definition);
        tab.removeAll();
        tab.put("anchorString", "/sn1/").put("anchorXOffset", "10");

        assertThat(client.post("/envelopes", definition).status()).isEqualTo(201);
    }

    @Test
    void refusesDocumentBytesThatAreNotBase64() {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("documents").get(0)).put("documentBase64", "not*base64!");

        assertError(client.post("/envelopes", definition), 400, "UNSPECIFIED_ERROR");
    }

    @Test
    void acceptsBooleansAndNumbersForScalarsAndEmitsStrings() throws Exception {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("documents").get(0)).put("documentId", 1);
        signer(definition).put("recipientId", 1).put("routingOrder", 1);
        signHereTab(definition).put("documentId", 1).put("pageNumber", 2).put("xPosition", 191).put("yPosition", 148.5);
        ((ObjectNode) definition.get("customFields").get("textCustomFields").get(0)).put("show", true).put("required", false);

        String id = client.create(definition);
        JsonNode envelope = client.envelope(id, "include=recipients,tabs,custom_fields");

        JsonNode field = envelope.get("customFields").get("textCustomFields").get(0);
        assertThat(field.get("show").isTextual()).isTrue();
        assertThat(field.get("show").asText()).isEqualTo("true");
        assertThat(field.get("required").asText()).isEqualTo("false");
        JsonNode signer = envelope.get("recipients").get("signers").get(0);
        assertThat(signer.get("recipientId").asText()).isEqualTo("1");
        assertThat(signer.get("routingOrder").isTextual()).isTrue();
        JsonNode tab = signer.get("tabs").get("signHereTabs").get(0);
        assertThat(tab.get("pageNumber").isTextual()).isTrue();
        assertThat(tab.get("yPosition").asText()).isEqualTo("148.5");
        assertNoNonStringScalars(envelope);
    }

    @Test
    void keepsTransactionIdCustomFieldsBlurbAndTheReceivedDefinitionForTheControlView() {
        ObjectNode definition = sentDefinition().put("transactionId", "tx-42");
        ObjectNode list = ((ObjectNode) definition.get("customFields")).putArray("listCustomFields").addObject();
        list.put("name", "region").put("value", "West").putArray("listItems").add("West").add("East");

        String id = client.create(definition);
        JsonNode view = client.controlView(id);

        assertThat(view.get("transactionId").asText()).isEqualTo("tx-42");
        assertThat(view.get("emailBlurb").asText()).isEqualTo("Hello");
        assertThat(view.get("customFields").get("textCustomFields").get(0).get("value").asText()).isEqualTo("ABC-123");
        assertThat(view.get("customFields").get("listCustomFields").get(0).get("listItems").get(1).asText()).isEqualTo("East");
        assertThat(view.get("definition").get("transactionId").asText()).isEqualTo("tx-42");
        assertThat(view.get("definition").get("documents").get(0).get("documentBase64").asText()).contains("kept as document bytes");
        assertThat(view.get("recipients").get("carbonCopies").get(0).get("email").asText()).isEqualTo("cc@example.com");
        assertThat(view.get("documents").get(0).get("pages").asInt()).isEqualTo(2);
    }

    @Test
    void refusesCustomFieldValuesLongerThan100Characters() {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("customFields").get("textCustomFields").get(0)).put("value", "v".repeat(101));

        assertError(client.post("/envelopes", definition), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void keepsCertifiedDeliveriesAsRecipients() {
        ObjectNode definition = sentDefinition();
        ((ObjectNode) definition.get("recipients")).putArray("certifiedDeliveries").addObject()
                .put("email", "cd@example.com").put("name", "Cert Del").put("recipientId", "3");

        String id = client.create(definition);
        JsonNode recipients = client.envelope(id, "include=recipients").get("recipients");

        assertThat(recipients.get("certifiedDeliveries").get(0).get("recipientType").asText()).isEqualTo("certifieddelivery");
        assertThat(recipients.get("recipientCount").asText()).isEqualTo("3");
    }

    static JsonNode assertError(EmulatorResponse response, int status, String errorCode) {
        assertThat(response.status()).as(response.bodyText()).isEqualTo(status);
        JsonNode error = json(response);
        assertThat(fieldNames(error)).containsExactly("errorCode", "message");
        assertThat(error.get("errorCode").asText()).isEqualTo(errorCode);
        return error;
    }

    static void assertNoNonStringScalars(JsonNode node) {
        if (node.isContainerNode()) {
            node.forEach(EnvelopeCreateTest::assertNoNonStringScalars);
        } else {
            assertThat(node.isTextual()).as("scalar %s must be a string", node).isTrue();
        }
    }
}
