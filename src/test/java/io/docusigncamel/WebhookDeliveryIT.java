package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events POSTed to {@code events.webhook-url}: while the target is down they wait in the ledger, across a restart
 * of the service, and once it is back every event arrives, with exactly the event file's JSON, in order per
 * envelope. A target answering 401 never receives DocuSign's token.
 */
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST the target received. */
    private record Received(String eventId, String body, String authorization) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private ServiceUnderTest service;
    private HttpServer target;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void eventsWaitWhileTheTargetIsDownAcrossARestartAndArriveInOrderPerEnvelopeOnceItIsBack() throws Exception {
        int port = ServiceUnderTest.freePort();
        service = new ServiceUnderTest("webhook").property("docusign.emulator.poll-interval", "1s")
                .property("events.webhook-url", "http://localhost:" + port + "/docusign-events")
                .property("events.webhook-retry-max-backoff", "1s").withLastingEmulator().start();
        InboxFolder inbox = new InboxFolder(service);
        OutboxFolder outbox = new OutboxFolder(service);
        inbox.drop("hooks.csv", """
                ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                W-1,Ada Lovelace,ada@example.com,HR,hr@example.com
                W-2,Grace Hopper,grace@example.com,HR,hr@example.com
                """);
        List<String> envelopes = inbox.awaitResults("hooks.csv", WAIT).stream().map(ResultRow::envelopeId).toList();
        for (String id : envelopes) {
            outbox.deliver(id);
        }
        await().atMost(WAIT).until(() -> outbox.events().size() == 2);
        envelopes.forEach(outbox::complete);
        await().atMost(WAIT).until(() -> outbox.events().size() == 4);
        Ledger ledger = service.bean("ledger", Ledger.class);
        assertThat(ledger.tracking().countQueuedEvents()).as("undelivered while the target is down").isEqualTo(4);

        service.restart();
        startTarget(port, 1);
        Ledger restarted = service.bean("ledger", Ledger.class);
        await().atMost(WAIT).until(() -> restarted.tracking().countQueuedEvents() == 0);

        assertThat(refusals.get()).as("the target's one 401").isEqualTo(1);
        assertThat(received).extracting(Received::authorization).containsOnlyNulls();
        Map<String, String> fileByEventId = new java.util.HashMap<>();
        for (String name : outbox.eventFileNames()) {
            fileByEventId.put(String.valueOf(Long.parseLong(name.substring(0, 12))),
                    Files.readString(outbox.eventsDir().resolve(name), StandardCharsets.UTF_8));
        }
        List<Received> accepted = received.stream().filter(r -> r.eventId() != null).toList();
        assertThat(accepted.stream().map(Received::eventId).distinct()).containsExactlyInAnyOrderElementsOf(fileByEventId.keySet());
        assertThat(accepted).allSatisfy(r -> assertThat(r.body()).isEqualTo(fileByEventId.get(r.eventId())));
        for (String id : envelopes) {
            List<String> statuses = new ArrayList<>();
            for (Received r : accepted) {
                JsonNode event = JSON.readTree(r.body());
                if (event.path("envelopeId").asText().equals(id) && !statuses.contains(event.path("status").asText())) {
                    statuses.add(event.path("status").asText());
                }
            }
            assertThat(statuses).as("order of " + id).containsExactly("delivered", "completed");
        }
    }

    /** Starts the target; it answers the first {@code refuse} POSTs with 401, then 204. */
    private void startTarget(int port, int refuse) {
        try {
            target = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target.createContext("/docusign-events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (refusals.get() < refuse) {
                refusals.incrementAndGet();
                received.add(new Received(null, body, authorization));
                exchange.sendResponseHeaders(401, -1);
            } else {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Event-Id"), body, authorization));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        target.start();
    }
}
