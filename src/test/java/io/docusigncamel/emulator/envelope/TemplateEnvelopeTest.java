package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.MAPPER;
import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateEnvelopeTest {

    private static final String TEMPLATE_ID = "8f7e6d5c-0000-4000-8000-000000000001";

    private final MutableClock clock = MutableClock.at("2024-03-01T10:00:00Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    @BeforeEach
    void registerTemplate() {
        world.registerTemplate(TEMPLATE_ID, "Employment offer", List.of("signer"), List.of("cc"), List.of("startDate", "salary"));
    }

    private static ObjectNode fromTemplate(String templateId) {
        ObjectNode definition = MAPPER.createObjectNode();
        definition.put("templateId", templateId);
        definition.put("status", "sent");
        ArrayNode roles = definition.putArray("templateRoles");
        ObjectNode signer = roles.addObject().put("roleName", "signer").put("name", "Sam Signer").put("email", "signer@example.com");
        ArrayNode textTabs = signer.putObject("tabs").putArray("textTabs");
        textTabs.addObject().put("tabLabel", "startDate").put("value", "2024-04-01");
        textTabs.addObject().put("tabLabel", "salary").put("value", 85000);
        textTabs.addObject().put("tabLabel", "notInTemplate").put("value", "ignored");
        roles.addObject().put("roleName", "cc").put("name", "Cee Cee").put("email", "cc@example.com");
        return definition;
    }

    @Test
    void createsAnEnvelopeFromARegisteredTemplateWithItsSubjectAndADocument() {
        String id = client.create(fromTemplate(TEMPLATE_ID));

        JsonNode envelope = client.envelope(id, "include=recipients,documents");
        assertThat(envelope.get("status").asText()).isEqualTo("sent");
        assertThat(envelope.get("emailSubject").asText()).isEqualTo("Please DocuSign: Employment offer");
        assertThat(envelope.get("envelopeDocuments").get(0).get("name").asText()).isEqualTo("Employment offer");
        JsonNode signers = envelope.get("recipients").get("signers");
        assertThat(signers).hasSize(1);
        assertThat(signers.get(0).get("roleName").asText()).isEqualTo("signer");
        assertThat(signers.get(0).get("recipientId").asText()).isEqualTo("1");
        JsonNode carbonCopies = envelope.get("recipients").get("carbonCopies");
        assertThat(carbonCopies).hasSize(1);
        assertThat(carbonCopies.get(0).get("roleName").asText()).isEqualTo("cc");
        assertThat(carbonCopies.get(0).get("recipientId").asText()).isEqualTo("2");
        assertThat(client.controlView(id).get("templateId").asText()).isEqualTo(TEMPLATE_ID);
    }

    @Test
    void theDefinitionsSubjectOverridesTheTemplates() {
        String id = client.create(fromTemplate(TEMPLATE_ID).put("emailSubject", "Your offer"));

        assertThat(client.envelope(id, "").get("emailSubject").asText()).isEqualTo("Your offer");
    }

    @Test
    void prefillsTheTemplatesTextTabsAndIgnoresUnknownLabels() {
        String id = client.create(fromTemplate(TEMPLATE_ID));

        JsonNode textTabs = client.envelope(id, "include=recipients,tabs").get("recipients").get("signers").get(0)
                .get("tabs").get("textTabs");
        assertThat(textTabs).hasSize(2);
        assertThat(textTabs.get(0).get("tabLabel").asText()).isEqualTo("startDate");
        assertThat(textTabs.get(0).get("value").asText()).isEqualTo("2024-04-01");
        assertThat(textTabs.get(1).get("tabLabel").asText()).isEqualTo("salary");
        assertThat(textTabs.get(1).get("value").isTextual()).isTrue();
        assertThat(textTabs.get(1).get("value").asText()).isEqualTo("85000");
        assertThat(client.controlView(id).get("recipients").get("signers").get(0).get("tabs").get("textTabs").get(0)
                .get("value").asText()).isEqualTo("2024-04-01");
    }

    @Test
    void refusesAnUnknownTemplateId() {
        JsonNode error = assertError(client.post("/envelopes", fromTemplate("no-such-template")), 400, "TEMPLATE_ID_INVALID");
        assertThat(error.get("message").asText()).contains("no-such-template");
    }

    @Test
    void roleNamesAreCaseSensitive() {
        ObjectNode definition = fromTemplate(TEMPLATE_ID);
        ((ObjectNode) definition.get("templateRoles").get(0)).put("roleName", "Signer");

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "INVALID_REQUEST_PARAMETER");
        assertThat(error.get("message").asText()).contains("'Signer'").contains("case-sensitive");
    }

    @Test
    void sendingFailsWhenATemplateRoleHasNoRecipient() {
        ObjectNode definition = fromTemplate(TEMPLATE_ID);
        ((ArrayNode) definition.get("templateRoles")).remove(1);

        JsonNode error = assertError(client.post("/envelopes", definition), 400, "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT");
        assertThat(error.get("message").asText()).endsWith("Recipient Id: 2");

        assertThat(json(client.post("/envelopes", definition.put("status", "created"))).get("status").asText()).isEqualTo("created");
    }

    @Test
    void templatesAreRegisteredAndListedThroughTheControlApi() {
        EmulatorResponse registered = client.control("POST", "/templates", "{\"templateId\":\"t-2\",\"name\":\"NDA\","
                + "\"roles\":[\"signer\",{\"roleName\":\"copy\",\"recipientType\":\"carbonCopy\"}],\"textTabs\":[\"company\"]}");

        assertThat(registered.status()).isEqualTo(201);
        JsonNode templates = json(client.control("GET", "/templates", null)).get("templates");
        assertThat(templates).hasSize(2);
        JsonNode nda = templates.get(1);
        assertThat(nda.get("templateId").asText()).isEqualTo("t-2");
        assertThat(nda.get("roles").get(1).get("recipientType").asText()).isEqualTo("carboncopy");

        ObjectNode definition = MAPPER.createObjectNode().put("templateId", "t-2").put("status", "sent");
        definition.putArray("templateRoles").addObject().put("roleName", "signer").put("name", "A").put("email", "a@example.com");
        ((ArrayNode) definition.get("templateRoles")).addObject().put("roleName", "copy").put("name", "B").put("email", "b@example.com");
        String id = client.create(definition);
        assertThat(client.envelope(id, "include=recipients").get("recipients").get("carbonCopies").get(0).get("roleName").asText())
                .isEqualTo("copy");
    }

    @Test
    void templatesSurviveReset() {
        client.create(fromTemplate(TEMPLATE_ID));
        world.reset();

        assertThat(world.envelopeCount()).isZero();
        assertThat(client.post("/envelopes", fromTemplate(TEMPLATE_ID)).status()).isEqualTo(201);
    }

    @Test
    void refusesATemplateWithoutRoles() {
        assertError(client.control("POST", "/templates", "{\"name\":\"x\",\"roles\":[]}"), 400, "INVALID_REQUEST_PARAMETER");
    }
}
