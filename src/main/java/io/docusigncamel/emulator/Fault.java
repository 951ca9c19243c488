package io.docusigncamel.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scripted fault: which requests it hits (HTTP method and a regular expression that must match the whole request
 * path) and what it does to them. Build one with a factory ({@link #status}, {@link #delay}, {@link #hang},
 * {@link #acceptThenHang}, {@link #reset}, {@link #acceptThenReset}) and narrow it with {@link #times},
 * {@link #skip} and {@link #probability}. Immutable.
 *
 * @param method      HTTP method, or {@code *} for any
 * @param pathRegex   matched against the full path, e.g. {@code /restapi/v2.1/accounts/[^/]+/envelopes}
 * @param status      for {@link FaultAction#STATUS}: the status to answer
 * @param body        for {@link FaultAction#STATUS}: the JSON body to answer
 * @param delay       for {@link FaultAction#DELAY}: how long to wait before processing
 * @param times       how many requests it hits, {@link #UNLIMITED} for all
 * @param skip        how many matching requests it lets through before it starts hitting
 * @param probability chance (0..1] that a matching request is hit, drawn from the emulator's seeded random
 */
public record Fault(String method, String pathRegex, FaultAction action, int status, String body, Duration delay,
                    int times, int skip, double probability) {

    public static final int UNLIMITED = -1;

    public Fault {
        method = method == null ? "*" : method.toUpperCase(Locale.ROOT);
        Objects.requireNonNull(pathRegex, "pathRegex");
        Pattern.compile(pathRegex);
        Objects.requireNonNull(action, "action");
        if (action == FaultAction.STATUS && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs an HTTP status, got " + status);
        }
        if (action == FaultAction.DELAY && (delay == null || delay.isNegative())) {
            throw new IllegalArgumentException("a delay fault needs a non-negative delay");
        }
        if (times == 0 || times < UNLIMITED) {
            throw new IllegalArgumentException("times must be positive or UNLIMITED, got " + times);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative, got " + skip);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], got " + probability);
        }
    }

    /** Answers {@code status} with {@code jsonBody}; a DocuSign-style error body when {@code jsonBody} is null. */
    public static Fault status(String method, String pathRegex, int status, String jsonBody) {
        String body = jsonBody != null ? jsonBody
                : EmulatorResponse.restError(status, "UNSPECIFIED_ERROR", "Scripted fault: HTTP " + status + ".")
                .bodyText();
        return new Fault(method, pathRegex, FaultAction.STATUS, status, body, null, UNLIMITED, 0, 1.0);
    }

    public static Fault delay(String method, String pathRegex, Duration delay) {
        return new Fault(method, pathRegex, FaultAction.DELAY, 0, null, delay, UNLIMITED, 0, 1.0);
    }

    public static Fault hang(String method, String pathRegex) {
        return of(method, pathRegex, FaultAction.HANG);
    }

    public static Fault acceptThenHang(String method, String pathRegex) {
        return of(method, pathRegex, FaultAction.ACCEPT_THEN_HANG);
    }

    public static Fault reset(String method, String pathRegex) {
        return of(method, pathRegex, FaultAction.RESET);
    }

    public static Fault acceptThenReset(String method, String pathRegex) {
        return of(method, pathRegex, FaultAction.ACCEPT_THEN_RESET);
    }

    public static Fault of(String method, String pathRegex, FaultAction action) {
        return new Fault(method, pathRegex, action, 0, null, null, UNLIMITED, 0, 1.0);
    }

    public Fault times(int n) {
        return new Fault(method, pathRegex, action, status, body, delay, n, skip, probability);
    }

    public Fault skip(int n) {
        return new Fault(method, pathRegex, action, status, body, delay, times, n, probability);
    }

    public Fault probability(double p) {
        return new Fault(method, pathRegex, action, status, body, delay, times, skip, p);
    }

    boolean matches(String requestMethod, String path) {
        return ("*".equals(method) || method.equals(requestMethod)) && Pattern.matches(pathRegex, path);
    }
}
