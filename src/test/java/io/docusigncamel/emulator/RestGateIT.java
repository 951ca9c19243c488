package io.docusigncamel.emulator;

import io.docusigncamel.testing.MutableClock;

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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST host's gatekeeping: bearer tokens, the account check, rate limits, and delegation to the world. */
class RestGateIT {

    @TempDir
    static Path stateDir;
    /** Starts mid-window, so a test's calls never straddle a window boundary unless it moves the clock. */
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.HOURS).plusSeconds(5));
    static final RecordingEnvelopeEndpoints WORLD = new RecordingEnvelopeEndpoints();
    static DocuSignEmulator emulator;
    static EmulatorHttpClient client;
    static KeyPair key;
    static EmulatorSettings defaults;

    @BeforeAll
    static void start() throws Exception {
        emulator = DocuSignEmulator.builder().stateDir(stateDir).clock(CLOCK).envelopeEndpoints(WORLD).build().start();
        defaults = emulator.settings();
        client = EmulatorHttpClient.forEmulator(emulator);
        key = Pem.newRsaKeyPair();
        emulator.registerPublicKey(emulator.integrationKey(), key.getPublic());
        emulator.grantConsent();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void freshWindows() {
        emulator.applySettings(defaults);
        emulator.reset();
    }

    private String token() throws Exception {
        return client.accessToken(emulator, SignedAssertion.forDemo(emulator, key.getPrivate(), CLOCK.instant()).sign());
    }

    private String envelopesUrl(String accountId) {
        return emulator.restBaseUri() + "/v2.1/accounts/" + accountId + "/envelopes";
    }

    private static void assertRateHeaders(HttpResponse<String> response) {
        for (String header : List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                "X-BurstLimit-Limit", "X-BurstLimit-Remaining")) {
            assertThat(response.headers().firstValue(header)).as(header).hasValueSatisfying(
                    v -> assertThat(v).matches("\\d+"));
        }
    }

    @Test
    void passesAuthenticatedCallToTheEnvelopeWorldWithTheRestOfThePath() throws Exception {
        HttpResponse<String> response = client.get(envelopesUrl(emulator.defaultAccountId())
                + "?from_date=2024-01-01T00%3A00%3A00%2B00%3A00&status=sent,delivered", "Bearer " + token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EmulatorHttpClient.json(response).get("resultSetSize").asText()).isEqualTo("0");
        assertRateHeaders(response);
        RecordingEnvelopeEndpoints.RestCall call = WORLD.restCalls.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.accountId()).isEqualTo(emulator.defaultAccountId());
        assertThat(call.path()).isEqualTo("/envelopes");
        assertThat(call.query().get("from_date")).containsExactly("2024-01-01T00:00:00+00:00");
        assertThat(call.query().get("status")).containsExactly("sent,delivered");
    }

    @Test
    void passesBodyAndAnswersWithTheWorldsStatusAndHeaders() throws Exception {
        String token = token();
        HttpResponse<String> created = client.postJson(envelopesUrl(emulator.defaultAccountId()),
                "{\"status\":\"sent\"}", "Bearer " + token);
        HttpResponse<String> other = client.get(envelopesUrl(emulator.defaultAccountId()) + "/" + UUID.randomUUID(),
                "Bearer " + token);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(EmulatorHttpClient.json(created).get("status").asText()).isEqualTo("sent");
        assertThat(new String(WORLD.restCalls.get(0).body())).isEqualTo("{\"status\":\"sent\"}");
        assertThat(other.headers().firstValue("X-Test-Double")).hasValue("answered");
        assertRateHeaders(other);
    }

    @Test
    void missingOrGarbledAuthorizationIsPartnerAuthenticationFailed() throws Exception {
        HttpResponse<String> missing = client.get(envelopesUrl(emulator.defaultAccountId()));
        HttpResponse<String> garbled = client.get(envelopesUrl(emulator.defaultAccountId()), "Basic dXNlcjpwdw==");

        for (HttpResponse<String> response : List.of(missing, garbled)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"errorCode\":\"PARTNER_AUTHENTICATION_FAILED\",\"message\":"
                    + "\"The specified Integrator Key was not found or is disabled. An Integrator key was not "
                    + "specified.\"}");
            assertRateHeaders(response);
        }
        assertThat(WORLD.restCalls).isEmpty();
    }

    @Test
    void unknownOrExpiredTokenIsAuthorizationInvalidToken() throws Exception {
        String token = token();
        HttpResponse<String> unknown = client.get(envelopesUrl(emulator.defaultAccountId()), "Bearer abc123");
        CLOCK.advance(Duration.ofHours(1));
        HttpResponse<String> expired = client.get(envelopesUrl(emulator.defaultAccountId()), "Bearer " + token);

        for (HttpResponse<String> response : List.of(unknown, expired)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = EmulatorHttpClient.json(response);
            assertThat(body.get("errorCode").asText()).isEqualTo("AUTHORIZATION_INVALID_TOKEN");
            assertThat(body.get("message").asText()).isEqualTo(
                    "The access token provided is expired, revoked or malformed.");
            assertRateHeaders(response);
        }
        assertThat(WORLD.restCalls).isEmpty();
    }

    @Test
    void accountOfAnotherUserIsRefused() throws Exception {
        HttpResponse<String> response = client.get(envelopesUrl(UUID.randomUUID().toString()), "Bearer " + token());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttpClient.json(response).get("errorCode").asText())
                .isEqualTo("USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT");
        assertRateHeaders(response);
        assertThat(WORLD.restCalls).isEmpty();
    }

    @Test
    void theNonDefaultAccountOfTheUserIsAllowed() throws Exception {
        String other = emulator.identity().accounts().stream().filter(a -> !a.isDefault()).findFirst().orElseThrow()
                .accountId();

        assertThat(client.get(envelopesUrl(other), "Bearer " + token()).statusCode()).isEqualTo(200);
        assertThat(WORLD.restCalls.get(0).accountId()).isEqualTo(other);
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        String token = token();
        assertThat(client.get(emulator.restBaseUri() + "/v2.1/accounts", "Bearer " + token).statusCode())
                .isEqualTo(404);
        assertThat(client.get(emulator.baseUrl() + "/nothing/here").statusCode()).isEqualTo(404);
        assertThat(client.get(emulator.oauthBaseUrl() + "/oauth/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void hourlyLimitCountsDownAndThenRefusesWithConfiguredStatus() throws Exception {
        emulator.applySettings(defaults.withHourlyLimit(3, Duration.ofSeconds(60)));
        String token = token();
        String url = envelopesUrl(emulator.defaultAccountId());

        HttpResponse<String> first = client.get(url, "Bearer " + token);
        client.get(url, "Bearer " + token);
        HttpResponse<String> third = client.get(url, "Bearer " + token);
        HttpResponse<String> refused = client.get(url, "Bearer " + token);

        assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
        assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        long windowEnd = Math.floorDiv(CLOCK.millis(), 60_000L) * 60 + 60;
        assertThat(first.headers().firstValue("X-RateLimit-Reset")).hasValue(Long.toString(windowEnd));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"errorCode\":\"HOURLY_APIINVOCATION_LIMIT_EXCEEDED\",\"message\":"
                + "\"The maximum number of hourly API invocations has been exceeded. The hourly limit is 3.\"}");
        assertRateHeaders(refused);
        assertThat(WORLD.restCalls).hasSize(3);

        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(client.get(url, "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void burstLimitRefusesWithStatus400WhenConfigured() throws Exception {
        emulator.applySettings(defaults.withBurstLimit(2, Duration.ofSeconds(30)).withLimitStatus(400));
        String token = token();
        String url = envelopesUrl(emulator.defaultAccountId());

        HttpResponse<String> first = client.get(url, "Bearer " + token);
        client.get(url, "Bearer " + token);
        HttpResponse<String> refused = client.get(url, "Bearer " + token);

        assertThat(first.headers().firstValue("X-BurstLimit-Limit")).hasValue("2");
        assertThat(first.headers().firstValue("X-BurstLimit-Remaining")).hasValue("1");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(EmulatorHttpClient.json(refused).get("errorCode").asText())
                .isEqualTo("BURST_APIINVOCATION_LIMIT_EXCEEDED");
        assertThat(refused.headers().firstValue("X-BurstLimit-Remaining")).hasValue("0");
    }

    @Test
    void limitsAreCountedPerAccount() throws Exception {
        emulator.applySettings(defaults.withHourlyLimit(1, Duration.ofSeconds(60)));
        String token = token();
        List<EmulatorAccount> accounts = emulator.identity().accounts();

        assertThat(client.get(envelopesUrl(accounts.get(0).accountId()), "Bearer " + token).statusCode())
                .isEqualTo(200);
        assertThat(client.get(envelopesUrl(accounts.get(1).accountId()), "Bearer " + token).statusCode())
                .isEqualTo(200);
        assertThat(client.get(envelopesUrl(accounts.get(1).accountId()), "Bearer " + token).statusCode())
                .isEqualTo(429);
    }
}
