package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.emulator.EmulatorResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The test-only control API of the envelope world (under {@code /emulator}): inspect envelopes with everything
 * the emulator knows, move them through {@code sent → delivered → completed}, decline or void them, and register
 * templates. Errors use DocuSign's {@code {"errorCode","message"}} body so one client can read both APIs.
 * Thread-safe; it holds no state of its own.
 *
 * <pre>
 * GET    /envelopes[?status=&amp;transactionId=&amp;accountId=]   all envelopes, oldest first
 * DELETE /envelopes                                          forget all envelopes and counters
 * GET    /envelopes/counters                                 status GETs and downloads, in total and per envelope
 * GET    /envelopes/{id}
 * POST   /envelopes/{id}/advance                             one step: sent → delivered → completed
 * POST   /envelopes/{id}/complete                            straight to completed
 * POST   /envelopes/{id}/decline   {"reason":"...","recipientId":"1"}   (recipientId optional)
 * POST   /envelopes/{id}/void      {"reason":"..."}
 * GET    /templates
 * POST   /templates  {"templateId","name","emailSubject","roles":["signer",{"roleName":"cc","recipientType":"carbonCopy"}],"textTabs":["startDate"]}
 * PUT|GET|DELETE /connect                                  the Connect emitter, see {@link ConnectControl}
 * </pre>
 */
final class EnvelopeControl {

    private final EnvelopeWorld world;
    private final ObjectMapper mapper;
    private final ConnectControl connect;

    EnvelopeControl(EnvelopeWorld world, ObjectMapper mapper) {
        this.world = world;
        this.mapper = mapper;
        this.connect = new ConnectControl(world, mapper);
    }

    EmulatorResponse handle(String method, List<String> path, Map<String, List<String>> query, byte[] body) {
        if (path.isEmpty()) {
            throw EnvelopeWorld.notServed(method, path);
        }
        if (path.get(0).equals("templates") && path.size() == 1) {
            return switch (method) {
                case "GET" -> listTemplates();
                case "POST" -> registerTemplate(body);
                default -> throw EnvelopeWorld.notServed(method, path);
            };
        }
        if (path.get(0).equals("connect")) {
            return connect.handle(method, path, body);
        }
        if (!path.get(0).equals("envelopes")) {
            throw EnvelopeWorld.notServed(method, path);
        }
        if (path.size() == 1) {
            return switch (method) {
                case "GET" -> listEnvelopes(query);
                case "DELETE" -> {
                    world.reset();
                    yield world.json(200, mapper.createObjectNode().put("envelopes", world.envelopeCount()));
                }
                default -> throw EnvelopeWorld.notServed(method, path);
            };
        }
        if (path.size() == 2 && path.get(1).equals("counters") && method.equals("GET")) {
            return counters();
        }
        EnvelopeRecord envelope = world.envelope(path.get(1));
        if (envelope == null) {
            throw new RestFailure(404, "ENVELOPE_DOES_NOT_EXIST", "The emulator holds no envelope " + path.get(1) + ".");
        }
        if (path.size() == 2 && method.equals("GET")) {
            return world.json(200, EnvelopeJson.controlView(envelope));
        }
        if (path.size() != 3 || !method.equals("POST")) {
            throw EnvelopeWorld.notServed(method, path);
        }
        Function<EnvelopeRecord, StatusChange> transition = switch (path.get(2)) {
            case "advance" -> e -> e.advance(world.now());
            case "complete" -> e -> e.complete(world.now());
            case "decline" -> {
                JsonNode json = body.length == 0 ? mapper.createObjectNode() : world.readObject(body);
                String reason = LenientJson.text(json, "reason");
                String recipientId = LenientJson.nonBlank(json, "recipientId");
                yield e -> e.decline(world.now(), reason == null ? "" : reason, recipientId);
            }
            case "void" -> {
                JsonNode json = body.length == 0 ? mapper.createObjectNode() : world.readObject(body);
                String reason = LenientJson.nonBlank(json, "reason");
                if (reason == null) {
                    throw RestFailure.invalidParameter("Voiding needs a reason: {\"reason\":\"...\"}.");
                }
                yield e -> e.voidEnvelope(world.now(), reason);
            }
            default -> throw EnvelopeWorld.notServed(method, path);
        };
        world.change(envelope, transition);
        return world.json(200, EnvelopeJson.controlView(envelope));
    }

    private EmulatorResponse listEnvelopes(Map<String, List<String>> query) {
        String status = EnvelopeWorld.firstValue(query, "status");
        String transactionId = EnvelopeWorld.firstValue(query, "transactionId");
        String accountId = EnvelopeWorld.firstValue(query, "accountId");
        List<EnvelopeRecord> chosen = new ArrayList<>();
        for (EnvelopeRecord envelope : world.envelopes()) {
            if ((status.isEmpty() || envelope.state().status().equalsIgnoreCase(status))
                    && (transactionId.isEmpty() || transactionId.equals(envelope.content().transactionId()))
                    && (accountId.isEmpty() || accountId.equals(envelope.accountId()))) {
                chosen.add(envelope);
            }
        }
        chosen.sort(Comparator.comparingLong(EnvelopeRecord::sequence));
        ObjectNode json = mapper.createObjectNode();
        ArrayNode list = json.putArray("envelopes");
        chosen.forEach(envelope -> list.add(EnvelopeJson.controlView(envelope)));
        return world.json(200, json);
    }

    /** Read counters in total and per envelope, so a test can assert how a client polled. */
    private EmulatorResponse counters() {
        List<EnvelopeRecord> all = new ArrayList<>(world.envelopes());
        all.sort(Comparator.comparingLong(EnvelopeRecord::sequence));
        ObjectNode json = mapper.createObjectNode();
        json.put("totalStatusGets", world.totalStatusGets());
        json.put("totalDocumentDownloads", world.totalDocumentDownloads());
        ObjectNode perEnvelope = json.putObject("envelopes");
        for (EnvelopeRecord envelope : all) {
            perEnvelope.set(envelope.envelopeId(), envelope.counters().toJson());
        }
        return world.json(200, json);
    }

    private EmulatorResponse listTemplates() {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode list = json.putArray("templates");
        world.templates().stream().sorted(Comparator.comparing(Template::templateId))
                .forEach(template -> list.add(templateJson(template)));
        return world.json(200, json);
    }

    private EmulatorResponse registerTemplate(byte[] body) {
        JsonNode json = world.readObject(body);
        String templateId = LenientJson.nonBlank(json, "templateId");
        String name = LenientJson.nonBlank(json, "name");
        name = name == null ? "Template" : name;
        String subject = LenientJson.nonBlank(json, "emailSubject");
        List<TemplateRole> roles = new ArrayList<>();
        for (JsonNode role : LenientJson.array(json, "roles")) {
            String roleName = role.isObject() ? LenientJson.nonBlank(role, "roleName") : role.asText();
            String typeText = role.isObject() ? LenientJson.nonBlank(role, "recipientType") : null;
            RecipientType type = typeText == null ? RecipientType.SIGNER : RecipientType.parse(typeText);
            if (roleName == null || roleName.isBlank() || type == null) {
                throw RestFailure.invalidParameter("Each role needs a roleName and, optionally, a recipientType of "
                        + "signer, carbonCopy or certifiedDelivery: " + role);
            }
            roles.add(new TemplateRole(roleName, type));
        }
        if (roles.isEmpty()) {
            throw RestFailure.invalidParameter("A template needs at least one role: {\"roles\":[\"signer\"]}.");
        }
        List<String> textTabs = new ArrayList<>();
        for (JsonNode tab : LenientJson.array(json, "textTabs")) {
            String label = tab.isObject() ? LenientJson.nonBlank(tab, "tabLabel") : tab.asText();
            if (label == null || label.isBlank()) {
                throw RestFailure.invalidParameter("Each text tab needs a label: " + tab);
            }
            textTabs.add(label);
        }
        Template template = new Template(templateId == null ? UUID.randomUUID().toString() : templateId, name,
                subject == null ? "Please DocuSign: " + name : subject, roles, textTabs);
        world.registerTemplate(template);
        return world.json(201, templateJson(template));
    }

    private ObjectNode templateJson(Template template) {
        ObjectNode json = mapper.createObjectNode();
        json.put("templateId", template.templateId());
        json.put("name", template.name());
        json.put("emailSubject", template.emailSubject());
        ArrayNode roles = json.putArray("roles");
        for (TemplateRole role : template.roles()) {
            roles.addObject().put("roleName", role.roleName()).put("recipientType", role.recipientType().typeName());
        }
        ArrayNode tabs = json.putArray("textTabs");
        template.textTabLabels().forEach(tabs::add);
        return json;
    }
}
