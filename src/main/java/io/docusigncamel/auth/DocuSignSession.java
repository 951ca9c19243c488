package io.docusigncamel.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.docusigncamel.auth.AuthStatus.State;

/**
 * The service's one authenticated DocuSign identity: the token (through {@link TokenProvider}), the account to
 * work in (through {@link UserInfoClient}, asked once per process because DocuSign rate-limits userinfo), and a
 * {@link AuthStatus} for the readiness check.
 *
 * <p>{@link #connectInBackground} keeps trying until it has both, with exponential backoff and jitter, so that a
 * missing consent or a configuration fix made in DocuSign's console is picked up without a restart and without
 * hammering the token endpoint. It logs the consent URL once while consent is missing, every other problem once
 * per kind with its fix, and one INFO line when ready; never a token. A failure of {@link #token()} seen by a route
 * after the session was ready also starts the background retry, so the status heals by itself. While the background
 * connection waits for its next attempt, {@link #token()} and {@link #account()} fail fast with the last failure
 * instead of asking DocuSign again, so routes that keep calling cannot hammer the token or userinfo endpoint
 * (DocuSign rate-limits both); {@link #retryNow()} lifts that at once.
 *
 * <p>Thread-safe. No lock is held during HTTP calls; the small lock here only guards the retry schedule.
 */
public final class DocuSignSession {

    private static final Logger LOG = LoggerFactory.getLogger(DocuSignSession.class);
    /** Each delay is shortened by up to this fraction, so several instances do not retry in lockstep. */
    private static final double JITTER = 0.2;

    private final TokenProvider tokens;
    private final UserInfoClient userInfo;
    private final Optional<String> configuredAccountId;
    private final Clock clock;
    private final DoubleSupplier random;

    private final AtomicReference<DocuSignAccount> account = new AtomicReference<>();
    private final SingleFlight<DocuSignAccount> accountLookup = new SingleFlight<>();
    private final AtomicReference<AuthStatus> status = new AtomicReference<>(AuthStatus.starting());
    /** Problem kinds already logged since the session was last ready; the consent URL is logged once this way. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** A failure callers get without a request until the next background attempt; one field, read atomically. */
    private record Hold(Exception failure, Instant until) {
    }

    private static final Hold NO_HOLD = new Hold(null, Instant.MIN);
    private volatile Hold hold = NO_HOLD;

    private final Object retryLock = new Object();
    private ScheduledExecutorService scheduler;
    private Duration initialBackoff;
    private Duration maxBackoff;
    /** Non-null while an attempt is scheduled or running. */
    private ScheduledFuture<?> pending;
    /** Only the attempt of the latest generation may schedule the next one. */
    private long generation;
    private int failures;
    private boolean stopped;

    public DocuSignSession(TokenProvider tokens, UserInfoClient userInfo, Optional<String> configuredAccountId, Clock clock) {
        this(tokens, userInfo, configuredAccountId, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1) for the jitter; tests pass a fixed one */
    DocuSignSession(TokenProvider tokens, UserInfoClient userInfo, Optional<String> configuredAccountId, Clock clock, DoubleSupplier random) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.userInfo = Objects.requireNonNull(userInfo, "userInfo");
        this.configuredAccountId = Objects.requireNonNull(configuredAccountId, "configuredAccountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A current access token. */
    public AccessToken token() throws TokenException {
        Hold current = hold;
        if (current.failure() instanceof TokenException held && clock.instant().isBefore(current.until())) {
            throw held;
        }
        try {
            return obtainToken();
        } catch (TokenException e) {
            failed(e);
            throw e;
        }
    }

    /** The account to work in; userinfo is asked once per process, concurrent first callers share that one call. */
    public DocuSignAccount account() throws TokenException, AccountException {
        DocuSignAccount known = account.get();
        if (known != null) {
            return known;
        }
        Hold current = hold;
        if (current.failure() != null && clock.instant().isBefore(current.until())) {
            if (current.failure() instanceof AccountException accountProblem) {
                throw accountProblem;
            }
            throw (TokenException) current.failure();
        }
        try {
            return obtainAccount();
        } catch (TokenException | AccountException e) {
            failed(e);
            throw e;
        }
    }

    /** DocuSign's REST API answered 401 to {@code rejected}: the next {@link #token()} gets a new one. */
    public void tokenRejected(AccessToken rejected) {
        tokens.invalidate(rejected);
    }

    public AuthStatus status() {
        return status.get();
    }

    /** How many token requests were made (for metrics). */
    public long tokenRequests() {
        return tokens.tokenRequests();
    }

    /** How many token requests failed with {@code error} (for metrics). */
    public long tokenFailures(TokenError error) {
        return tokens.tokenFailures(error);
    }

    /**
     * Starts connecting on {@code scheduler}: an attempt now, and after each failure another one, the delay doubling
     * from {@code initialBackoff} up to {@code maxBackoff} (each shortened by a random up-to-20 %). Never throws from
     * the scheduled task. Call once.
     */
    public void connectInBackground(ScheduledExecutorService scheduler, Duration initialBackoff, Duration maxBackoff) {
        Objects.requireNonNull(scheduler, "scheduler");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and initialBackoff <= maxBackoff");
        }
        synchronized (retryLock) {
            if (this.scheduler != null) {
                throw new IllegalStateException("the DocuSign session is already connecting in the background");
            }
            this.scheduler = scheduler;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            scheduleLocked(Duration.ZERO);
        }
    }

    /** Tries again now instead of waiting for the backoff (e.g. after the user granted consent). */
    public void retryNow() {
        synchronized (retryLock) {
            if (scheduler != null && !stopped) {
                hold = NO_HOLD;
                scheduleLocked(Duration.ZERO);
            }
        }
    }

    /** Stops background attempts; a running one finishes but schedules nothing. */
    public void stop() {
        synchronized (retryLock) {
            stopped = true;
            hold = NO_HOLD;
            generation++;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }

    private AccessToken obtainToken() throws TokenException {
        AccessToken token = tokens.token();
        DocuSignAccount known = account.get();
        if (known != null && !status.get().ready()) {
            ready(known);
        }
        return token;
    }

    private DocuSignAccount obtainAccount() throws TokenException, AccountException {
        DocuSignAccount known = account.get();
        if (known != null) {
            return known;
        }
        CompletableFuture<DocuSignAccount> lookup = accountLookup.join(this::lookUpAccount);
        try {
            return lookup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(TokenError.UNREACHABLE, "interrupted while waiting for DocuSign's userinfo",
                    "none needed if the service is shutting down; otherwise the next attempt retries");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TokenException tokenException) {
                throw tokenException;
            }
            if (cause instanceof AccountException accountException) {
                throw accountException;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("userinfo failed with an undeclared exception", cause);
        }
    }

    private DocuSignAccount lookUpAccount() throws TokenException, AccountException {
        DocuSignAccount known = account.get();
        if (known != null) {
            return known;
        }
        AccessToken token = tokens.token();
        DocuSignAccount resolved;
        try {
            resolved = userInfo.resolveAccount(token, configuredAccountId);
        } catch (TokenException e) {
            if (e.error() != TokenError.TOKEN_REJECTED) {
                throw e;
            }
            // DocuSign may revoke a token before its expiry: one new token, one more try.
            tokens.invalidate(token);
            resolved = userInfo.resolveAccount(tokens.token(), configuredAccountId);
        }
        account.set(resolved);
        ready(resolved);
        return resolved;
    }

    private void ready(DocuSignAccount resolved) {
        AuthStatus before = status.getAndSet(new AuthStatus(State.READY,
                "connected to DocuSign: account " + resolved.accountId() + " (" + resolved.accountName() + "), REST base " + resolved.restBase(),
                Optional.empty(), Optional.empty(), Optional.of(resolved), Optional.of(clock.instant()), Optional.empty()));
        hold = NO_HOLD;
        if (!before.ready()) {
            reported.clear();
            LOG.info("DocuSign ready: account {} ({}), REST base {}", resolved.accountId(), resolved.accountName(), resolved.restBase());
        }
    }

    /** A caller's failure: record it and make sure the background connection is retrying. */
    private void failed(Exception problem) {
        record(problem);
        synchronized (retryLock) {
            if (scheduler != null && !stopped && pending == null) {
                retryLaterLocked(problem);
            }
        }
    }

    private void attempt(long attemptGeneration) {
        synchronized (retryLock) {
            if (attemptGeneration != generation || stopped) {
                return;
            }
        }
        try {
            obtainToken();
            ready(obtainAccount());
            synchronized (retryLock) {
                if (attemptGeneration == generation) {
                    failures = 0;
                    pending = null;
                }
            }
        } catch (TokenException | AccountException | RuntimeException e) {
            // RuntimeException too: a background task that dies silently would leave the service unready forever.
            record(e);
            synchronized (retryLock) {
                if (attemptGeneration == generation && !stopped) {
                    retryLaterLocked(e);
                }
            }
        }
    }

    private void record(Exception problem) {
        Instant now = clock.instant();
        AuthStatus next;
        String kind;
        if (problem instanceof TokenException token) {
            State state = token.error() == TokenError.CONSENT_REQUIRED ? State.CONSENT_REQUIRED : State.FAILED;
            next = new AuthStatus(state, token.getMessage(), Optional.of(token.fix()), token.consentUrl(), Optional.ofNullable(account.get()),
                    Optional.of(now), Optional.empty());
            kind = token.error().name();
        } else if (problem instanceof AccountException accountProblem) {
            next = new AuthStatus(State.FAILED, accountProblem.getMessage(), Optional.of(accountProblem.fix()), Optional.empty(),
                    Optional.empty(), Optional.of(now), Optional.empty());
            kind = "ACCOUNT " + accountProblem.getMessage();
        } else {
            next = new AuthStatus(State.FAILED, "unexpected failure while connecting to DocuSign: " + problem,
                    Optional.of("report this as a bug, with the log"), Optional.empty(), Optional.ofNullable(account.get()),
                    Optional.of(now), Optional.empty());
            kind = problem.getClass().getName();
        }
        status.set(next);
        if (!reported.add(kind)) {
            LOG.debug("DocuSign still not ready ({}); retrying", kind);
        } else if (next.state() == State.CONSENT_REQUIRED) {
            LOG.warn("DocuSign consent required; the service waits and retries until it is given: {}", problem.getMessage());
        } else if (problem instanceof RuntimeException) {
            LOG.error("Unexpected failure while connecting to DocuSign; retrying", problem);
        } else {
            LOG.warn("DocuSign authentication failed; retrying: {}", problem.getMessage());
        }
    }

    private void retryLaterLocked(Exception problem) {
        Duration delay = nextBackoffLocked();
        if (problem instanceof TokenException || problem instanceof AccountException) {
            hold = new Hold(problem, clock.instant().plus(delay));
        }
        scheduleLocked(delay);
    }

    private Duration nextBackoffLocked() {
        int exponent = Math.min(failures++, 30);
        Duration base = initialBackoff.multipliedBy(1L << exponent);
        if (base.compareTo(maxBackoff) > 0 || base.isNegative()) {
            base = maxBackoff;
        }
        long millis = base.toMillis();
        return Duration.ofMillis(millis - (long) (millis * JITTER * random.getAsDouble()));
    }

    private void scheduleLocked(Duration delay) {
        if (pending != null) {
            pending.cancel(false);
        }
        long attemptGeneration = ++generation;
        pending = scheduler.schedule(() -> attempt(attemptGeneration), delay.toMillis(), TimeUnit.MILLISECONDS);
        if (!delay.isZero()) {
            status.updateAndGet(current -> current.withNextAttempt(clock.instant().plus(delay)));
        }
    }
}
