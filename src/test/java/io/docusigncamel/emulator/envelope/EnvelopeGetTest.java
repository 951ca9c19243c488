package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.fieldNames;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertNoNonStringScalars;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeGetTest {

    private final MutableClock clock = MutableClock.at("2025-05-02T15:40:39.587Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    @Test
    void returnsTheEnvelopeShapeWithRelativeUrisStringsAndSortedKeys() {
        String id = client.create(sentDefinition().put("transactionId", "tx-1"));

        JsonNode envelope = client.envelope(id, "");

        String uri = "/envelopes/" + id;
        assertThat(envelope.get("envelopeId").asText()).isEqualTo(id);
        assertThat(envelope.get("envelopeUri").asText()).isEqualTo(uri);
        assertThat(envelope.get("documentsUri").asText()).isEqualTo(uri + "/documents");
        assertThat(envelope.get("recipientsUri").asText()).isEqualTo(uri + "/recipients");
        assertThat(envelope.get("certificateUri").asText()).isEqualTo(uri + "/documents/certificate");
        assertThat(envelope.get("documentsCombinedUri").asText()).isEqualTo(uri + "/documents/combined");
        assertThat(envelope.get("customFieldsUri").asText()).isEqualTo(uri + "/custom_fields");
        assertThat(envelope.get("status").asText()).isEqualTo("sent");
        assertThat(envelope.get("emailSubject").asText()).isEqualTo("Please sign this document set");
        assertThat(envelope.get("transactionId").asText()).isEqualTo("tx-1");
        assertThat(envelope.get("createdDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        assertThat(envelope.get("sentDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        assertThat(envelope.get("initialSentDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        assertThat(envelope.get("statusChangedDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        assertThat(envelope.get("lastModifiedDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        assertThat(envelope.has("deliveredDateTime")).isFalse();
        assertThat(envelope.has("completedDateTime")).isFalse();
        assertThat(envelope.has("voidedReason")).isFalse();
        assertThat(envelope.has("customFields")).isFalse();
        assertThat(envelope.has("recipients")).isFalse();
        List<String> names = fieldNames(envelope);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertThat(names).isEqualTo(sorted);
        assertNoNonStringScalars(envelope);
    }

    @Test
    void aDraftHasNoSentTimes() {
        String id = client.create(sentDefinition().put("status", "created"));

        JsonNode envelope = client.envelope(id, "");
        assertThat(envelope.get("status").asText()).isEqualTo("created");
        assertThat(envelope.has("sentDateTime")).isFalse();
        assertThat(envelope.has("createdDateTime")).isTrue();
    }

    @Test
    void includeAddsCustomFieldsRecipientsTabsAndDocuments() {
        String id = client.create(sentDefinition());

        JsonNode envelope = client.envelope(id, "include=custom_fields,recipients,tabs,documents");

        JsonNode field = envelope.get("customFields").get("textCustomFields").get(0);
        assertThat(field.get("name").asText()).isEqualTo("caseId");
        assertThat(field.get("value").asText()).isEqualTo("ABC-123");
        JsonNode signer = envelope.get("recipients").get("signers").get(0);
        assertThat(signer.get("status").asText()).isEqualTo("sent");
        assertThat(signer.get("email").asText()).isEqualTo("signer@example.com");
        assertThat(signer.get("tabs").get("signHereTabs").get(0).get("pageNumber").asText()).isEqualTo("2");
        assertThat(envelope.get("recipients").get("carbonCopies").get(0).get("recipientType").asText()).isEqualTo("carboncopy");
        assertThat(envelope.get("envelopeDocuments")).hasSize(2);

        JsonNode withoutTabs = client.envelope(id, "include=recipients");
        assertThat(withoutTabs.get("recipients").get("signers").get(0).has("tabs")).isFalse();
    }

    @Test
    void recipientsAndCustomFieldsHaveTheirOwnEndpoints() {
        String id = client.create(sentDefinition());

        JsonNode recipients = EmulatorClient.json(client.get("/envelopes/" + id + "/recipients", "include_tabs=true"));
        JsonNode fields = EmulatorClient.json(client.get("/envelopes/" + id + "/custom_fields", ""));

        assertThat(recipients.get("signers").get(0).get("tabs").get("signHereTabs")).hasSize(1);
        assertThat(fields.get("textCustomFields").get(0).get("name").asText()).isEqualTo("caseId");
    }

    @Test
    void anUnknownEnvelopeIsEnvelopeDoesNotExistWith404ByDefault() {
        JsonNode error = assertError(client.get("/envelopes/00000000-0000-0000-0000-000000000000", ""), 404, "ENVELOPE_DOES_NOT_EXIST");
        assertThat(error.get("message").asText()).contains("does not exist");
    }

    @Test
    void theNotFoundStatusIsConfigurable() {
        EnvelopeWorld strict = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withMissingEnvelopeStatus(400)
                .withTickInterval(Duration.ZERO));

        assertError(new EmulatorClient(strict).get("/envelopes/nope", ""), 400, "ENVELOPE_DOES_NOT_EXIST");
    }

    @Test
    void anotherAccountCannotSeeTheEnvelope() {
        String id = client.create(sentDefinition());

        assertError(world.handleRest("GET", "other-account", "/envelopes/" + id, Map.of(), new byte[0]), 404, "ENVELOPE_DOES_NOT_EXIST");
    }

    @Test
    void voidingOverRestNeedsAReasonAndIsShownOnGet() {
        String id = client.create(sentDefinition());

        assertError(client.rest("PUT", "/envelopes/" + id, "", "{\"status\":\"voided\"}"), 400, "INVALID_REQUEST_PARAMETER");
        clock.advance(Duration.ofMinutes(5));
        assertThat(client.rest("PUT", "/envelopes/" + id, "", "{\"status\":\"voided\",\"voidedReason\":\"Wrong address\"}").status())
                .isEqualTo(200);

        JsonNode envelope = client.envelope(id, "");
        assertThat(envelope.get("status").asText()).isEqualTo("voided");
        assertThat(envelope.get("voidedReason").asText()).isEqualTo("Wrong address");
        assertThat(envelope.get("voidedDateTime").asText()).isEqualTo("2025-05-02T15:45:39.5870000Z");
    }

    @Test
    void unservedPathsAnswer404() {
        assertError(client.get("/folders", ""), 404, "RESOURCE_NOT_FOUND");
        assertError(client.rest("DELETE", "/envelopes", "", null), 404, "RESOURCE_NOT_FOUND");
    }
}
