package io.docusigncamel.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The control API over HTTPS, as other tools' scripts use it. */
class ControlApiIT {

    @TempDir
    static Path stateDir;
    static final RecordingEnvelopeEndpoints WORLD = new RecordingEnvelopeEndpoints();
    static DocuSignEmulator emulator;
    static EmulatorHttpClient client;
    static KeyPair key;
    static EmulatorSettings defaults;

    @BeforeAll
    static void start() throws Exception {
        emulator = DocuSignEmulator.builder().stateDir(stateDir).envelopeEndpoints(WORLD)
                .signerDelay(Duration.ofSeconds(7)).build().start();
        defaults = emulator.settings();
        client = EmulatorHttpClient.forEmulator(emulator);
        key = Pem.newRsaKeyPair();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.applySettings(defaults);
        emulator.reset();
    }

    private String control(String path) {
        return emulator.controlBaseUrl() + path;
    }

    private void registerTestKey() throws Exception {
        client.postJson(control("/keys"), "{\"publicKey\":" + EmulatorResponse.quote(Pem.publicKey(key.getPublic()))
                + "}", null);
    }

    @Test
    void registersTheDefaultTemplateAndSignerDelayWithTheWorldAtStart() {
        RecordingEnvelopeEndpoints.Template template = WORLD.templates.get(emulator.templateId());
        assertThat(template.name()).isEqualTo("New hire agreement");
        assertThat(template.roleNames()).containsExactly("signer", "cc");
        assertThat(template.textTabLabels()).containsExactly("startDate", "salary");
        assertThat(WORLD.signerDelays).first().isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void stateShowsIdentityConsentAndSettings() throws Exception {
        HttpResponse<String> response = client.get(control("/state"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode state = EmulatorHttpClient.json(response);
        assertThat(state.at("/identity/integrationKey").asText()).isEqualTo(emulator.integrationKey());
        assertThat(state.at("/identity/accountId").asText()).isEqualTo(emulator.defaultAccountId());
        assertThat(state.at("/settings/hourlyLimit").asInt()).isEqualTo(3000);
        assertThat(state.at("/settings/burstLimit").asInt()).isEqualTo(200);
        assertThat(state.get("integrations").get(0).get("publicKeyCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(response.body()).doesNotContain("BEGIN PUBLIC KEY").doesNotContain("keystorePassword");
    }

    @Test
    void grantsAndRevokesConsentAndRegistersKeys() throws Exception {
        HttpResponse<String> registered = client.postJson(control("/keys"),
                "{\"publicKey\":" + EmulatorResponse.quote(Pem.publicKey(key.getPublic())) + "}", null);
        assertThat(registered.statusCode()).isEqualTo(201);
        String assertion = SignedAssertion.forDemo(emulator, key.getPrivate(), Instant.now()).sign();

        HttpResponse<String> granted = client.postJson(control("/consent"), "{\"granted\":true}", null);
        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(client.requestToken(emulator, assertion).statusCode()).isEqualTo(200);

        client.postJson(control("/consent"), "{\"integrationKey\":\"" + emulator.integrationKey() + "\",\"userId\":\""
                + emulator.userId() + "\",\"granted\":false}", null);
        assertThat(client.requestToken(emulator, assertion).body()).isEqualTo("{\"error\":\"consent_required\"}");
    }

    @Test
    void refusesASixthKeyAndBadPem() throws Exception {
        String ik = UUID.randomUUID().toString();
        emulator.addIntegration(ik, emulator.userId(), null, null, java.util.List.of());
        for (int i = 0; i < IdentityStore.MAX_KEYS_PER_INTEGRATION; i++) {
            assertThat(emulator.registerPublicKey(ik, Pem.newRsaKeyPair().getPublic())).isEqualTo(i + 1);
        }

        HttpResponse<String> sixth = client.postJson(control("/keys"), "{\"integrationKey\":\"" + ik
                + "\",\"publicKey\":" + EmulatorResponse.quote(Pem.publicKey(key.getPublic())) + "}", null);
        HttpResponse<String> garbage = client.postJson(control("/keys"), "{\"publicKey\":\"hello\"}", null);

        assertThat(sixth.statusCode()).isEqualTo(409);
        assertThat(sixth.body()).contains("5 RSA keys");
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void anotherIntegrationsUserCannotReachTheDemoAccounts() throws Exception {
        KeyPair otherKey = Pem.newRsaKeyPair();
        HttpResponse<String> created = client.postJson(control("/integrations"), "{\"userName\":\"Other Person\","
                + "\"publicKey\":" + EmulatorResponse.quote(Pem.publicKey(otherKey.getPublic())) + "}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = EmulatorHttpClient.json(created);
        String ik = body.get("integrationKey").asText();
        String userId = body.at("/user/userId").asText();
        client.postJson(control("/consent"), "{\"integrationKey\":\"" + ik + "\",\"userId\":\"" + userId
                + "\",\"granted\":true}", null);
        String token = client.accessToken(emulator, SignedAssertion.forDemo(emulator, otherKey.getPrivate(),
                Instant.now()).issuer(ik).subject(userId).sign());

        HttpResponse<String> response = client.get(emulator.restBaseUri() + "/v2.1/accounts/"
                + emulator.defaultAccountId() + "/envelopes", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT");
    }

    @Test
    void expiresTokens() throws Exception {
        registerTestKey();
        emulator.grantConsent();
        String token = client.accessToken(emulator, SignedAssertion.forDemo(emulator, key.getPrivate(),
                Instant.now()).sign());

        HttpResponse<String> expired = client.postJson(control("/tokens/expire"), "", null);

        assertThat(EmulatorHttpClient.json(expired).get("expired").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void updatesSettingsAndPassesTheSignerDelayOn() throws Exception {
        HttpResponse<String> response = client.putJson(control("/settings"), "{\"tokenLifetimeSeconds\":120,"
                + "\"hourlyLimit\":5,\"hourlyWindowSeconds\":60,\"burstLimit\":4,\"limitStatus\":400,"
                + "\"signerDelaySeconds\":3,\"rejectLongAssertions\":false}");

        assertThat(response.statusCode()).isEqualTo(200);
        EmulatorSettings s = emulator.settings();
        assertThat(s.tokenLifetime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.hourlyLimit()).isEqualTo(5);
        assertThat(s.hourlyWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.burstLimit()).isEqualTo(4);
        assertThat(s.limitStatus()).isEqualTo(400);
        assertThat(s.rejectLongAssertions()).isFalse();
        assertThat(WORLD.signerDelays).last().isEqualTo(Duration.ofSeconds(3));

        registerTestKey();
        emulator.grantConsent();
        HttpResponse<String> token = client.requestToken(emulator, SignedAssertion.forDemo(emulator,
                key.getPrivate(), Instant.now()).sign());
        assertThat(EmulatorHttpClient.json(token).get("expires_in").asInt()).isEqualTo(120);

        assertThat(client.putJson(control("/settings"), "{\"limitStatus\":200}").statusCode()).isEqualTo(400);
    }

    @Test
    void scriptsListsAndDeletesFaults() throws Exception {
        HttpResponse<String> added = client.postJson(control("/faults"), "{\"method\":\"GET\",\"path\":\"/oauth/"
                + "userinfo\",\"action\":\"status\",\"status\":503,\"body\":{\"errorCode\":\"X\",\"message\":\"y\"},"
                + "\"times\":1}", null);
        assertThat(added.statusCode()).isEqualTo(201);
        String id = EmulatorHttpClient.json(added).get("id").asText();

        HttpResponse<String> hit = client.get(emulator.oauthBaseUrl() + "/oauth/userinfo");
        assertThat(hit.statusCode()).isEqualTo(503);
        assertThat(hit.body()).isEqualTo("{\"errorCode\":\"X\",\"message\":\"y\"}");
        JsonNode listed = EmulatorHttpClient.json(client.get(control("/faults")));
        assertThat(listed.at("/faults/0/fired").asInt()).isEqualTo(1);

        assertThat(client.delete(control("/faults/" + id)).statusCode()).isEqualTo(200);
        assertThat(emulator.faults()).isEmpty();
        assertThat(client.postJson(control("/faults"), "{\"path\":\"/x\",\"action\":\"explode\"}", null).statusCode())
                .isEqualTo(400);
        client.postJson(control("/faults"), "{\"path\":\"/x\",\"action\":\"hang\"}", null);
        assertThat(client.delete(control("/faults")).statusCode()).isEqualTo(200);
        assertThat(emulator.faults()).isEmpty();
    }

    @Test
    void logsRequestsAndCountsThemByNormalizedPath() throws Exception {
        String account = emulator.defaultAccountId();
        client.get(emulator.restBaseUri() + "/v2.1/accounts/" + account + "/envelopes/" + UUID.randomUUID()
                + "?include=recipients");
        client.get(emulator.oauthBaseUrl() + "/oauth/userinfo");

        JsonNode requests = EmulatorHttpClient.json(client.get(control("/requests")));
        JsonNode counters = EmulatorHttpClient.json(client.get(control("/counters")));

        JsonNode first = requests.at("/requests/0");
        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("query").asText()).isEqualTo("include=recipients");
        assertThat(first.get("outcome").asText()).isEqualTo("401");
        assertThat(first.get("accountId").asText()).isEqualTo(account);
        assertThat(Instant.parse(first.get("timestamp").asText())).isNotNull();
        assertThat(counters.at("/byEndpoint").get("GET /restapi/v2.1/accounts/{id}/envelopes/{id}").asInt())
                .isEqualTo(1);
        assertThat(counters.at("/byOutcome/401").asInt()).isEqualTo(2);
        assertThat(counters.get("userinfoCalls").asInt()).isEqualTo(1);
        assertThat(EmulatorHttpClient.json(client.get(control("/requests?limit=1"))).get("requests").size())
                .isEqualTo(1);
    }

    @Test
    void resetForgetsEnvelopesFaultsAndLogButKeepsIdentityAndConsent() throws Exception {
        registerTestKey();
        emulator.grantConsent();
        emulator.addFault(Fault.hang("GET", "/never"));
        client.get(control("/state"));

        HttpResponse<String> reset = client.postJson(control("/reset"), "", null);

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(WORLD.resets.get()).isGreaterThanOrEqualTo(1);
        assertThat(emulator.faults()).isEmpty();
        // Only the reset call itself, logged once it was answered.
        assertThat(emulator.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/emulator/reset"));
        assertThat(emulator.consentedScopes(emulator.integrationKey(), emulator.userId()))
                .contains("signature", "impersonation");
        assertThat(client.requestToken(emulator, SignedAssertion.forDemo(emulator, key.getPrivate(), Instant.now())
                .sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void forwardsEnvelopeAndTemplateCallsToTheWorld() throws Exception {
        HttpResponse<String> advance = client.postJson(control("/envelopes/abc/advance?to=completed"),
                "{\"x\":1}", null);
        HttpResponse<String> templates = client.get(control("/templates"));

        assertThat(advance.statusCode()).isEqualTo(200);
        assertThat(advance.body()).isEqualTo("{\"forwarded\":\"/envelopes/abc/advance\"}");
        assertThat(templates.body()).isEqualTo("{\"forwarded\":\"/templates\"}");
        RecordingEnvelopeEndpoints.ControlCall call = WORLD.controlCalls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.query().get("to")).containsExactly("completed");
        assertThat(new String(call.body())).isEqualTo("{\"x\":1}");
    }

    @Test
    void unknownControlPathsAreNotFound() throws Exception {
        assertThat(client.get(control("/nothing")).statusCode()).isEqualTo(404);
        assertThat(client.postJson(control("/consent"), "not json", null).statusCode()).isEqualTo(400);
    }
}
