package io.docusigncamel.auth;

import io.docusigncamel.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenProviderTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final int CALLERS = 10;

    private final MutableClock clock = new MutableClock(START);
    private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    private final List<Thread> callerThreads = new ArrayList<>();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void reusesTheTokenUntilTheRefreshPoint() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));

        AccessToken first = provider.token();
        clock.advance(Duration.ofMinutes(50).minusSeconds(1));

        assertThat(provider.token()).isSameAs(first);
        assertThat(source.requests()).isEqualTo(1);
        assertThat(provider.tokenRequests()).isEqualTo(1);
    }

    @Test
    void refreshesExactlyAtExpiryMinusMargin() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        AccessToken first = provider.token();

        clock.set(first.expiresAt().minus(Duration.ofMinutes(10)));
        AccessToken second = provider.token();

        assertThat(second.value()).isEqualTo("token-2");
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.token()).isSameAs(second);
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void refreshesAfterTheRefreshPointToo() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        provider.token();

        clock.advance(Duration.ofHours(2));

        assertThat(provider.token().value()).isEqualTo("token-2");
    }

    @Test
    void honoursTheLifetimeDocuSignReturnsForShortTokens() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofSeconds(600));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(1));
        AccessToken first = provider.token();

        clock.advance(Duration.ofSeconds(539));
        assertThat(provider.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.token().value()).isEqualTo("token-2");
    }

    @Test
    void capsAMarginLongerThanTheTokenAtHalfItsLifetime() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofSeconds(600));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        AccessToken first = provider.token();

        clock.advance(Duration.ofSeconds(299));
        assertThat(provider.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(provider.token().value()).isEqualTo("token-2");
    }

    @Test
    void refreshesOnceWhenTenThreadsAskAtExpiry() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        provider.token();
        clock.advance(Duration.ofMinutes(55));
        source.holdRequests();

        List<Future<AccessToken>> results = startCallers(provider);
        assertThat(source.awaitEntered()).isTrue();
        awaitAllCallersParked();
        source.release();

        for (Future<AccessToken> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS).value()).isEqualTo("token-2");
        }
        assertThat(source.requests()).isEqualTo(2);
        assertThat(provider.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aFailureReachesEveryWaitingCallerAndTheNextCallRetries() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        source.failNext(new TokenException(TokenError.CONSENT_REQUIRED, "consent missing", "open the consent URL", "https://consent", null));
        source.holdRequests();

        List<Future<AccessToken>> results = startCallers(provider);
        assertThat(source.awaitEntered()).isTrue();
        awaitAllCallersParked();
        source.release();

        for (Future<AccessToken> result : results) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TokenException.class)
                    .extracting(cause -> ((TokenException) cause).error()).isEqualTo(TokenError.CONSENT_REQUIRED);
        }
        assertThat(source.requests()).isEqualTo(1);

        assertThat(provider.token().value()).isEqualTo("token-2");
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void invalidatingTheRejectedTokenGetsANewOneOnce() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        AccessToken rejected = provider.token();

        provider.invalidate(rejected);

        AccessToken fresh = provider.token();
        assertThat(fresh.value()).isEqualTo("token-2");
        assertThat(provider.token()).isSameAs(fresh);
        assertThat(source.requests()).isEqualTo(2);
    }

    @Test
    void aLateRejectionOfAnOlderTokenDoesNotDiscardTheNewOne() throws Exception {
        CountingTokenSource source = new CountingTokenSource(clock, Duration.ofHours(1));
        TokenProvider provider = new TokenProvider(source, clock, Duration.ofMinutes(10));
        AccessToken old = provider.token();
        clock.advance(Duration.ofMinutes(50));
        AccessToken current = provider.token();

        provider.invalidate(old);

        assertThat(provider.token()).isSameAs(current);
        assertThat(source.requests()).isEqualTo(2);
    }

    private List<Future<AccessToken>> startCallers(TokenProvider provider) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(CALLERS);
        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            results.add(pool.submit(() -> {
                synchronized (callerThreads) {
                    callerThreads.add(Thread.currentThread());
                }
                start.await();
                arrived.countDown();
                return provider.token();
            }));
        }
        start.countDown();
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        return results;
    }

    /** Every caller is blocked: one inside the held request, the others waiting for its outcome. */
    private void awaitAllCallersParked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (callerThreads) {
                return callerThreads.size() == CALLERS && callerThreads.stream()
                        .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
            }
        });
    }
}
