package io.docusigncamel.emulator.envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The signer actions waiting to happen: for each sent envelope, "all recipients viewed" one signer delay after
 * sending and "all signed" one delay later. Due steps are taken out in time order by {@link EnvelopeWorld#tick()};
 * time comes from the world's clock, so tests move a clock instead of waiting. Thread-safe: all methods are
 * synchronized on the instance.
 */
final class StatusProgression {

    /** One scheduled move of one envelope to {@code targetStatus} at {@code at}. */
    record Step(Instant at, long order, String envelopeId, String targetStatus) {
    }

    private final PriorityQueue<Step> steps =
            new PriorityQueue<>(Comparator.comparing(Step::at).thenComparingLong(Step::order));
    private long nextOrder;

    synchronized void schedule(String envelopeId, Instant sentAt, Duration delay) {
        steps.add(new Step(sentAt.plus(delay), nextOrder++, envelopeId, "delivered"));
        steps.add(new Step(sentAt.plus(delay).plus(delay), nextOrder++, envelopeId, "completed"));
    }

    /** Removes and returns the steps due at {@code now}, earliest first. */
    synchronized List<Step> takeDue(Instant now) {
        List<Step> due = new ArrayList<>();
        while (!steps.isEmpty() && !steps.peek().at().isAfter(now)) {
            due.add(steps.poll());
        }
        return due;
    }

    synchronized void clear() {
        steps.clear();
    }
}
