package io.docusigncamel.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When to get a token: caches the current one and asks its {@link TokenSource} for a new one once the refresh
 * point is reached, which is {@code refreshMargin} before expiry (capped at half the token's lifetime, so a
 * margin longer than a short-lived token does not make every call a request).
 *
 * <p>Thread-safe. The cached token is an immutable value behind an {@link AtomicReference}; readers never block
 * while it is fresh. At most one request is in flight: callers that need a token while it runs wait for its
 * outcome, and a failure reaches every one of them (the next call after it starts a new request). No lock is held
 * during the HTTP call.
 */
public final class TokenProvider {

    /** The token and when to stop handing it out. */
    private record Cached(AccessToken token, Instant refreshAt) {
    }

    private final TokenSource source;
    private final Clock clock;
    private final Duration refreshMargin;
    private final AtomicReference<Cached> cached = new AtomicReference<>();
    private final SingleFlight<AccessToken> refresh = new SingleFlight<>();
    private final AtomicLong requests = new AtomicLong();
    /** Failed requests by kind; every kind present, so reading needs no lock. */
    private final Map<TokenError, AtomicLong> failures = new EnumMap<>(TokenError.class);

    public TokenProvider(TokenSource source, Clock clock, Duration refreshMargin) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
        if (refreshMargin.isNegative()) {
            throw new IllegalArgumentException("docusign.token-refresh-margin must not be negative");
        }
        for (TokenError error : TokenError.values()) {
            failures.put(error, new AtomicLong());
        }
    }

    /** A token that is not yet at its refresh point; requests one if needed. */
    public AccessToken token() throws TokenException {
        Cached current = cached.get();
        if (current != null && fresh(current)) {
            return current.token();
        }
        return await(refresh.join(this::refreshUnlessFresh));
    }

    /**
     * Forgets {@code rejected} (DocuSign answered 401 to it), but only if it is still the cached token: a 401 for an
     * older token, arriving after a refresh, must not discard the new one.
     */
    public void invalidate(AccessToken rejected) {
        Cached current = cached.get();
        if (current != null && current.token().equals(rejected)) {
            cached.compareAndSet(current, null);
        }
    }

    /** How many times the source was asked for a token (for metrics and tests). */
    public long tokenRequests() {
        return requests.get();
    }

    /** How many token requests failed with {@code error} (for metrics). */
    public long tokenFailures(TokenError error) {
        return failures.get(Objects.requireNonNull(error, "error")).get();
    }

    private AccessToken refreshUnlessFresh() throws TokenException {
        // Another flight may have stored a token between this caller's check and its becoming the leader.
        Cached current = cached.get();
        if (current != null && fresh(current)) {
            return current.token();
        }
        Instant requestedAt = clock.instant();
        requests.incrementAndGet();
        AccessToken token;
        try {
            token = source.requestToken();
        } catch (TokenException e) {
            failures.get(e.error()).incrementAndGet();
            throw e;
        }
        cached.set(new Cached(token, refreshPoint(token, requestedAt)));
        return token;
    }

    private Instant refreshPoint(AccessToken token, Instant requestedAt) {
        Duration lifetime = Duration.between(requestedAt, token.expiresAt());
        Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
        return token.expiresAt().minus(margin);
    }

    private boolean fresh(Cached current) {
        return clock.instant().isBefore(current.refreshAt());
    }

    private static AccessToken await(CompletableFuture<AccessToken> flight) throws TokenException {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(TokenError.UNREACHABLE, "interrupted while waiting for a DocuSign access token",
                    "none needed if the service is shutting down; otherwise the next attempt retries");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenException tokenException) {
                throw tokenException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("token source failed with an undeclared exception", cause);
        }
    }
}
