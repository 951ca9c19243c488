package io.docusigncamel.emulator;

/**
 * A fault as the emulator holds it: its id (to delete it) and how it has been used. Immutable snapshot.
 *
 * @param fired     how many requests it hit so far
 * @param remaining how many more it will hit, {@link Fault#UNLIMITED} when unlimited
 * @param skipping  how many matching requests it will still let through first
 */
public record ActiveFault(String id, Fault fault, int fired, int remaining, int skipping) {
}
