package io.docusigncamel.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults scripted for the emulator, in the order they were added. For each request the first fault that
 * matches, is not used up, has skipped its quota and wins its probability draw is the one applied. The draw uses a
 * seeded {@link Random} so that a chaos test that failed can be replayed with the same seed.
 * Thread-safe: all methods synchronize on the script.
 */
final class FaultScript {

    private static final class Entry {
        final String id;
        final Fault fault;
        int fired;
        int skipping;

        Entry(String id, Fault fault) {
            this.id = id;
            this.fault = fault;
            this.skipping = fault.skip();
        }

        boolean usedUp() {
            return fault.times() != Fault.UNLIMITED && fired >= fault.times();
        }

        ActiveFault snapshot() {
            int remaining = fault.times() == Fault.UNLIMITED ? Fault.UNLIMITED : fault.times() - fired;
            return new ActiveFault(id, fault, fired, remaining, skipping);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private Random random;
    private long nextId = 1;

    FaultScript(long seed) {
        this.random = new Random(seed);
    }

    synchronized String add(Fault fault) {
        String id = "f" + nextId++;
        entries.add(new Entry(id, fault));
        return id;
    }

    synchronized boolean remove(String id) {
        return entries.removeIf(e -> e.id.equals(id));
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized void reseed(long seed) {
        random = new Random(seed);
    }

    synchronized List<ActiveFault> list() {
        return entries.stream().map(Entry::snapshot).toList();
    }

    /** The fault to apply to this request, or {@code null}; counts the hit. */
    synchronized Fault hit(String method, String path) {
        for (Entry entry : entries) {
            if (entry.usedUp() || !entry.fault.matches(method, path)) {
                continue;
            }
            if (entry.skipping > 0) {
                entry.skipping--;
                continue;
            }
            if (entry.fault.probability() < 1.0 && random.nextDouble() >= entry.fault.probability()) {
                continue;
            }
            entry.fired++;
            return entry.fault;
        }
        return null;
    }
}
