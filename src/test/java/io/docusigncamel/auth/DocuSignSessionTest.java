package io.docusigncamel.auth;

import io.docusigncamel.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.auth.AuthStatus.State;
import io.docusigncamel.auth.FakeOAuthServer.Response;

class DocuSignSessionTest {

    private static final String CONSENT_URL = "https://account-d.docusign.com/oauth/auth?response_type=code"
            + "&scope=signature%20impersonation&client_id=0f2b8a52&redirect_uri=https%3A%2F%2Fexample.com%2Fcb";
    private static final Duration INITIAL = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
    private final TokenProvider tokens = new TokenProvider(source, clock, Duration.ofMinutes(10));
    private final ManualScheduler scheduler = new ManualScheduler();
    private FakeOAuthServer docuSign;
    private CapturedLog log;
    private DocuSignSession session;

    @BeforeEach
    void start() throws IOException {
        docuSign = new FakeOAuthServer().respond("/oauth/userinfo", Response.json(200, UserInfoClientTest.TWO_ACCOUNTS));
        log = new CapturedLog(DocuSignSession.class);
        session = new DocuSignSession(tokens, new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient()),
                Optional.empty(), clock, () -> 0.0);
    }

    @AfterEach
    void stop() {
        log.close();
        docuSign.close();
    }

    @Test
    void asksUserInfoOnceForManyAccountCalls() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DocuSignAccount>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(session::account));
            }
            for (Future<DocuSignAccount> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).accountId()).isEqualTo(UserInfoClientTest.CORPORATION);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(session.account().restBase()).isEqualTo("https://na3.docusign.net/restapi");
        assertThat(docuSign.requests("/oauth/userinfo")).hasSize(1);
        assertThat(session.status().state()).isEqualTo(State.READY);
    }

    @Test
    void logsTheConsentUrlOnceWhileRetryingThenBecomesReadyWithoutRestart() {
        for (int i = 0; i < 3; i++) {
            source.failNext(consentRequired());
        }

        session.connectInBackground(scheduler, INITIAL, MAX);
        assertThat(session.status().state()).isEqualTo(State.STARTING);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(scheduler.runNext()).isTrue();
            AuthStatus status = session.status();
            assertThat(status.state()).isEqualTo(State.CONSENT_REQUIRED);
            assertThat(status.consentUrl()).contains(CONSENT_URL);
            assertThat(status.fix()).hasValueSatisfying(fix -> assertThat(fix).contains(CONSENT_URL));
            assertThat(status.lastAttempt()).contains(clock.instant());
            assertThat(status.nextAttempt()).contains(clock.instant().plus(INITIAL.multipliedBy(1L << attempt)));
        }
        assertThat(log.at(Level.WARN)).hasSize(1).first().satisfies(line -> assertThat(line.message()).contains(CONSENT_URL));

        assertThat(scheduler.runNext()).isTrue();

        AuthStatus ready = session.status();
        assertThat(ready.state()).isEqualTo(State.READY);
        assertThat(ready.account()).map(DocuSignAccount::accountId).contains(UserInfoClientTest.CORPORATION);
        assertThat(ready.consentUrl()).isEmpty();
        assertThat(ready.fix()).isEmpty();
        assertThat(log.at(Level.INFO)).hasSize(1).first().satisfies(line -> assertThat(line.message())
                .contains(UserInfoClientTest.CORPORATION).contains("Example Corporation").contains("https://na3.docusign.net/restapi"));
        assertThat(scheduler.pending()).isZero();
        assertThat(source.requests()).isEqualTo(4);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        for (int i = 0; i < 7; i++) {
            source.failNext(new TokenException(TokenError.UNREACHABLE, "no route", "check the network"));
        }

        session.connectInBackground(scheduler, INITIAL, MAX);
        for (int i = 0; i < 7; i++) {
            assertThat(scheduler.runNext()).isTrue();
        }

        assertThat(scheduler.delays()).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), MAX, MAX, MAX);
        assertThat(session.status().state()).isEqualTo(State.FAILED);
    }

    @Test
    void jitterShortensEachDelayByAtMostAFifth() {
        DocuSignSession jittered = new DocuSignSession(tokens, new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient()),
                Optional.empty(), clock, () -> 0.999);
        for (int i = 0; i < 3; i++) {
            source.failNext(new TokenException(TokenError.UNREACHABLE, "no route", "check the network"));
        }

        jittered.connectInBackground(scheduler, Duration.ofSeconds(10), Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            scheduler.runNext();
        }

        assertThat(scheduler.delays()).containsExactly(Duration.ZERO, Duration.ofMillis(8002), Duration.ofMillis(16004), Duration.ofMillis(32008));
    }

    @Test
    void logsEachOtherProblemOnceWithItsFix() {
        for (int i = 0; i < 3; i++) {
            source.failNext(new TokenException(TokenError.ISSUER_NOT_FOUND, "issuer_not_found", "check docusign.integration-key"));
        }
        source.failNext(new TokenException(TokenError.UNREACHABLE, "connection refused", "check docusign.oauth-base-url"));

        session.connectInBackground(scheduler, INITIAL, MAX);
        for (int i = 0; i < 4; i++) {
            scheduler.runNext();
        }

        assertThat(log.at(Level.WARN)).extracting(CapturedLog.Line::message).hasSize(2)
                .anySatisfy(message -> assertThat(message).contains("Fix: check docusign.integration-key"))
                .anySatisfy(message -> assertThat(message).contains("Fix: check docusign.oauth-base-url"));
        assertThat(session.status().reason()).contains("connection refused");
    }

    @Test
    void retryNowReplacesTheWaitingAttempt() {
        source.failNext(consentRequired());
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();
        assertThat(scheduler.pending()).isEqualTo(1);

        session.retryNow();

        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(scheduler.delays()).last().isEqualTo(Duration.ZERO);
        scheduler.runNext();
        assertThat(session.status().state()).isEqualTo(State.READY);
        assertThat(scheduler.runNext()).isFalse();
    }

    @Test
    void callersFailFastWithoutAskingDocuSignUntilTheNextAttempt() throws Exception {
        source.failNext(consentRequired());
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();

        assertThatThrownBy(session::token).isInstanceOf(TokenException.class)
                .extracting(e -> ((TokenException) e).error()).isEqualTo(TokenError.CONSENT_REQUIRED);
        assertThatThrownBy(session::account).isInstanceOf(TokenException.class);
        assertThat(source.requests()).isEqualTo(1);
        assertThat(docuSign.requests("/oauth/userinfo")).isEmpty();

        clock.advance(INITIAL);

        assertThat(session.token().value()).isEqualTo("token-2");
        assertThat(session.account().accountId()).isEqualTo(UserInfoClientTest.CORPORATION);
    }

    @Test
    void retryNowLetsCallersThroughAtOnce() throws Exception {
        source.failNext(consentRequired());
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();

        session.retryNow();

        assertThat(session.token().value()).isEqualTo("token-2");
    }

    @Test
    void stopEndsTheRetries() {
        source.failNext(consentRequired());
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();

        session.stop();

        assertThat(scheduler.runNext()).isFalse();
        assertThat(source.requests()).isEqualTo(1);
    }

    @Test
    void aFailureSeenByARouteAfterReadyRestartsTheRetriesAndHeals() throws Exception {
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();
        assertThat(session.status().ready()).isTrue();
        clock.advance(Duration.ofMinutes(55));
        source.failNext(new TokenException(TokenError.UNREACHABLE, "connection reset", "check the network"));

        assertThatThrownBy(session::token).isInstanceOf(TokenException.class);

        assertThat(session.status().state()).isEqualTo(State.FAILED);
        assertThat(scheduler.delays()).last().isEqualTo(INITIAL);
        scheduler.runNext();
        assertThat(session.status().ready()).isTrue();
        assertThat(log.at(Level.INFO)).hasSize(2);
    }

    @Test
    void aTokenRejectedByUserInfoIsReplacedOnce() throws Exception {
        docuSign.close();
        docuSign = new FakeOAuthServer().respond("/oauth/userinfo",
                Response.json(401, "{\"error\":\"internal_server_error\",\"reference_id\":\"x\"}"),
                Response.json(200, UserInfoClientTest.TWO_ACCOUNTS));
        DocuSignSession fresh = new DocuSignSession(tokens, new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient()),
                Optional.empty(), clock);

        assertThat(fresh.account().accountId()).isEqualTo(UserInfoClientTest.CORPORATION);

        assertThat(source.requests()).isEqualTo(2);
        assertThat(docuSign.requests("/oauth/userinfo")).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void anAccountProblemIsReportedWithItsFix() throws Exception {
        DocuSignSession misconfigured = new DocuSignSession(tokens, new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient()),
                Optional.of("not-an-account"), clock);

        assertThatThrownBy(misconfigured::account).isInstanceOf(AccountException.class);

        assertThat(misconfigured.status().state()).isEqualTo(State.FAILED);
        assertThat(misconfigured.status().fix()).hasValueSatisfying(fix -> assertThat(fix).contains("docusign.account-id"));
    }

    @Test
    void neverLogsTheToken() {
        source.failNext(consentRequired());
        session.connectInBackground(scheduler, INITIAL, MAX);
        scheduler.runNext();
        scheduler.runNext();

        assertThat(log.lines()).isNotEmpty().allSatisfy(line -> assertThat(line.message()).doesNotContain("token-"));
        assertThat(session.status().toString()).doesNotContain("token-");
    }

    private static TokenException consentRequired() {
        return new TokenException(TokenError.CONSENT_REQUIRED, "DocuSign's token endpoint answered HTTP 400 {\"error\":\"consent_required\"}",
                "grant consent once by opening " + CONSENT_URL + " as the user", CONSENT_URL, null);
    }
}
