package io.docusigncamel.emulator.envelope;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the emulator's Connect emitter delivers JSON SIM messages: an account-level Connect configuration, as far as
 * the emulator models one (docusign-api.md §8). Immutable and thread-safe. {@link #toString()} masks the HMAC keys,
 * so a configuration can be logged.
 *
 * @param url                   where messages are POSTed ({@code http://} or {@code https://}; any certificate is
 *                              trusted, since this is loopback test tooling)
 * @param hmacKeys              one {@code X-DocuSign-Signature-N} header per key, in this order; empty for none
 * @param includeData           DocuSign's {@code eventData.includeData} values; empty means no
 *                              {@code envelopeSummary} in the messages
 * @param events                the events to send; empty means every event the emulator emits
 * @param requireAcknowledgment whether a non-2xx answer, a timeout or a connection error is retried
 * @param retryDelay            wait before each redelivery
 * @param maxAttempts           attempts per message, the first included; then the message is given up
 * @param configurationId       the {@code configurationId} number in every message
 * @param duplicateDeliveries   test knob: every delivered message is delivered once more, with
 *                              {@code retryCount + 1}, so a listener can prove its dedupe
 * @param requestTimeout        how long one POST may take before it counts as failed
 */
public record ConnectConfiguration(String url, List<String> hmacKeys, List<String> includeData, List<String> events,
                                   boolean requireAcknowledgment, Duration retryDelay, int maxAttempts,
                                   long configurationId, boolean duplicateDeliveries, Duration requestTimeout) {

    /** The envelope events the emulator emits; {@code envelope-created} is sent for drafts. */
    public static final List<String> EMITTED_EVENTS = List.of("envelope-created", "envelope-sent", "envelope-delivered",
            "envelope-completed", "envelope-declined", "envelope-voided");

    /** DocuSign's {@code connectEventData.includeData} values; the emulator renders custom_fields, recipients, tabs and documents. */
    public static final Set<String> INCLUDE_DATA_VALUES = Set.of("attachments", "custom_fields", "documents", "extensions",
            "folders", "payment_tabs", "powerform", "recipients", "tabs");

    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final long DEFAULT_CONFIGURATION_ID = 10_000_001L;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ConnectConfiguration {
        Objects.requireNonNull(url, "url");
        URI parsed;
        try {
            parsed = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URI: " + e.getMessage());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http:// or https:// URL, got '" + url + "'");
        }
        url = parsed.toString();
        hmacKeys = List.copyOf(hmacKeys == null ? List.of() : hmacKeys);
        for (String key : hmacKeys) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("an HMAC key must not be empty");
            }
        }
        includeData = normalized(includeData, "includeData", INCLUDE_DATA_VALUES);
        events = normalized(events, "events", Set.copyOf(EMITTED_EVENTS));
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    /**
     * A configuration posting to {@code url} with no HMAC keys, no included data, every event, acknowledgment
     * required, {@link #DEFAULT_MAX_ATTEMPTS} attempts {@link #DEFAULT_RETRY_DELAY} apart.
     */
    public static ConnectConfiguration to(String url) {
        return new ConnectConfiguration(url, List.of(), List.of(), List.of(), true, DEFAULT_RETRY_DELAY,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_CONFIGURATION_ID, false, DEFAULT_REQUEST_TIMEOUT);
    }

    public ConnectConfiguration withHmacKeys(String... keys) {
        return new ConnectConfiguration(url, List.of(keys), includeData, events, requireAcknowledgment, retryDelay,
                maxAttempts, configurationId, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withIncludeData(String... values) {
        return new ConnectConfiguration(url, hmacKeys, List.of(values), events, requireAcknowledgment, retryDelay,
                maxAttempts, configurationId, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withEvents(String... names) {
        return new ConnectConfiguration(url, hmacKeys, includeData, List.of(names), requireAcknowledgment, retryDelay,
                maxAttempts, configurationId, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withRequireAcknowledgment(boolean require) {
        return new ConnectConfiguration(url, hmacKeys, includeData, events, require, retryDelay, maxAttempts,
                configurationId, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withRetries(int attempts, Duration delay) {
        return new ConnectConfiguration(url, hmacKeys, includeData, events, requireAcknowledgment, delay, attempts,
                configurationId, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withConfigurationId(long id) {
        return new ConnectConfiguration(url, hmacKeys, includeData, events, requireAcknowledgment, retryDelay,
                maxAttempts, id, duplicateDeliveries, requestTimeout);
    }

    public ConnectConfiguration withDuplicateDeliveries(boolean duplicate) {
        return new ConnectConfiguration(url, hmacKeys, includeData, events, requireAcknowledgment, retryDelay,
                maxAttempts, configurationId, duplicate, requestTimeout);
    }

    public ConnectConfiguration withRequestTimeout(Duration timeout) {
        return new ConnectConfiguration(url, hmacKeys, includeData, events, requireAcknowledgment, retryDelay,
                maxAttempts, configurationId, duplicateDeliveries, timeout);
    }

    /** Whether messages for {@code event} are sent. */
    public boolean sends(String event) {
        return events.isEmpty() || events.contains(event);
    }

    /** HMAC keys are secrets: shown only as a count. */
    @Override
    public String toString() {
        return "ConnectConfiguration[url=" + url + ", hmacKeys=" + hmacKeys.size() + " (masked), includeData="
                + includeData + ", events=" + events + ", requireAcknowledgment=" + requireAcknowledgment
                + ", retryDelay=" + retryDelay + ", maxAttempts=" + maxAttempts + ", configurationId="
                + configurationId + ", duplicateDeliveries=" + duplicateDeliveries + ", requestTimeout="
                + requestTimeout + "]";
    }

    private static List<String> normalized(List<String> values, String field, Set<String> allowed) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String value : values) {
            String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(field + " value '" + value + "' is not one of "
                        + allowed.stream().sorted().toList());
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }
}
