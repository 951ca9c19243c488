package io.docusigncamel.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.emulator.envelope.ConnectReceiver;
import io.docusigncamel.emulator.envelope.ConnectSignature;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect through the whole emulator: configured over the control API, fed by envelopes created over REST with a
 * real token, so {@code data.userId} is the token's user; plus the envelope counters on the control API.
 */
class ConnectControlIT {

    private static final String KEY_1 = "first-connect-test-key";
    private static final String KEY_2 = "second-connect-test-key";

    @TempDir
    static Path stateDir;
    static final EnvelopeWorld WORLD = new EnvelopeWorld(Clock.systemUTC());
    static DocuSignEmulator emulator;
    static EmulatorHttpClient client;
    static String token;

    private final ConnectReceiver receiver = new ConnectReceiver();

    @BeforeAll
    static void start() throws Exception {
        emulator = DocuSignEmulator.builder().stateDir(stateDir).envelopeEndpoints(WORLD).build().start();
        client = EmulatorHttpClient.forEmulator(emulator);
        KeyPair key = Pem.newRsaKeyPair();
        emulator.registerPublicKey(emulator.integrationKey(), key.getPublic());
        emulator.grantConsent();
        token = client.accessToken(emulator, SignedAssertion.forDemo(emulator, key.getPrivate(), Instant.now()).sign());
    }

    @AfterAll
    static void stop() {
        emulator.close();
        WORLD.close();
    }

    @BeforeEach
    void clean() {
        WORLD.disableConnect();
        emulator.reset();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private String control(String path) {
        return emulator.controlBaseUrl() + path;
    }

    private String envelopes() {
        return emulator.restBaseUri() + "/v2.1/accounts/" + emulator.defaultAccountId() + "/envelopes";
    }

    private String createEnvelope() throws Exception {
        String document = Base64.getEncoder().encodeToString("Terms".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = client.postJson(envelopes(), """
                {"emailSubject":"Please sign","status":"sent",
                 "documents":[{"documentBase64":"%s","name":"Terms.txt","fileExtension":"txt","documentId":"1"}],
                 "recipients":{"signers":[{"email":"signer@example.com","name":"Sam Signer","recipientId":"1","routingOrder":"1"}]},
                 "customFields":{"textCustomFields":[{"name":"caseId","value":"ABC-123","show":"false","required":"false"}]}}
                """.formatted(document), "Bearer " + token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return EmulatorHttpClient.json(created).get("envelopeId").asText();
    }

    @Test
    void putConfiguresConnectAndGetShowsItWithKeysMaskedAndTheDeliveryLog() throws Exception {
        HttpResponse<String> put = client.putJson(control("/connect"), """
                {"url":"%s","hmacKeys":["%s","%s"],"includeData":["custom_fields"],"events":["envelope-sent"],
                 "requireAcknowledgment":true,"retryDelayMillis":50,"maxAttempts":3,"configurationId":4242,
                 "duplicateDeliveries":false}
                """.formatted(receiver.url(), KEY_1, KEY_2));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(KEY_1).doesNotContain(KEY_2);
        JsonNode shown = EmulatorHttpClient.json(put);
        assertThat(shown.get("enabled").asBoolean()).isTrue();
        assertThat(shown.at("/configuration/hmacKeys")).hasSize(2);
        assertThat(shown.at("/configuration/configurationId").asLong()).isEqualTo(4242);
        assertThat(shown.at("/configuration/maxAttempts").asInt()).isEqualTo(3);
        assertThat(shown.at("/configuration/retryDelayMillis").asLong()).isEqualTo(50);

        String id = createEnvelope();

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.receivedFor(id).size() == 1);
        ConnectReceiver.Received message = receiver.receivedFor(id).get(0);
        JsonNode body = message.json();
        assertThat(body.get("event").asText()).isEqualTo("envelope-sent");
        assertThat(body.get("configurationId").isIntegralNumber()).isTrue();
        assertThat(body.get("configurationId").asLong()).isEqualTo(4242);
        assertThat(body.at("/data/userId").asText()).isEqualTo(emulator.userId());
        assertThat(body.at("/data/accountId").asText()).isEqualTo(emulator.defaultAccountId());
        assertThat(body.at("/data/envelopeSummary/customFields/textCustomFields/0/value").asText()).isEqualTo("ABC-123");
        assertThat(message.header("X-DocuSign-AccountId")).isEqualTo(emulator.defaultAccountId());
        assertThat(message.header("X-DocuSign-Signature-1")).isEqualTo(ConnectSignature.sign(KEY_1, message.body()));
        assertThat(message.header("X-DocuSign-Signature-2")).isEqualTo(ConnectSignature.sign(KEY_2, message.body()));

        await().atMost(Duration.ofSeconds(10)).until(() -> EmulatorHttpClient.json(client.get(control("/connect")))
                .get("deliveries").size() == 1);
        HttpResponse<String> get = client.get(control("/connect"));
        assertThat(get.body()).doesNotContain(KEY_1).doesNotContain(KEY_2);
        JsonNode delivery = EmulatorHttpClient.json(get).get("deliveries").get(0);
        assertThat(delivery.get("event").asText()).isEqualTo("envelope-sent");
        assertThat(delivery.get("envelopeId").asText()).isEqualTo(id);
        assertThat(delivery.get("retryCount").asInt()).isZero();
        assertThat(delivery.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(delivery.get("outcome").asText()).isEqualTo("acknowledged");
    }

    @Test
    void deleteTurnsConnectOff() throws Exception {
        client.putJson(control("/connect"), "{\"url\":\"" + receiver.url() + "\"}");

        HttpResponse<String> deleted = client.delete(control("/connect"));

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttpClient.json(deleted).get("enabled").asBoolean()).isFalse();
        assertThat(EmulatorHttpClient.json(client.get(control("/connect"))).get("configuration").isNull()).isTrue();
        assertThat(WORLD.connectConfiguration()).isEmpty();
    }

    @Test
    void aConfigurationThatCannotWorkIsRefused() throws Exception {
        HttpResponse<String> noUrl = client.putJson(control("/connect"), "{\"hmacKeys\":[\"k\"]}");
        HttpResponse<String> badEvent = client.putJson(control("/connect"),
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"envelope-exploded\"]}");

        assertThat(noUrl.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttpClient.json(noUrl).get("errorCode").asText()).isEqualTo("INVALID_REQUEST_PARAMETER");
        assertThat(badEvent.statusCode()).isEqualTo(400);
        assertThat(badEvent.body()).contains("envelope-exploded");
        assertThat(WORLD.connectConfiguration()).isEmpty();
    }

    @Test
    void deliversToHttpsListenersWithSelfSignedCertificates() throws Exception {
        // The emulator itself is an HTTPS server with a self-signed certificate; it answers this POST with 404.
        client.putJson(control("/connect"), "{\"url\":\"" + emulator.baseUrl()
                + "/emulator/connect-sink\",\"requireAcknowledgment\":false}");

        String id = createEnvelope();

        await().atMost(Duration.ofSeconds(10)).until(() -> WORLD.connectDeliveries().stream()
                .anyMatch(delivery -> delivery.envelopeId().equals(id)));
        assertThat(WORLD.connectDeliveries()).filteredOn(delivery -> delivery.envelopeId().equals(id))
                .singleElement().satisfies(delivery -> {
                    assertThat(delivery.httpStatus()).isEqualTo(404);
                    assertThat(delivery.error()).isNull();
                });
    }

    @Test
    void theControlApiCountsStatusGetsButNotListsOrDocuments() throws Exception {
        String id = createEnvelope();
        String bearer = "Bearer " + token;

        client.get(envelopes() + "/" + id, bearer);
        client.get(envelopes() + "?from_date=2020-01-01", bearer);
        client.get(envelopes() + "/" + id + "/documents/1", bearer);
        HttpResponse<String> counters = client.get(control("/envelopes/counters"));

        JsonNode json = EmulatorHttpClient.json(counters);
        assertThat(json.get("totalStatusGets").asLong()).isEqualTo(1);
        assertThat(json.get("totalDocumentDownloads").asLong()).isEqualTo(1);
        assertThat(json.at("/envelopes/" + id + "/statusGets").asLong()).isEqualTo(1);
        assertThat(WORLD.statusGets(id)).isEqualTo(1);
    }
}
