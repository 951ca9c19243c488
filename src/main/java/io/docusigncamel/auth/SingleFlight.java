package io.docusigncamel.auth;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most one call in flight: the first caller runs the call on its own thread, callers arriving meanwhile wait
 * for that call's outcome (result or failure) instead of starting their own. No lock is held while the call runs;
 * the in-flight call is published through an {@link AtomicReference}. Thread-safe.
 */
final class SingleFlight<T> {

    private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();

    /**
     * The outcome of {@code call}, or of the call already in flight. The returned future is complete when this
     * method returns for the caller that ran the call; waiters block on it with {@link CompletableFuture#get()}.
     */
    CompletableFuture<T> join(Callable<T> call) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        try {
            mine.complete(call.call());
        } catch (Exception | Error e) {
            mine.completeExceptionally(e);
        } finally {
            // Only after the outcome is published (a new token is stored by the call itself), so a caller that
            // starts the next flight sees it.
            inFlight.compareAndSet(mine, null);
        }
        return mine;
    }
}
