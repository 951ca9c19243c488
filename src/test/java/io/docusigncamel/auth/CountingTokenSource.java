package io.docusigncamel.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token source that hands out numbered tokens ({@code token-1}, {@code token-2}, ...) living {@code lifetime}
 * from the clock's now, counts requests, can be told to fail next, and can hold a request open until released so
 * that tests really overlap callers. Thread-safe.
 */
final class CountingTokenSource implements TokenSource {

    private final Clock clock;
    private final Duration lifetime;
    private final AtomicInteger requests = new AtomicInteger();
    private final Deque<TokenException> failures = new ArrayDeque<>();
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    CountingTokenSource(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** The next request fails with {@code failure} (queued, in order). */
    synchronized void failNext(TokenException failure) {
        failures.add(failure);
    }

    /** From now on each request signals {@link #awaitEntered()} and then blocks until {@link #release()}. */
    void holdRequests() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    void release() {
        release.countDown();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public AccessToken requestToken() throws TokenException {
        int number = requests.incrementAndGet();
        entered.countDown();
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the held token request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        TokenException failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            throw failure;
        }
        return new AccessToken("token-" + number, clock.instant().plus(lifetime));
    }
}
