package io.docusigncamel.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each scripted fault action, as a client observes it. */
class FaultsIT {

    static final String CREATE = "/restapi/v2\\.1/accounts/[^/]+/envelopes";
    @TempDir
    static Path stateDir;
    static final RecordingEnvelopeEndpoints WORLD = new RecordingEnvelopeEndpoints();
    static DocuSignEmulator emulator;
    static EmulatorHttpClient client;
    static String token;

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
    }

    @BeforeEach
    void noFaults() {
        emulator.reset();
    }

    private HttpRequest create(Duration timeout) {
        return HttpRequest.newBuilder(URI.create(emulator.restBaseUri() + "/v2.1/accounts/"
                        + emulator.defaultAccountId() + "/envelopes"))
                .timeout(timeout).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"sent\"}")).build();
    }

    @Test
    void statusFaultAnswersItsBodyWithoutProcessing() throws Exception {
        String body = "{\"errorCode\":\"UNSPECIFIED_ERROR\",\"message\":\"Service unavailable.\"}";
        emulator.addFault(Fault.status("POST", CREATE, 503, body).times(1));

        HttpResponse<String> failed = client.send(create(Duration.ofSeconds(10)));
        HttpResponse<String> next = client.send(create(Duration.ofSeconds(10)));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).isEqualTo(body);
        assertThat(failed.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(WORLD.restCallsTo("POST", "/envelopes")).isEqualTo(1);
        assertThat(emulator.counters().byOutcome()).containsEntry("503", 1L).containsEntry("201", 1L);
    }

    @Test
    void skipLetsTheFirstRequestsThrough() throws Exception {
        emulator.addFault(Fault.status("POST", CREATE, 500, null).skip(1).times(1));

        assertThat(client.send(create(Duration.ofSeconds(10))).statusCode()).isEqualTo(201);
        assertThat(client.send(create(Duration.ofSeconds(10))).statusCode()).isEqualTo(500);
        assertThat(client.send(create(Duration.ofSeconds(10))).statusCode()).isEqualTo(201);
        assertThat(emulator.faults()).singleElement().satisfies(f -> {
            assertThat(f.fired()).isEqualTo(1);
            assertThat(f.remaining()).isZero();
        });
    }

    @Test
    void delayFaultAnswersNormallyAfterTheDelay() throws Exception {
        emulator.addFault(Fault.delay("GET", "/oauth/userinfo", Duration.ofMillis(400)));

        HttpResponse<String> response = client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.requests()).last().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("200");
            assertThat(r.durationMillis()).isGreaterThanOrEqualTo(400);
        });
    }

    @Test
    void hangNeverAnswersAndDoesNotProcess() {
        emulator.addFault(Fault.hang("POST", CREATE).times(1));

        assertThatThrownBy(() -> client.send(create(Duration.ofSeconds(1)))).isInstanceOf(HttpTimeoutException.class);
        assertThat(WORLD.restCalls).isEmpty();
        assertThat(emulator.requests()).last().satisfies(r -> assertThat(r.outcome()).isEqualTo("hang"));
    }

    @Test
    void acceptThenHangCreatesTheEnvelopeButTheAnswerNeverArrives() {
        emulator.addFault(Fault.acceptThenHang("POST", CREATE).times(1));

        assertThatThrownBy(() -> client.send(create(Duration.ofSeconds(1)))).isInstanceOf(HttpTimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> WORLD.restCallsTo("POST", "/envelopes") == 1);
    }

    @Test
    void resetDropsTheConnectionWithoutProcessing() {
        emulator.addFault(Fault.reset("POST", CREATE).times(1));

        assertThatThrownBy(() -> client.send(create(Duration.ofSeconds(10))))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThat(WORLD.restCalls).isEmpty();
        assertThat(emulator.counters().byOutcome()).containsEntry("reset", 1L);
    }

    @Test
    void acceptThenResetProcessesAndThenDropsTheConnection() {
        emulator.addFault(Fault.acceptThenReset("POST", CREATE).times(1));

        assertThatThrownBy(() -> client.send(create(Duration.ofSeconds(10))))
                .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        assertThat(WORLD.restCallsTo("POST", "/envelopes")).isEqualTo(1);
    }

    @Test
    void resetReleasesHungConnections() {
        // A POST, because the JDK client silently retries an idempotent GET whose connection closes unanswered.
        emulator.addFault(Fault.hang("POST", CREATE));
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(create(Duration.ofSeconds(30)));
            } catch (IOException | InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.counters().byOutcome().containsKey("hang"));

        emulator.reset();

        await().atMost(Duration.ofSeconds(5)).until(pending::isDone);
        assertThatThrownBy(pending::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class)
                .cause().isNotInstanceOf(HttpTimeoutException.class);
        assertThat(WORLD.restCalls).isEmpty();
    }

    @Test
    void faultsMatchMethodAndWholePath() throws Exception {
        emulator.addFault(Fault.status("GET", CREATE, 503, null));

        assertThat(client.send(create(Duration.ofSeconds(10))).statusCode()).isEqualTo(201);
        assertThat(client.get(emulator.restBaseUri() + "/v2.1/accounts/" + emulator.defaultAccountId()
                + "/envelopes/x", "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(client.get(emulator.restBaseUri() + "/v2.1/accounts/" + emulator.defaultAccountId()
                + "/envelopes", "Bearer " + token).statusCode()).isEqualTo(503);
    }
}
