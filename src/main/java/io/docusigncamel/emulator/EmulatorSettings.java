package io.docusigncamel.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The emulator's tunable behaviour: token lifetime, the assertion-lifetime check, rate limits and the signer
 * delay. These are the things DocuSign does not document precisely (see docusign-api.md §13), so a test can set
 * whichever value it needs to reproduce. Immutable; the emulator swaps a whole value when a setting changes.
 *
 * @param tokenLifetime           the {@code expires_in} of issued access tokens
 * @param rejectLongAssertions    whether an assertion with {@code exp - iat > 3600} is refused (DocuSign's docs say
 *                                it "cannot be set to a greater value"; whether the service enforces it is unverified)
 * @param hourlyLimit             REST calls per account per "hour" window
 * @param hourlyWindow            length of the "hour" window (one hour in real life; shorter in tests)
 * @param burstLimit              REST calls per account per burst window
 * @param burstWindow             length of the burst window (30 s in real life)
 * @param limitStatus             HTTP status of a limit error (429 per DocuSign's docs, 400 as seen by integrators)
 * @param signerDelay             how long after sending recipients act on their own; {@code null} = never
 */
public record EmulatorSettings(Duration tokenLifetime, boolean rejectLongAssertions, int hourlyLimit,
                               Duration hourlyWindow, int burstLimit, Duration burstWindow, int limitStatus,
                               Duration signerDelay) {

    public EmulatorSettings {
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(hourlyWindow, "hourlyWindow");
        Objects.requireNonNull(burstWindow, "burstWindow");
        requirePositive(tokenLifetime, "token lifetime");
        requirePositive(hourlyWindow, "hourly window");
        requirePositive(burstWindow, "burst window");
        if (hourlyLimit < 0 || burstLimit < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
        if (limitStatus < 400 || limitStatus > 599) {
            throw new IllegalArgumentException("the limit status must be an HTTP error status, got " + limitStatus);
        }
        if (signerDelay != null && signerDelay.isNegative()) {
            throw new IllegalArgumentException("the signer delay must not be negative");
        }
    }

    /** DocuSign's documented defaults for a developer account. */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings(Duration.ofHours(1), true, 3000, Duration.ofHours(1), 200, Duration.ofSeconds(30),
                429, null);
    }

    public EmulatorSettings withTokenLifetime(Duration value) {
        return new EmulatorSettings(value, rejectLongAssertions, hourlyLimit, hourlyWindow, burstLimit, burstWindow,
                limitStatus, signerDelay);
    }

    public EmulatorSettings withRejectLongAssertions(boolean value) {
        return new EmulatorSettings(tokenLifetime, value, hourlyLimit, hourlyWindow, burstLimit, burstWindow,
                limitStatus, signerDelay);
    }

    public EmulatorSettings withHourlyLimit(int limit, Duration window) {
        return new EmulatorSettings(tokenLifetime, rejectLongAssertions, limit, window, burstLimit, burstWindow,
                limitStatus, signerDelay);
    }

    public EmulatorSettings withBurstLimit(int limit, Duration window) {
        return new EmulatorSettings(tokenLifetime, rejectLongAssertions, hourlyLimit, hourlyWindow, limit, window,
                limitStatus, signerDelay);
    }

    public EmulatorSettings withLimitStatus(int value) {
        return new EmulatorSettings(tokenLifetime, rejectLongAssertions, hourlyLimit, hourlyWindow, burstLimit,
                burstWindow, value, signerDelay);
    }

    public EmulatorSettings withSignerDelay(Duration value) {
        return new EmulatorSettings(tokenLifetime, rejectLongAssertions, hourlyLimit, hourlyWindow, burstLimit,
                burstWindow, limitStatus, value);
    }

    /** The settings as the control API shows them (durations in seconds). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenLifetimeSeconds", tokenLifetime.toSeconds());
        m.put("rejectLongAssertions", rejectLongAssertions);
        m.put("hourlyLimit", hourlyLimit);
        m.put("hourlyWindowSeconds", hourlyWindow.toSeconds());
        m.put("burstLimit", burstLimit);
        m.put("burstWindowSeconds", burstWindow.toSeconds());
        m.put("limitStatus", limitStatus);
        m.put("signerDelaySeconds", signerDelay == null ? null : signerDelay.toSeconds());
        return m;
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
        }
    }
}
