package io.docusigncamel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.InboxFolder;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.OutboxFolder;
import io.docusigncamel.ServiceUnderTest;
import io.docusigncamel.emulator.envelope.ConnectDelivery;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import io.docusigncamel.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Connect listener of the running service (SPEC §8) on its one HTTP port: DocuSign's real messages with the
 * fixture HMAC vectors are accepted, anything not signed by a configured key over the exact bytes is refused, and the
 * emulator's Connect messages — delivered twice, and seen by polling too — give one event per change.
 */
class ConnectListenerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PATH = "/docusign/connect";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceUnderTest service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private ServiceUnderTest start(String pollInterval) {
        service = new ServiceUnderTest("connect").property("connect.enabled", "true")
                .property("connect.hmac-keys", String.join(",", ConnectFixtures.keys().values()))
                .property("connect.max-body-size", "4096")
                .property("docusign.emulator.poll-interval", pollInterval).start();
        return service;
    }

    @Test
    void acceptsDocuSignsMessagesSignedWithEitherKeyAndQueuesThemDurably() {
        start("1h");
        for (ConnectFixtures.Vector vector : ConnectFixtures.vectors()) {
            assertThat(post(vector.payload(), vector.signatures()).statusCode()).as(vector + " with both headers").isEqualTo(200);
            for (Map.Entry<String, String> header : vector.signatures().entrySet()) {
                assertThat(post(vector.payload(), Map.of(header.getKey(), header.getValue())).statusCode())
                        .as(vector + " with " + header.getKey() + " only").isEqualTo(200);
            }
        }
        Ledger ledger = service.bean("ledger", Ledger.class);
        // envelopes of another account are not this service's: processed, and no event
        await().atMost(WAIT).until(() -> ledger.tracking().countQueuedConnectMessages() == 0);
        assertThat(new OutboxFolder(service).events()).isEmpty();
    }

    @Test
    void refusesTamperedBodiesWrongKeysTrailingNewlinesMalformedJsonAndOversizedBodies() {
        start("1h");
        ConnectFixtures.Vector vector = ConnectFixtures.vectors().get(0);
        byte[] body = vector.payload();
        Map<String, String> signatures = vector.signatures();

        byte[] tampered = body.clone();
        tampered[body.length / 2] = (byte) (tampered[body.length / 2] == 'a' ? 'b' : 'a');
        assertThat(post(tampered, signatures).statusCode()).as("tampered body").isEqualTo(401);
        byte[] withNewline = Arrays.copyOf(body, body.length + 1);
        withNewline[body.length] = '\n';
        assertThat(post(withNewline, signatures).statusCode()).as("trailing newline").isEqualTo(401);
        assertThat(post(body, Map.of("X-DocuSign-Signature-1", vector.trailingNewlineSignature())).statusCode())
                .as("the signature of the body with a newline").isEqualTo(401);
        assertThat(post(body, Map.of("X-DocuSign-Signature-1", vector.base64DecodedKeySignature())).statusCode())
                .as("a key base64-decoded first").isEqualTo(401);
        String wrongKey = new ConnectSignatures(List.of(io.docusigncamel.config.Secret.of("not-the-key"))).sign(body).get(0);
        assertThat(post(body, Map.of("X-DocuSign-Signature-1", wrongKey)).statusCode()).as("wrong key").isEqualTo(401);
        HttpResponse<String> unsigned = post(body, Map.of());
        assertThat(unsigned.statusCode()).as("no signature").isEqualTo(401);
        assertThat(unsigned.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-docusign"));

        byte[] malformed = "{\"event\":\"envelope-sent\",\"data\":".getBytes(StandardCharsets.UTF_8);
        assertThat(post(malformed, signedWithFirstKey(malformed)).statusCode()).as("malformed JSON").isEqualTo(400);
        byte[] oversized = ("{\"event\":\"envelope-sent\",\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post(oversized, signedWithFirstKey(oversized)).statusCode()).as("over connect.max-body-size").isEqualTo(413);

        assertThat(service.bean("ledger", Ledger.class).tracking().countQueuedConnectMessages()).isZero();
        assertThat(post(body, signatures).statusCode()).as("the untouched message still passes").isEqualTo(200);
    }

    @Test
    void theSameChangeDeliveredTwiceByConnectAndAlsoSeenByPollingIsOneEvent() {
        start("1s");
        EnvelopeWorld world = service.emulator().envelopes();
        world.configureConnect(world.connectConfiguration().orElseThrow().withDuplicateDeliveries(true));
        InboxFolder inbox = new InboxFolder(service);
        OutboxFolder outbox = new OutboxFolder(service);
        Map<String, String> envelopeOf = send(inbox, "C-1", "C-2");

        envelopeOf.values().forEach(outbox::complete);
        await().atMost(WAIT).until(() -> envelopeOf.values().stream().allMatch(id -> Files.isDirectory(outbox.archive(id))));
        // wait until Connect delivered every completion twice and polling read them at least once more
        await().atMost(WAIT).until(() -> world.connectDeliveries().stream()
                .filter(d -> d.event().equals("envelope-completed") && d.acknowledged()).count() == 4);
        long listCalls = listCalls();
        await().atMost(WAIT).until(() -> listCalls() >= listCalls + 2);

        for (String id : envelopeOf.values()) {
            List<JsonNode> events = outbox.eventsOf(id);
            assertThat(events).as("events of " + id).singleElement().satisfies(e -> {
                assertThat(e.path("status").asText()).isEqualTo("completed");
                assertThat(e.path("previousStatus").asText()).isEqualTo("sent");
            });
        }
        assertThat(world.connectDeliveries()).filteredOn(ConnectDelivery::duplicate).isNotEmpty();
    }

    @Test
    void connectAloneDrivesEventsAndTheArchiveEvenWithoutEnvelopeData() throws IOException {
        start("1h");
        EnvelopeWorld world = service.emulator().envelopes();
        world.configureConnect(world.connectConfiguration().orElseThrow().withIncludeData());
        InboxFolder inbox = new InboxFolder(service);
        OutboxFolder outbox = new OutboxFolder(service);
        String envelopeId = send(inbox, "D-1").get("D-1");

        outbox.deliver(envelopeId);
        outbox.decline(envelopeId, "Not my contract");
        await().atMost(WAIT).until(() -> outbox.eventsOf(envelopeId).size() == 2);
        assertThat(outbox.eventsOf(envelopeId)).extracting(e -> e.path("status").asText() + "/" + e.path("source").asText())
                .containsExactly("delivered/connect", "declined/connect");
        assertThat(outbox.eventsOf(envelopeId).get(0).path("rowKey").asText()).isEqualTo("D-1");

        String completedId = send(inbox, "D-2").get("D-2");
        outbox.complete(completedId);
        await().atMost(WAIT).until(() -> Files.isDirectory(outbox.archive(completedId)));
        JsonNode metadata = OutboxFolder.read(outbox.archive(completedId).resolve("envelope.json"));
        assertThat(metadata.path("rowKey").asText()).isEqualTo("D-2");
        assertThat(metadata.path("signers").get(0).path("email").asText()).isEqualTo("d-2@example.com");
        assertThat(Files.readAllBytes(outbox.archive(completedId).resolve("combined.pdf"))).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
    }

    private Map<String, String> send(InboxFolder inbox, String... keys) {
        StringBuilder csv = new StringBuilder("ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n");
        for (String key : keys) {
            csv.append(key).append(",Signer ").append(key).append(',').append(key.toLowerCase()).append("@example.com,HR,hr@example.com\n");
        }
        String name = keys[0] + ".csv";
        inbox.drop(name, csv.toString());
        return inbox.awaitResults(name, WAIT).stream().collect(Collectors.toMap(ResultRow::rowKey, ResultRow::envelopeId));
    }

    private long listCalls() {
        return service.emulator().emulator().requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().endsWith("/envelopes") && r.query().contains("to_date="))
                .count();
    }

    private static Map<String, String> signedWithFirstKey(byte[] body) {
        return Map.of("X-DocuSign-Signature-1", new ConnectSignatures(ConnectFixtures.allKeys()).sign(body).get(0));
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + PATH))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
