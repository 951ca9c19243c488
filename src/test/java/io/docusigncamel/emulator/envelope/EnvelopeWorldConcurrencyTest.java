package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.emulator.EmulatorResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnvelopeWorldConcurrencyTest {

    private final MutableClock clock = MutableClock.at("2024-05-02T08:00:00Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    @Test
    void tenThreadsCreatingAtOnceMakeTenDistinctEnvelopes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<EmulatorResponse>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String body = sentDefinition().put("transactionId", "tx-" + i).toString();
                results.add(pool.submit(() -> {
                    start.await();
                    return client.rest("POST", "/envelopes", "", body);
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<EmulatorResponse> result : results) {
                EmulatorResponse response = result.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).isEqualTo(201);
                ids.add(json(response).get("envelopeId").asText());
            }

            assertThat(ids).hasSize(10);
            assertThat(world.envelopeCount()).isEqualTo(10);
            assertThat(json(client.get("/envelopes", "from_date=2024-05-01")).get("totalSetSize").asText()).isEqualTo("10");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentControlCallsOnOneEnvelopeApplyEachTransitionOnce() throws Exception {
        String id = client.create(sentDefinition());
        List<StatusChange> changes = java.util.Collections.synchronizedList(new ArrayList<>());
        world.addStatusListener(changes::add);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger succeeded = new AtomicInteger();
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> {
                    start.await();
                    if (client.control("POST", "/envelopes/" + id + "/advance", null).status() == 200) {
                        succeeded.incrementAndGet();
                    }
                    return null;
                });
            }
            List<Future<Void>> futures = new ArrayList<>();
            calls.forEach(call -> futures.add(pool.submit(call)));
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(succeeded.get()).isEqualTo(2);
        assertThat(changes).extracting(StatusChange::newStatus).containsExactly("delivered", "completed");
    }
}
