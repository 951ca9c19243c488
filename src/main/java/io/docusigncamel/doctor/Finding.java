package io.docusigncamel.doctor;

import java.util.Objects;

/**
 * The outcome of one doctor check: a verdict, what was found, and for WARN/FAIL what to do, in the words of the
 * configuration (key names, values to set). Immutable.
 *
 * @param fix {@code null} when there is nothing to do, or when {@code found} already ends with the fix
 */
record Finding(Verdict verdict, String found, String fix) {

    /** PASS: works; WARN: works but needs attention, does not fail the exit code; FAIL: must be fixed. */
    enum Verdict { PASS, WARN, FAIL }

    Finding {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(found, "found");
    }

    static Finding pass(String found) {
        return new Finding(Verdict.PASS, found, null);
    }

    static Finding warn(String found, String fix) {
        return new Finding(Verdict.WARN, found, fix);
    }

    static Finding fail(String found, String fix) {
        return new Finding(Verdict.FAIL, found, fix);
    }

    /** The output line: {@code PASS  name          found. Fix: fix}. */
    String line(String check) {
        String text = fix == null ? found : found + ". Fix: " + fix;
        return String.format("%-4s  %-13s %s", verdict, check, text);
    }
}
