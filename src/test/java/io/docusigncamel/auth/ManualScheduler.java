package io.docusigncamel.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: it records each task with its delay, and the test runs them one by one
 * on its own thread with {@link #runNext()}. Periodic scheduling is not offered (the session does not use it).
 * Thread-safe.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
        private final Duration delay;
        private final long order;

        Task(Callable<Object> callable, Duration delay, long order) {
            super(callable);
            this.delay = delay;
            this.order = order;
        }

        Duration delay() {
            return delay;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delay);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private final List<Task> allScheduled = new ArrayList<>();
    private long scheduled;
    private boolean shutdown;

    /** Runs the pending task with the shortest delay (earliest scheduled among equals); false if none is pending. */
    boolean runNext() {
        Task next;
        synchronized (this) {
            next = tasks.stream().filter(task -> !task.isDone())
                    .min(Comparator.comparing(Task::delay).thenComparingLong(task -> task.order)).orElse(null);
            if (next == null) {
                return false;
            }
            tasks.remove(next);
        }
        next.run();
        return true;
    }

    /** Delays of every task ever scheduled, in scheduling order. */
    synchronized List<Duration> delays() {
        return allScheduled.stream().map(Task::delay).toList();
    }

    synchronized int pending() {
        return (int) tasks.stream().filter(task -> !task.isDone()).count();
    }


    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, Duration.of(delay, unit.toChronoUnit()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return (ScheduledFuture<V>) add((Callable<Object>) callable, Duration.of(delay, unit.toChronoUnit()));
    }

    private Task add(Callable<Object> callable, Duration delay) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task task = new Task(callable, delay, scheduled++);
        tasks.add(task);
        allScheduled.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("ManualScheduler runs one-shot tasks only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("ManualScheduler runs one-shot tasks only");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
