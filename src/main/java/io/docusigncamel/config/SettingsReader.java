package io.docusigncamel.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the service's settings. Every problem becomes one line that names the property key and says
 * what to set, so that a wrong configuration stops startup with a message an operator can act on; all problems are
 * reported at once, not the first one only. Stateless and thread-safe.
 */
public final class SettingsReader {

    public static final String ENVIRONMENT = "docusign.environment";
    public static final String OAUTH_BASE_URL = "docusign.oauth-base-url";
    public static final String INTEGRATION_KEY = "docusign.integration-key";
    public static final String USER_ID = "docusign.user-id";
    public static final String PRIVATE_KEY_FILE = "docusign.private-key-file";
    public static final String PRIVATE_KEY_PASSPHRASE = "docusign.private-key-passphrase";
    public static final String ACCOUNT_ID = "docusign.account-id";
    public static final String SCOPES = "docusign.scopes";
    public static final String CONSENT_REDIRECT_URI = "docusign.consent-redirect-uri";
    public static final String TOKEN_REFRESH_MARGIN = "docusign.token-refresh-margin";
    public static final String TRUSTSTORE_FILE = "docusign.truststore-file";
    public static final String TRUSTSTORE_PASSWORD = "docusign.truststore-password";
    public static final String HTTP_TIMEOUT = "docusign.http-timeout";
    public static final String AUTH_RETRY_MAX_BACKOFF = "docusign.auth-retry-max-backoff";
    public static final String EMULATOR_PORT = "docusign.emulator.port";
    public static final String EMULATOR_SIGNER_DELAY = "docusign.emulator.signer-delay";
    public static final String INBOX_DIR = "inbox.dir";
    public static final String OUTBOX_DIR = "outbox.dir";
    public static final String DATA_DIR = "data.dir";
    public static final String POLL_INTERVAL = "status.poll-interval";
    public static final String LEDGER_JDBC_URL = "ledger.jdbc-url";
    public static final String LEDGER_USER = "ledger.user";
    public static final String LEDGER_PASSWORD = "ledger.password";
    public static final String MAX_ATTEMPTS = "inbox.max-attempts";
    public static final String RETRY_INITIAL_BACKOFF = "inbox.retry-initial-backoff";
    public static final String RETRY_MAX_BACKOFF = "inbox.retry-max-backoff";

    /** DocuSign's polling rule: at most one status poll per 15 minutes against the real service. */
    public static final Duration MIN_POLL_INTERVAL = Duration.ofMinutes(15);

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The outcome: settings when there is no problem, otherwise the problems, one line each. */
    public record Result(Optional<ServiceSettings> settings, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /** The settings, or an exception whose message lists every problem on its own line. */
        public ServiceSettings orThrow() {
            return settings.orElseThrow(() -> new InvalidSettingsException(problems));
        }
    }

    private final Function<String, Optional<String>> properties;
    private final List<String> problems = new ArrayList<>();

    private SettingsReader(Function<String, Optional<String>> properties) {
        this.properties = properties;
    }

    /** Reads every setting through {@code properties} (a property key → its value, if set and not blank). */
    public static Result read(Function<String, Optional<String>> properties) {
        return new SettingsReader(properties).read();
    }

    private Result read() {
        DocuSignEnvironment env = value(ENVIRONMENT).map(v -> DocuSignEnvironment.parse(v).orElseGet(() -> {
            problem(ENVIRONMENT, "\"" + v + "\" is not an environment; set emulator, demo or production");
            return DocuSignEnvironment.EMULATOR;
        })).orElse(DocuSignEnvironment.EMULATOR);
        boolean emulator = env == DocuSignEnvironment.EMULATOR;

        URI oauthBaseUrl = emulator ? null : oauthBaseUrl(env);
        String integrationKey = emulator ? null : guid(INTEGRATION_KEY,
                "the integration key (client id) from DocuSign's Apps and Keys page", false);
        String userId = emulator ? null : guid(USER_ID,
                "the impersonated user's GUID (\"API Username\" on the Apps and Keys page)", true);
        Path keyFile = emulator ? null : privateKeyFile();
        Optional<Secret> passphrase = value(PRIVATE_KEY_PASSPHRASE).map(Secret::of);

        Optional<String> accountId = value(ACCOUNT_ID).map(String::trim);
        String scopes = value(SCOPES).map(s -> s.trim().replaceAll("\\s+", " ")).orElse("signature impersonation");
        List<String> scopeList = Arrays.asList(scopes.split(" "));
        if (!scopeList.contains("signature") || !scopeList.contains("impersonation")) {
            problem(SCOPES, "\"" + scopes + "\" must include signature and impersonation; the JWT Grant needs both"
                    + " (default: signature impersonation)");
        }
        Optional<URI> redirect = value(CONSENT_REDIRECT_URI).flatMap(v -> absoluteUri(CONSENT_REDIRECT_URI, v,
                "a redirect URI registered on the integration key, e.g. https://www.example.com/callback"));

        Duration margin = duration(TOKEN_REFRESH_MARGIN, Duration.ofMinutes(10));
        if (margin.isNegative() || margin.compareTo(Duration.ofMinutes(50)) > 0) {
            problem(TOKEN_REFRESH_MARGIN, Durations.format(margin) + " is out of range; set a value between 0s and 50m"
                    + " (DocuSign tokens live one hour; default 10m)");
        }
        Optional<Path> truststore = value(TRUSTSTORE_FILE).map(Path::of);
        truststore.filter(p -> !Files.isReadable(p)).ifPresent(p -> problem(TRUSTSTORE_FILE,
                "cannot read " + p.toAbsolutePath() + "; set the path of a PKCS#12 truststore or remove the key to use"
                        + " the JVM's default trust"));
        Optional<Secret> truststorePassword = value(TRUSTSTORE_PASSWORD).map(Secret::of);
        Duration httpTimeout = positive(HTTP_TIMEOUT, Duration.ofSeconds(30));
        Duration maxBackoff = positive(AUTH_RETRY_MAX_BACKOFF, Duration.ofMinutes(5));

        int emulatorPort = value(EMULATOR_PORT).map(v -> {
            try {
                int p = Integer.parseInt(v.trim());
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(EMULATOR_PORT, "\"" + v + "\" is not a port; set 0 (any free port) or 1-65535");
            return 0;
        }).orElse(0);
        Duration signerDelay = duration(EMULATOR_SIGNER_DELAY, Duration.ofSeconds(20));

        Path inbox = Path.of(value(INBOX_DIR).orElse("inbox"));
        Path outbox = Path.of(value(OUTBOX_DIR).orElse("outbox"));
        Path data = Path.of(value(DATA_DIR).orElse("data"));

        Duration poll = positive(POLL_INTERVAL, Duration.ofMinutes(20));
        if (!emulator && poll.compareTo(MIN_POLL_INTERVAL) < 0) {
            problem(POLL_INTERVAL, Durations.format(poll) + " is too frequent: DocuSign allows one status poll per 15"
                    + " minutes; set 15m or more (20m recommended), or use Connect for faster updates");
        }

        // H2 wants an explicit path; by default the ledger follows data.dir
        String ledgerUrl = value(LEDGER_JDBC_URL).map(String::trim)
                .orElse("jdbc:h2:file:" + data.toAbsolutePath().resolve("ledger"));
        if (!ledgerUrl.startsWith("jdbc:")) {
            problem(LEDGER_JDBC_URL, "\"" + ledgerUrl + "\" is not a JDBC URL; set e.g. jdbc:h2:file:./data/ledger or"
                    + " jdbc:postgresql://db.example.com/docusign");
        }
        Optional<String> ledgerUser = value(LEDGER_USER);
        Optional<Secret> ledgerPassword = value(LEDGER_PASSWORD).map(Secret::of);
        int maxAttempts = value(MAX_ATTEMPTS).map(v -> {
            try {
                int n = Integer.parseInt(v.trim());
                if (n >= 1 && n <= 100) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(MAX_ATTEMPTS, "\"" + v + "\" is not a number of attempts; set 1 to 100 (default 8)");
            return 8;
        }).orElse(8);
        Duration retryInitial = positive(RETRY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        Duration retryMax = positive(RETRY_MAX_BACKOFF, Duration.ofMinutes(1));
        if (retryMax.compareTo(retryInitial) < 0) {
            problem(RETRY_MAX_BACKOFF, Durations.format(retryMax) + " is shorter than " + RETRY_INITIAL_BACKOFF + " ("
                    + Durations.format(retryInitial) + "); set it at least as long");
        }

        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(problems));
        }
        return new Result(Optional.of(new ServiceSettings(env, oauthBaseUrl, integrationKey, userId, keyFile, passphrase,
                accountId, scopes, redirect, margin, truststore, truststorePassword, httpTimeout, maxBackoff,
                emulatorPort, signerDelay, inbox, outbox, data, poll, ledgerUrl, ledgerUser, ledgerPassword, maxAttempts,
                retryInitial, retryMax)), List.of());
    }

    private URI oauthBaseUrl(DocuSignEnvironment env) {
        Optional<String> configured = value(OAUTH_BASE_URL);
        if (configured.isEmpty()) {
            return env.defaultOauthBaseUrl().orElseThrow();
        }
        String v = configured.get().trim();
        String example = env.defaultOauthBaseUrl().map(URI::toString).orElseThrow();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" is not a URL; set e.g. " + example);
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" lacks the scheme; set e.g. " + example
                    + " (the JWT aud is derived from it without the scheme)");
            return null;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" must use https; set e.g. " + example);
            return null;
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath())
                || uri.getRawQuery() != null) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" must be the OAuth host only (no path such as /oauth/token); set e.g. "
                    + example);
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (env == DocuSignEnvironment.DEMO && host.equals("account.docusign.com")) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" is DocuSign's production host but " + ENVIRONMENT
                    + "=demo; use https://account-d.docusign.com or set " + ENVIRONMENT + "=production");
        } else if (env == DocuSignEnvironment.PRODUCTION && host.equals("account-d.docusign.com")) {
            problem(OAUTH_BASE_URL, "\"" + v + "\" is DocuSign's developer sandbox host but " + ENVIRONMENT
                    + "=production; use https://account.docusign.com or set " + ENVIRONMENT + "=demo");
        }
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority());
    }

    private String guid(String key, String what, boolean emailIsCommonMistake) {
        Optional<String> v = value(key).map(String::trim);
        if (v.isEmpty()) {
            problem(key, "is not set; set " + what);
            return null;
        }
        if (emailIsCommonMistake && v.get().contains("@")) {
            problem(key, "\"" + v.get() + "\" looks like an e-mail address; DocuSign wants " + what);
            return null;
        }
        if (!GUID.matcher(v.get()).matches()) {
            problem(key, "\"" + v.get() + "\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); set " + what);
            return null;
        }
        return v.get();
    }

    private Path privateKeyFile() {
        Optional<String> v = value(PRIVATE_KEY_FILE);
        if (v.isEmpty()) {
            problem(PRIVATE_KEY_FILE, "is not set; set the path of the RSA private key (PEM) whose public key is"
                    + " registered on the integration key");
            return null;
        }
        Path p = Path.of(v.get().trim());
        if (!Files.isRegularFile(p)) {
            problem(PRIVATE_KEY_FILE, p.toAbsolutePath() + " does not exist; set the path of the RSA private key (PEM)");
            return null;
        }
        if (!Files.isReadable(p)) {
            problem(PRIVATE_KEY_FILE, p.toAbsolutePath() + " is not readable by this user; fix its permissions (e.g."
                    + " chmod 600 and the service's owner)");
            return null;
        }
        return p;
    }

    private Optional<URI> absoluteUri(String key, String v, String what) {
        try {
            URI uri = new URI(v.trim());
            if (uri.isAbsolute() && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problem(key, "\"" + v + "\" is not an absolute URL; set " + what);
        return Optional.empty();
    }

    private Duration duration(String key, Duration defaultValue) {
        return value(key).map(v -> Durations.parse(v).orElseGet(() -> {
            problem(key, "\"" + v + "\" is not a duration; write e.g. 30s, 10m, 1h");
            return defaultValue;
        })).orElse(defaultValue);
    }

    private Duration positive(String key, Duration defaultValue) {
        Duration d = duration(key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            problem(key, Durations.format(d) + " must be positive; write e.g. " + Durations.format(defaultValue));
            return defaultValue;
        }
        return d;
    }

    private Optional<String> value(String key) {
        return properties.apply(key).filter(v -> !v.isBlank());
    }

    private void problem(String key, String text) {
        problems.add(key + ": " + text);
    }
}
