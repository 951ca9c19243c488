package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.Claim.Kind;

/**
 * The pool used for PostgreSQL URLs, exercised with H2 (PostgreSQL is not available to the tests): bounds, reuse,
 * discarding broken connections, and a whole ledger running on it.
 */
class BoundedConnectionPoolTest {

    private BoundedConnectionPool pool;

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void reusesAReturnedConnectionInAutoCommitMode() throws SQLException {
        pool = newPool(2, Duration.ofSeconds(5));
        Connection first = pool.withConnection(connection -> {
            connection.setAutoCommit(false);
            return connection;
        });

        Connection second = pool.withConnection(connection -> {
            assertThat(connection.getAutoCommit()).isTrue();
            return connection;
        });

        assertThat(second).isSameAs(first);
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void aCallerBeyondTheLimitWaitsForAConnectionToComeBack() throws Exception {
        pool = newPool(1, Duration.ofSeconds(30));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> borrow(() -> {
            holding.countDown();
            awaitRelease(release);
        }));
        holding.await(10, TimeUnit.SECONDS);
        AtomicReference<String> waiterState = new AtomicReference<>("waiting");

        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> borrow(() -> waiterState.set("got one")));

        await().atMost(Duration.ofSeconds(10)).until(() -> pool.waitingCount() == 1);
        assertThat(waiter).isNotDone();
        assertThat(waiterState).hasValue("waiting");
        release.countDown();
        waiter.get(10, TimeUnit.SECONDS);
        holder.get(10, TimeUnit.SECONDS);
        assertThat(waiterState).hasValue("got one");
    }

    @Test
    void givesUpAfterTheBorrowTimeoutWhenEveryConnectionIsBusy() throws Exception {
        pool = newPool(1, Duration.ofMillis(200));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> borrow(() -> {
            holding.countDown();
            awaitRelease(release);
        }));
        holding.await(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> pool.withConnection(connection -> null))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("all 1 in use");
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
    }

    @Test
    void discardsAConnectionThatFailedWithAConnectionError() throws SQLException {
        pool = newPool(2, Duration.ofSeconds(5));
        pool.withConnection(connection -> null);
        assertThat(pool.idleCount()).isEqualTo(1);

        assertThatThrownBy(() -> pool.withConnection(connection -> {
            throw new SQLException("connection reset", "08006");
        })).hasMessage("connection reset");

        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void keepsAConnectionAfterAnOrdinaryStatementError() throws SQLException {
        pool = newPool(2, Duration.ofSeconds(5));

        assertThatThrownBy(() -> pool.withConnection(connection -> {
            throw new SQLException("duplicate key", "23505");
        })).hasMessage("duplicate key");

        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void aLedgerRunsOnIt() {
        String url = LedgerFiles.newFileUrl("bounded-pool");
        pool = newPool(url, 4, Duration.ofSeconds(5));
        Instant now = Instant.parse("2025-03-01T10:00:00Z");

        try (Ledger ledger = Ledger.open(pool, url, null)) {
            long run = ledger.beginRun("a.csv", LedgerFiles.sha256(1), now).id();
            assertThat(ledger.claim("EMP-1", run, "a.csv", 1, now).kind()).isEqualTo(Kind.CLAIMED);
            assertThat(ledger.claim("EMP-1", run, "a.csv", 2, now).kind()).isEqualTo(Kind.DUPLICATE_IN_FILE);
            ledger.markSent("EMP-1", "env-1", now);
            ledger.recordOutcome(run, 1, "EMP-1", Outcome.SENT, "env-1", null);
            ledger.recordOutcome(run, 1, "EMP-1", Outcome.SENT, "env-1", "again");
            assertThat(ledger.countOutcomes(run)).containsEntry(Outcome.SENT, 1L);
        }
        pool = null;
    }

    private BoundedConnectionPool newPool(int max, Duration timeout) {
        return newPool("jdbc:h2:mem:pool-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", max, timeout);
    }

    private static BoundedConnectionPool newPool(String url, int max, Duration timeout) {
        return new BoundedConnectionPool(url, "sa", "pw".toCharArray(), max, timeout);
    }

    private void borrow(Runnable whileHolding) {
        try {
            pool.withConnection(connection -> {
                whileHolding.run();
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
