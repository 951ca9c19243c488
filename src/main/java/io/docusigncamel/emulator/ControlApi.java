package io.docusigncamel.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The emulator's test-only control API under {@code /emulator} (documented in CONTROL-API.md): JSON in, JSON out,
 * no authentication (the server listens on loopback only). Each endpoint maps onto one of
 * {@link DocuSignEmulator}'s Java control methods, so in-process tests and other tools' scripts drive the same
 * behaviour. Envelope, template and Connect calls are forwarded to the envelope world. Thread-safe: stateless.
 */
final class ControlApi {

    static final String PREFIX = "/emulator";
    static final String CONSENT_CALLBACK = "/consent-callback";

    private final DocuSignEmulator emulator;
    private final EnvelopeEndpoints envelopes;

    ControlApi(DocuSignEmulator emulator, EnvelopeEndpoints envelopes) {
        this.emulator = emulator;
        this.envelopes = envelopes;
    }

    EmulatorResponse answer(IncomingRequest request) {
        String path = request.path().substring(PREFIX.length());
        String method = request.method();
        if (path.startsWith("/envelopes") || path.startsWith("/templates") || path.equals("/connect")
                || path.startsWith("/connect/")) {
            return envelopes.handleControl(method, path, request.query(), request.body());
        }
        try {
            return switch (method + " " + path) {
                case "GET /state" -> Json.ok(emulator.describe());
                case "POST /consent" -> consent(Json.readBody(request.body()));
                case "POST /keys" -> registerKey(Json.readBody(request.body()));
                case "POST /integrations" -> addIntegration(Json.readBody(request.body()));
                case "POST /tokens/expire" -> Json.ok(Map.of("expired", emulator.expireAllTokens()));
                case "GET /settings" -> Json.ok(emulator.settings().toJson());
                case "PUT /settings" -> updateSettings(Json.readBody(request.body()));
                case "GET /faults" -> Json.ok(faultsJson());
                case "POST /faults" -> addFault(Json.readBody(request.body()));
                case "DELETE /faults" -> {
                    emulator.clearFaults();
                    yield Json.ok(Map.of("faults", List.of()));
                }
                case "GET /requests" -> Json.ok(Map.of("requests", requests(request.param("limit"))));
                case "GET /counters" -> Json.ok(emulator.counters());
                case "POST /reset" -> {
                    emulator.reset();
                    yield Json.ok(Map.of("reset", true));
                }
                case "GET " + CONSENT_CALLBACK -> new EmulatorResponse(200, "text/plain; charset=utf-8",
                        ("Consent granted. The DocuSign emulator would hand this authorization code to your app; "
                                + "JWT Grant does not need it. You can close this page.\n")
                                .getBytes(StandardCharsets.UTF_8), Map.of());
                default -> {
                    if ("DELETE".equals(method) && path.startsWith("/faults/")) {
                        String id = path.substring("/faults/".length());
                        yield emulator.removeFault(id) ? Json.ok(Map.of("deleted", id))
                                : Json.controlError(404, "no fault with id " + id);
                    }
                    yield Json.controlError(404, "no control endpoint " + method + " " + PREFIX + path
                            + "; see CONTROL-API.md");
                }
            };
        } catch (Json.BadRequest | IllegalArgumentException e) {
            return Json.controlError(400, e.getMessage());
        } catch (IllegalStateException e) {
            return Json.controlError(409, e.getMessage());
        } catch (IOException e) {
            return Json.controlError(500, "cannot persist the emulator state: " + e.getMessage());
        }
    }

    private EmulatorResponse consent(JsonNode body) throws Json.BadRequest, IOException {
        String ik = text(body, "integrationKey", emulator.integrationKey());
        String userId = text(body, "userId", emulator.userId());
        if (!body.has("granted") || !body.get("granted").isBoolean()) {
            throw new Json.BadRequest("granted must be true or false");
        }
        if (body.get("granted").booleanValue()) {
            Set<String> scopes = new TreeSet<>(JwtGrant.REQUIRED_CONSENT);
            if (body.has("scopes")) {
                scopes = new TreeSet<>(strings(body, "scopes"));
            }
            emulator.grantConsent(ik, userId, scopes);
        } else {
            emulator.revokeConsent(ik, userId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("integrationKey", ik);
        out.put("userId", userId);
        out.put("scopes", emulator.consentedScopes(ik, userId));
        return Json.ok(out);
    }

    private EmulatorResponse registerKey(JsonNode body) throws Json.BadRequest, IOException {
        String ik = text(body, "integrationKey", emulator.integrationKey());
        String pem = text(body, "publicKey", null);
        if (pem == null) {
            throw new Json.BadRequest("publicKey (a PEM '-----BEGIN PUBLIC KEY-----' block) is required");
        }
        int count = emulator.registerPublicKey(ik, pem);
        return Json.answer(201, Map.of("integrationKey", ik, "publicKeyCount", count));
    }

    private EmulatorResponse addIntegration(JsonNode body) throws Json.BadRequest, IOException {
        String ik = text(body, "integrationKey", UUID.randomUUID().toString());
        String userId = text(body, "userId", UUID.randomUUID().toString());
        List<String> redirectUris = body.has("redirectUris") ? strings(body, "redirectUris") : List.of();
        EmulatorUser user = emulator.addIntegration(ik, userId, text(body, "userName", null),
                text(body, "email", null), redirectUris);
        String pem = text(body, "publicKey", null);
        if (pem != null) {
            emulator.registerPublicKey(ik, pem);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("integrationKey", ik);
        out.put("user", user);
        return Json.answer(201, out);
    }

    private EmulatorResponse updateSettings(JsonNode body) throws Json.BadRequest {
        EmulatorSettings s = emulator.settings();
        try {
            if (body.has("tokenLifetimeSeconds")) {
                s = s.withTokenLifetime(Duration.ofSeconds(longValue(body, "tokenLifetimeSeconds")));
            }
            if (body.has("rejectLongAssertions")) {
                s = s.withRejectLongAssertions(body.get("rejectLongAssertions").asBoolean());
            }
            if (body.has("hourlyLimit") || body.has("hourlyWindowSeconds")) {
                s = s.withHourlyLimit(body.has("hourlyLimit") ? (int) longValue(body, "hourlyLimit") : s.hourlyLimit(),
                        body.has("hourlyWindowSeconds") ? Duration.ofSeconds(longValue(body, "hourlyWindowSeconds"))
                                : s.hourlyWindow());
            }
            if (body.has("burstLimit") || body.has("burstWindowSeconds")) {
                s = s.withBurstLimit(body.has("burstLimit") ? (int) longValue(body, "burstLimit") : s.burstLimit(),
                        body.has("burstWindowSeconds") ? Duration.ofSeconds(longValue(body, "burstWindowSeconds"))
                                : s.burstWindow());
            }
            if (body.has("limitStatus")) {
                s = s.withLimitStatus((int) longValue(body, "limitStatus"));
            }
            if (body.has("signerDelaySeconds")) {
                s = s.withSignerDelay(body.get("signerDelaySeconds").isNull() ? null
                        : Duration.ofSeconds(longValue(body, "signerDelaySeconds")));
            }
        } catch (IllegalArgumentException e) {
            throw new Json.BadRequest(e.getMessage());
        }
        emulator.applySettings(s);
        return Json.ok(emulator.settings().toJson());
    }

    private EmulatorResponse addFault(JsonNode body) throws Json.BadRequest {
        if (body.has("seed")) {
            emulator.reseedFaults(longValue(body, "seed"));
        }
        String actionName = text(body, "action", null);
        if (actionName == null) {
            if (body.has("seed")) {
                return Json.ok(faultsJson());
            }
            throw new Json.BadRequest("action is required: status, delay, hang, accept-then-hang, reset or "
                    + "accept-then-reset");
        }
        String path = text(body, "path", null);
        if (path == null) {
            throw new Json.BadRequest("path (a regular expression matched against the whole request path) is required");
        }
        Fault fault;
        try {
            FaultAction action = FaultAction.fromWireName(actionName);
            String method = text(body, "method", "*");
            fault = switch (action) {
                case STATUS -> {
                    if (!body.has("status")) {
                        throw new Json.BadRequest("a status fault needs status");
                    }
                    JsonNode b = body.get("body");
                    String text = b == null || b.isNull() ? null : b.isTextual() ? b.textValue() : Json.write(b);
                    yield Fault.status(method, path, (int) longValue(body, "status"), text);
                }
                case DELAY -> Fault.delay(method, path, Duration.ofMillis(longValue(body, "delayMillis")));
                default -> Fault.of(method, path, action);
            };
            if (body.has("times") && !body.get("times").isNull()) {
                fault = fault.times((int) longValue(body, "times"));
            }
            if (body.has("skip")) {
                fault = fault.skip((int) longValue(body, "skip"));
            }
            if (body.has("probability")) {
                fault = fault.probability(body.get("probability").asDouble());
            }
        } catch (IllegalArgumentException e) {
            throw new Json.BadRequest(e.getMessage());
        }
        String id = emulator.addFault(fault);
        return Json.answer(201, faultJson(emulator.faults().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow()));
    }

    private Map<String, Object> faultsJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        emulator.faults().forEach(f -> out.add(faultJson(f)));
        return Map.of("faults", out);
    }

    private static Map<String, Object> faultJson(ActiveFault active) {
        Fault f = active.fault();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", active.id());
        m.put("method", f.method());
        m.put("path", f.pathRegex());
        m.put("action", f.action().wireName());
        if (f.action() == FaultAction.STATUS) {
            m.put("status", f.status());
            m.put("body", f.body());
        }
        if (f.action() == FaultAction.DELAY) {
            m.put("delayMillis", f.delay().toMillis());
        }
        m.put("times", f.times() == Fault.UNLIMITED ? null : f.times());
        m.put("skip", f.skip());
        m.put("probability", f.probability());
        m.put("fired", active.fired());
        m.put("remaining", active.remaining() == Fault.UNLIMITED ? null : active.remaining());
        return m;
    }

    private List<Map<String, Object>> requests(String limit) throws Json.BadRequest {
        List<RecordedRequest> all = emulator.requests();
        if (limit != null) {
            try {
                int n = Integer.parseInt(limit);
                all = n >= all.size() ? all : all.subList(all.size() - n, all.size());
            } catch (NumberFormatException e) {
                throw new Json.BadRequest("limit must be a number");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordedRequest r : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", r.sequence());
            m.put("timestamp", r.timestamp().toString());
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("query", r.query());
            m.put("outcome", r.outcome());
            m.put("accountId", r.accountId());
            m.put("durationMillis", r.durationMillis());
            out.add(m);
        }
        return out;
    }

    private static String text(JsonNode body, String field, String fallback) throws Json.BadRequest {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new Json.BadRequest(field + " must be a string");
        }
        return node.textValue();
    }

    private static long longValue(JsonNode body, String field) throws Json.BadRequest {
        JsonNode node = body.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new Json.BadRequest(field + " must be a whole number");
        }
        return node.longValue();
    }

    private static List<String> strings(JsonNode body, String field) throws Json.BadRequest {
        JsonNode node = body.get(field);
        if (node == null || !node.isArray()) {
            throw new Json.BadRequest(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new Json.BadRequest(field + " must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }
}
