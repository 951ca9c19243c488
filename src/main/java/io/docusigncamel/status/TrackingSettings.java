package io.docusigncamel.status;

import io.docusigncamel.config.Durations;
import io.docusigncamel.config.InvalidSettingsException;
import io.docusigncamel.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of status tracking: polling ({@code status.*}), the Connect listener ({@code connect.*}) and the
 * events' webhook ({@code events.*}). {@code status.poll-interval} itself is read and checked with the DocuSign
 * settings, where the environment that decides its minimum is known. Immutable; HMAC keys are {@link Secret}s.
 */
public record TrackingSettings(
        Duration pollOverlap,
        int pageSize,
        boolean trackAllEnvelopes,
        Duration initialLookback,
        Duration emulatorPollInterval,
        boolean archiveCompleted,
        boolean connectEnabled,
        String connectPath,
        List<Secret> connectHmacKeys,
        long connectMaxBodySize,
        Optional<URI> webhookUrl,
        Duration webhookRetryMaxBackoff) {

    public static final String POLL_OVERLAP = "status.poll-overlap";
    public static final String PAGE_SIZE = "status.page-size";
    public static final String TRACK_ALL = "status.track-all-envelopes";
    public static final String INITIAL_LOOKBACK = "status.initial-lookback";
    public static final String ARCHIVE_COMPLETED = "status.archive-completed";
    public static final String EMULATOR_POLL_INTERVAL = "docusign.emulator.poll-interval";
    public static final String CONNECT_ENABLED = "connect.enabled";
    public static final String CONNECT_PATH = "connect.path";
    public static final String CONNECT_HMAC_KEYS = "connect.hmac-keys";
    public static final String CONNECT_MAX_BODY_SIZE = "connect.max-body-size";
    public static final String WEBHOOK_URL = "events.webhook-url";
    public static final String WEBHOOK_RETRY_MAX_BACKOFF = "events.webhook-retry-max-backoff";

    /** DocuSign returns at most this many envelopes per listStatusChanges page. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** What the ledger can hold of one message (its column's size). */
    static final long MAX_CONNECT_BODY_SIZE = 1_000_000;

    public TrackingSettings {
        connectHmacKeys = List.copyOf(connectHmacKeys);
    }

    /** The outcome of {@link #read}: settings when there is no problem, otherwise one line per problem. */
    public record Result(Optional<TrackingSettings> settings, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public TrackingSettings orThrow() {
            return settings.orElseThrow(() -> new InvalidSettingsException(problems));
        }
    }

    /** Reads and checks every key through {@code properties} (key → value if set); blank counts as unset. */
    public static Result read(Function<String, Optional<String>> properties) {
        List<String> problems = new ArrayList<>();
        Function<String, Optional<String>> value = key -> properties.apply(key).map(String::trim).filter(v -> !v.isEmpty());

        Duration overlap = duration(value, problems, POLL_OVERLAP, Duration.ofMinutes(10), false);
        int pageSize = number(value, problems, PAGE_SIZE, MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        boolean trackAll = flag(value, problems, TRACK_ALL, false);
        Duration lookback = duration(value, problems, INITIAL_LOOKBACK, Duration.ofDays(30), true);
        Duration emulatorInterval = duration(value, problems, EMULATOR_POLL_INTERVAL, Duration.ofSeconds(30), true);
        boolean archive = flag(value, problems, ARCHIVE_COMPLETED, true);
        boolean connect = flag(value, problems, CONNECT_ENABLED, false);
        String path = value.apply(CONNECT_PATH).orElse("/docusign/connect");
        if (!path.matches("/[A-Za-z0-9._~/-]*")) {
            problems.add(CONNECT_PATH + ": \"" + path + "\" is not a URL path; write e.g. /docusign/connect");
        }
        List<Secret> keys = new ArrayList<>();
        value.apply(CONNECT_HMAC_KEYS).ifPresent(text -> {
            for (String key : text.split(",")) {
                if (!key.isBlank()) {
                    keys.add(Secret.of(key.trim()));
                }
            }
        });
        if (connect && keys.isEmpty()) {
            problems.add(CONNECT_HMAC_KEYS + ": is empty but " + CONNECT_ENABLED + " is true; set the HMAC key(s) of "
                    + "your Connect configuration (DocuSign Admin > Connect > Connect Keys), comma-separated, from the "
                    + "environment (CONNECT_HMAC_KEYS). Unsigned messages are refused.");
        }
        long maxBody = number(value, problems, CONNECT_MAX_BODY_SIZE, MAX_CONNECT_BODY_SIZE, 1024, MAX_CONNECT_BODY_SIZE);
        Optional<URI> webhook = value.apply(WEBHOOK_URL).flatMap(text -> webhookUri(text, problems));
        Duration webhookBackoff = duration(value, problems, WEBHOOK_RETRY_MAX_BACKOFF, Duration.ofMinutes(5), true);
        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        return new Result(Optional.of(new TrackingSettings(overlap, pageSize, trackAll, lookback, emulatorInterval, archive,
                connect, path, keys, maxBody, webhook, webhookBackoff)), problems);
    }

    /** The settings with every key at its default. */
    public static TrackingSettings defaults() {
        return read(key -> Optional.empty()).orThrow();
    }

    private static Duration duration(Function<String, Optional<String>> value, List<String> problems, String key,
                                     Duration defaultValue, boolean positive) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = Durations.parse(text.get());
        if (parsed.isEmpty() || parsed.get().isNegative() || (positive && parsed.get().isZero())) {
            problems.add(key + ": \"" + text.get() + "\" is not a" + (positive ? " positive" : "")
                    + " duration; write e.g. " + Durations.format(defaultValue));
            return defaultValue;
        }
        return parsed.get();
    }

    private static int number(Function<String, Optional<String>> value, List<String> problems, String key,
                              long defaultValue, long min, long max) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return (int) defaultValue;
        }
        try {
            long number = Long.parseLong(text.get());
            if (number >= min && number <= max) {
                return (int) number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + ": \"" + text.get() + "\" must be a whole number from " + min + " to " + max);
        return (int) defaultValue;
    }

    private static boolean flag(Function<String, Optional<String>> value, List<String> problems, String key,
                                boolean defaultValue) {
        Optional<String> text = value.apply(key).map(v -> v.toLowerCase(Locale.ROOT));
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (text.get().equals("true") || text.get().equals("false")) {
            return Boolean.parseBoolean(text.get());
        }
        problems.add(key + ": \"" + text.get() + "\" must be true or false");
        return defaultValue;
    }

    private static Optional<URI> webhookUri(String text, List<String> problems) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(WEBHOOK_URL + ": \"" + text + "\" is not an http(s) URL; write e.g. https://erp.example.com/docusign-events");
        return Optional.empty();
    }
}
