package io.docusigncamel.emulator.envelope;

import static io.docusigncamel.emulator.envelope.EmulatorClient.ACCOUNT;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.testing.MutableClock;
import io.docusigncamel.emulator.envelope.ConnectReceiver.Received;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Connect emitter against a real loopback listener: message shape, headers, HMAC, includeData, delivery. */
class ConnectEmitterIT {

    private static final String KEY_1 = "9Xj0/5q+2kP4eOQ1xZ3cH6t8mR7wB1vN0aL2sD4fG5k=";
    private static final String KEY_2 = "second-rotated-test-key-not-a-real-secret";
    private static final Duration QUICK = Duration.ofMillis(20);

    private final MutableClock clock = MutableClock.at("2025-05-02T15:40:39.587Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);
    private final ConnectReceiver receiver = new ConnectReceiver();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        world.close();
        receiver.close();
    }

    private ConnectConfiguration toReceiver() {
        return ConnectConfiguration.to(receiver.url()).withRetries(5, QUICK);
    }

    private List<Received> awaitMessages(String envelopeId, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.receivedFor(envelopeId).size() >= count);
        return receiver.receivedFor(envelopeId);
    }

    private List<ConnectDelivery> awaitDeliveries(String envelopeId, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(envelopeId).size() >= count);
        return deliveries(envelopeId);
    }

    private List<ConnectDelivery> deliveries(String envelopeId) {
        return world.connectDeliveries().stream().filter(d -> d.envelopeId().equals(envelopeId)).toList();
    }

    @Test
    void postsCompactJsonSimInDocuSignsShape() {
        world.configureConnect(toReceiver().withConfigurationId(10363315));

        String id = client.create(sentDefinition());

        Received message = awaitMessages(id, 1).get(0);
        String userId = EnvelopeWorld.senderOf(ACCOUNT);
        assertThat(message.bodyText()).isEqualTo("{\"event\":\"envelope-sent\",\"apiVersion\":\"v2.1\","
                + "\"uri\":\"/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes/" + id + "\",\"retryCount\":0,"
                + "\"configurationId\":10363315,\"generatedDateTime\":\"2025-05-02T15:40:39.5870000Z\","
                + "\"data\":{\"accountId\":\"" + ACCOUNT + "\",\"userId\":\"" + userId + "\",\"envelopeId\":\"" + id + "\"}}");
        JsonNode json = message.json();
        assertThat(json.get("retryCount").isIntegralNumber()).isTrue();
        assertThat(json.get("configurationId").isIntegralNumber()).isTrue();
        assertThat(json.get("data").has("envelopeSummary")).isFalse();
        assertThat(message.path()).isEqualTo("/connect");
    }

    @Test
    void signsTheExactBodyWithEveryKeyAndSendsDocuSignsHeaders() throws Exception {
        world.configureConnect(toReceiver().withHmacKeys(KEY_1, KEY_2));

        String id = client.create(sentDefinition());

        Received message = awaitMessages(id, 1).get(0);
        assertThat(message.header("Content-Type")).isEqualTo("application/json");
        assertThat(message.header("X-Authorization-Digest")).isEqualTo("HMACSHA256");
        assertThat(message.header("X-DocuSign-AccountId")).isEqualTo(ACCOUNT);
        assertThat(message.header("X-DocuSign-Signature-1")).isEqualTo(hmac(KEY_1, message.body()));
        assertThat(message.header("X-DocuSign-Signature-2")).isEqualTo(hmac(KEY_2, message.body()));
        assertThat(message.header("X-DocuSign-Signature-3")).isNull();
    }

    @Test
    void withoutHmacKeysNoSignatureHeaderIsSent() {
        world.configureConnect(toReceiver());

        String id = client.create(sentDefinition());

        Received message = awaitMessages(id, 1).get(0);
        assertThat(message.header("X-DocuSign-Signature-1")).isNull();
        assertThat(message.header("X-DocuSign-AccountId")).isEqualTo(ACCOUNT);
    }

    @Test
    void sendsOneEventPerStatusChangeInOrder() {
        world.configureConnect(toReceiver());

        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/advance", null);
        client.control("POST", "/envelopes/" + id + "/advance", null);
        String draft = client.create(sentDefinition().put("status", "created"));

        awaitMessages(id, 3);
        assertThat(receiver.events(id)).containsExactly("envelope-sent", "envelope-delivered", "envelope-completed");
        assertThat(awaitMessages(draft, 1)).extracting(Received::event).containsExactly("envelope-created");
    }

    @Test
    void theEventsFilterLeavesOutOtherEvents() {
        world.configureConnect(toReceiver().withEvents("envelope-completed", "envelope-voided"));

        String completed = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + completed + "/complete", null);
        String voided = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + voided + "/void", "{\"reason\":\"wrong terms\"}");

        awaitMessages(voided, 1);
        awaitMessages(completed, 1);
        assertThat(receiver.events(completed)).containsExactly("envelope-completed");
        assertThat(receiver.events(voided)).containsExactly("envelope-voided");
    }

    @Test
    void includeDataAddsTheEnvelopeSummaryWithTrimmedTimesAsAtTheChange() {
        world.configureConnect(toReceiver().withIncludeData("custom_fields", "recipients"));
        // Hold every delivery until the envelope has moved on, so a summary rendered late would show "completed".
        receiver.respondWith(message -> awaitRelease());

        String id = client.create(sentDefinition());
        clock.advance(Duration.ofMillis(413));
        client.control("POST", "/envelopes/" + id + "/complete", null);
        release.countDown();

        List<Received> messages = awaitMessages(id, 2);
        JsonNode sent = messages.get(0).json().at("/data/envelopeSummary");
        assertThat(sent.get("status").asText()).isEqualTo("sent");
        assertThat(sent.has("completedDateTime")).isFalse();
        assertThat(sent.get("createdDateTime").asText()).isEqualTo("2025-05-02T15:40:39.587Z");
        assertThat(sent.get("envelopeId").asText()).isEqualTo(id);
        assertThat(sent.at("/customFields/textCustomFields/0/name").asText()).isEqualTo("caseId");
        assertThat(sent.at("/customFields/textCustomFields/0/value").asText()).isEqualTo("ABC-123");
        assertThat(sent.at("/recipients/signers/0/status").asText()).isEqualTo("sent");
        assertThat(sent.at("/recipients/signers/0/sentDateTime").asText()).isEqualTo("2025-05-02T15:40:39.587Z");

        JsonNode completed = messages.get(1).json().at("/data/envelopeSummary");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        assertThat(completed.get("completedDateTime").asText()).isEqualTo("2025-05-02T15:40:40Z");
        assertThat(completed.at("/recipients/signers/0/signedDateTime").asText()).isEqualTo("2025-05-02T15:40:40Z");
        assertThat(messages.get(1).json().get("generatedDateTime").asText()).isEqualTo("2025-05-02T15:40:40.0000000Z");
        for (Received message : messages) {
            assertThat(message.json().at("/data/envelopeSummary").toString())
                    .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d*0Z");
            assertThat(message.bodyText()).doesNotContain("\n").doesNotContain("\": ");
        }
    }

    @Test
    void theSummaryCarriesDeclinedAndVoidedReasons() {
        world.configureConnect(toReceiver().withIncludeData("recipients"));

        String declined = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + declined + "/decline", "{\"reason\":\"Not my contract\"}");
        String voided = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + voided + "/void", "{\"reason\":\"Sent by mistake\"}");

        JsonNode declinedSummary = awaitMessages(declined, 2).get(1).json().at("/data/envelopeSummary");
        assertThat(declinedSummary.get("status").asText()).isEqualTo("declined");
        assertThat(declinedSummary.at("/recipients/signers/0/declinedReason").asText()).isEqualTo("Not my contract");
        assertThat(declinedSummary.has("customFields")).isFalse();
        JsonNode voidedSummary = awaitMessages(voided, 2).get(1).json().at("/data/envelopeSummary");
        assertThat(voidedSummary.get("status").asText()).isEqualTo("voided");
        assertThat(voidedSummary.get("voidedReason").asText()).isEqualTo("Sent by mistake");
        assertThat(receiver.events(declined)).containsExactly("envelope-sent", "envelope-declined");
        assertThat(receiver.events(voided)).containsExactly("envelope-sent", "envelope-voided");
    }

    @Test
    void retriesAFailedDeliveryWithAHigherRetryCountAndAFreshSignature() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.respondWith(message -> calls.incrementAndGet() <= 2 ? 500 : 200);
        world.configureConnect(toReceiver().withHmacKeys(KEY_1));

        String id = client.create(sentDefinition());

        List<ConnectDelivery> log = awaitDeliveries(id, 3);
        assertThat(log).extracting(ConnectDelivery::retryCount).containsExactly(0, 1, 2);
        assertThat(log).extracting(ConnectDelivery::httpStatus).containsExactly(500, 500, 200);
        assertThat(log).extracting(ConnectDelivery::outcome).containsExactly("retrying", "retrying", "acknowledged");
        List<Received> messages = receiver.receivedFor(id);
        assertThat(messages).extracting(m -> m.json().get("retryCount").asInt()).containsExactly(0, 1, 2);
        List<String> signatures = new ArrayList<>();
        for (Received message : messages) {
            assertThat(message.header("X-DocuSign-Signature-1")).isEqualTo(hmac(KEY_1, message.body()));
            signatures.add(message.header("X-DocuSign-Signature-1"));
            assertThat(message.json().get("generatedDateTime").asText()).isEqualTo("2025-05-02T15:40:39.5870000Z");
        }
        assertThat(signatures).doesNotHaveDuplicates();
    }

    @Test
    void givesUpAfterMaxAttemptsAndThenSendsTheEnvelopesNextMessage() {
        receiver.respondWith(message -> message.event().equals("envelope-sent") ? 503 : 200);
        world.configureConnect(ConnectConfiguration.to(receiver.url()).withRetries(2, QUICK));

        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/complete", null);

        List<ConnectDelivery> log = awaitDeliveries(id, 3);
        assertThat(log).extracting(ConnectDelivery::event, ConnectDelivery::retryCount, ConnectDelivery::outcome)
                .containsExactly(
                        tuple("envelope-sent", 0, "retrying"),
                        tuple("envelope-sent", 1, "gave-up"),
                        tuple("envelope-completed", 0, "acknowledged"));
    }

    @Test
    void withoutRequiredAcknowledgmentAFailureIsNotRetried() {
        receiver.respondWith(message -> message.event().equals("envelope-sent") ? 500 : 200);
        world.configureConnect(toReceiver().withRequireAcknowledgment(false));

        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/complete", null);

        List<ConnectDelivery> log = awaitDeliveries(id, 2);
        assertThat(log).extracting(ConnectDelivery::outcome).containsExactly("not-acknowledged", "acknowledged");
        assertThat(receiver.events(id)).containsExactly("envelope-sent", "envelope-completed");
    }

    @Test
    void anEnvelopeWhoseMessagesFailDoesNotHoldBackAnother() {
        receiver.respondWith(message -> message.event().equals("envelope-delivered") ? 500 : 200);
        world.configureConnect(toReceiver().withRetries(3, Duration.ofHours(1)));

        String failing = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + failing + "/advance", null);
        awaitDeliveries(failing, 2);
        String other = client.create(sentDefinition());

        assertThat(awaitDeliveries(other, 1).get(0).outcome()).isEqualTo("acknowledged");
        assertThat(deliveries(failing)).extracting(ConnectDelivery::event, ConnectDelivery::outcome).containsExactly(
                tuple("envelope-sent", "acknowledged"), tuple("envelope-delivered", "retrying"));
    }

    @Test
    void aListenerThatHangsForOneEnvelopeDoesNotHoldBackAnother() {
        receiver.respondWith(message -> message.event().equals("envelope-delivered") ? awaitRelease() : 200);
        world.configureConnect(toReceiver().withRequestTimeout(Duration.ofSeconds(30)));

        String hanging = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + hanging + "/advance", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events(hanging).contains("envelope-delivered"));
        String other = client.create(sentDefinition());

        assertThat(awaitDeliveries(other, 1).get(0).outcome()).isEqualTo("acknowledged");
        assertThat(deliveries(hanging)).extracting(ConnectDelivery::event).containsExactly("envelope-sent");
        release.countDown();
        assertThat(awaitDeliveries(hanging, 2).get(1).outcome()).isEqualTo("acknowledged");
    }

    @Test
    void aListenerThatDoesNotAnswerInTimeCountsAsAFailure() {
        receiver.respondWith(message -> message.retryCount() == 0 ? awaitRelease() : 200);
        world.configureConnect(toReceiver().withRequestTimeout(Duration.ofMillis(300)));

        String id = client.create(sentDefinition());

        List<ConnectDelivery> log = awaitDeliveries(id, 2);
        assertThat(log.get(0).httpStatus()).isNull();
        assertThat(log.get(0).error()).contains("Timeout");
        assertThat(log.get(0).outcome()).isEqualTo("retrying");
        assertThat(log.get(1).retryCount()).isEqualTo(1);
        assertThat(log.get(1).outcome()).isEqualTo("acknowledged");
    }

    @Test
    void aConnectionErrorIsLoggedAndRetried() {
        int closedPort;
        try (ConnectReceiver gone = new ConnectReceiver()) {
            closedPort = URI.create(gone.url()).getPort();
        }
        world.configureConnect(ConnectConfiguration.to("http://127.0.0.1:" + closedPort + "/connect").withRetries(2, QUICK));

        String id = client.create(sentDefinition());

        List<ConnectDelivery> log = awaitDeliveries(id, 2);
        assertThat(log).extracting(ConnectDelivery::httpStatus).containsOnlyNulls();
        assertThat(log).allSatisfy(delivery -> assertThat(delivery.error()).isNotBlank());
        assertThat(log).extracting(ConnectDelivery::outcome).containsExactly("retrying", "gave-up");
    }

    @Test
    void duplicateDeliveriesSendEveryMessageTwiceWithTheRetryCountRaised() {
        world.configureConnect(toReceiver().withDuplicateDeliveries(true));

        String id = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + id + "/complete", null);

        List<Received> messages = awaitMessages(id, 4);
        assertThat(messages).extracting(Received::event, m -> m.json().get("retryCount").asInt()).containsExactly(
                tuple("envelope-sent", 0),
                tuple("envelope-sent", 1),
                tuple("envelope-completed", 0),
                tuple("envelope-completed", 1));
        assertThat(messages.get(1).json().get("generatedDateTime")).isEqualTo(messages.get(0).json().get("generatedDateTime"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(id).size() == 4);
        assertThat(deliveries(id)).extracting(ConnectDelivery::duplicate).containsExactly(false, true, false, true);
    }

    @Test
    void disablingStopsMessagesAndReconfiguringResumesThem() {
        world.configureConnect(toReceiver());
        String id = client.create(sentDefinition());
        awaitDeliveries(id, 1);

        world.disableConnect();
        client.control("POST", "/envelopes/" + id + "/advance", null);
        assertThat(world.connectConfiguration()).isEmpty();
        try (ConnectReceiver second = new ConnectReceiver()) {
            world.configureConnect(ConnectConfiguration.to(second.url()));
            client.control("POST", "/envelopes/" + id + "/advance", null);

            await().atMost(Duration.ofSeconds(10)).until(() -> second.receivedFor(id).size() == 1);
            assertThat(second.events(id)).containsExactly("envelope-completed");
            assertThat(receiver.events(id)).containsExactly("envelope-sent");
        }
    }

    @Test
    void closingTheWorldStopsTheDeliveryThreads() {
        world.configureConnect(toReceiver());
        String id = client.create(sentDefinition());
        awaitDeliveries(id, 1);

        world.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.isAlive() && thread.getName().startsWith("emulator-connect")));
    }

    @Test
    void theConfigurationNeverShowsItsKeys() {
        ConnectConfiguration configuration = toReceiver().withHmacKeys(KEY_1, KEY_2);

        assertThat(configuration.toString()).doesNotContain(KEY_1).doesNotContain(KEY_2).contains("2 (masked)");
    }

    private int awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 200;
    }

    /** An HMAC computed here, independently of the emitter's own signer. */
    private static String hmac(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
