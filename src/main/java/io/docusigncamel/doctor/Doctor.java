package io.docusigncamel.doctor;

import io.docusigncamel.Application;
import io.docusigncamel.DocuSignConnection;
import io.docusigncamel.EmbeddedEmulator;
import io.docusigncamel.PropertySource;
import io.docusigncamel.auth.AccessToken;
import io.docusigncamel.auth.AccountException;
import io.docusigncamel.auth.DocuSignAccount;
import io.docusigncamel.auth.PrivateKeys;
import io.docusigncamel.auth.TokenError;
import io.docusigncamel.auth.TokenException;
import io.docusigncamel.config.DocuSignEnvironment;
import io.docusigncamel.config.InvalidSettingsException;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.config.TlsTrust;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code doctor} command: the preflight an operator runs before (or instead of) starting the service. One line
 * per check, {@code PASS}, {@code WARN} or {@code FAIL}, the check's name and what was found; a WARN or FAIL says
 * what to do, naming the configuration keys. The checks, in order: configuration, oauth host ({@code aud} sanity),
 * private key (format, size, fingerprint), clock (against the OAuth host's {@code Date}), token (each DocuSign
 * error with its fix), consent (the consent URL), account (userinfo: account and base URI), rest api (one read-only
 * call, with the rate-limit headers), the inbox, outbox and data folders (writable), ledger (opens).
 *
 * <p>Exit code 0 when no check FAILed; WARNs (a clock 30 s to 5 min off, an unusual OAuth host, a ledger held by the
 * running service, few API calls left) are printed but do not fail the exit code. Checks that depend on a failed
 * one are reported as FAIL "not checked", never silently left out.
 */
public final class Doctor {

    private static final Set<TokenError> CLOCK_SENSITIVE =
            Set.of(TokenError.NO_VALID_KEYS_OR_SIGNATURES, TokenError.EXPIRED_GRANT, TokenError.INVALID_GRANT);

    private final PrintStream out;
    private final Clock clock;
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private ClockOffset.Measurement clockMeasurement;

    Doctor(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Runs every check with the service's own property locations (and the environment); returns the exit code. */
    public static int run(String propertyLocations, PrintStream out) {
        return new Doctor(out, Clock.systemUTC()).check(PropertySource.fromLocations(propertyLocations));
    }

    int check(Function<String, Optional<String>> properties) {
        SettingsReader.Result read = SettingsReader.read(properties);
        List<String> problems = Application.configurationProblems(properties);
        if (!problems.isEmpty()) {
            fail("configuration", problems.size() + " problem(s), one per line below; set what each line says");
            problems.forEach(p -> out.println("        " + p));
            skip("oauth host", "private key", "clock", "token", "consent", "account", "rest api", "inbox folder",
                    "outbox folder", "data folder", "ledger");
            return summary();
        }
        ServiceSettings settings = read.settings().orElseThrow();
        EmbeddedEmulator emulator = null;
        try {
            if (settings.environment() == DocuSignEnvironment.EMULATOR) {
                emulator = EmbeddedEmulator.start(settings);
                settings = emulator.settings();
            }
            report("configuration", Finding.pass("environment " + settings.environment().propertyValue()
                    + ", OAuth host " + settings.oauthBaseUrl() + ", integration key " + settings.integrationKey()
                    + ", user " + settings.userId()));
            String configuredHost = settings.environment() == DocuSignEnvironment.EMULATOR
                    ? settings.oauthBaseUrl().toString()
                    : properties.apply(SettingsReader.OAUTH_BASE_URL).filter(v -> !v.isBlank())
                    .orElse(settings.oauthBaseUrl().toString());
            report("oauth host", HostSanity.check(settings.environment(), configuredHost));
            checkDocuSign(settings);
            report("inbox folder", FolderCheck.check(SettingsReader.INBOX_DIR, settings.inboxDir()));
            report("outbox folder", FolderCheck.check(SettingsReader.OUTBOX_DIR, settings.outboxDir()));
            report("data folder", FolderCheck.check(SettingsReader.DATA_DIR, settings.dataDir()));
            report("ledger", LedgerCheck.check(settings));
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
        return summary();
    }

    private void checkDocuSign(ServiceSettings settings) {
        DocuSignConnection connection = null;
        try {
            connection = DocuSignConnection.open(settings, clock);
            report("private key", KeyReport.describe(settings.privateKeyFile(),
                    PrivateKeys.publicKeyOf(connection.privateKey())));
        } catch (InvalidSettingsException e) {
            report("private key", Finding.fail(KeyReport.format(settings.privateKeyFile()) + "; "
                    + String.join("; ", e.problems()), null));
        }
        clockMeasurement = ClockOffset.measure(connection != null ? connection.http() : plainClient(settings),
                settings.oauthBaseUrl(), clock, settings.httpTimeout());
        report("clock", clockMeasurement.finding());
        if (connection == null) {
            skip("token", "consent", "account", "rest api");
            return;
        }

        AccessToken token;
        try {
            token = connection.tokenSource().requestToken();
        } catch (TokenException e) {
            if (e.error() == TokenError.CONSENT_REQUIRED) {
                report("token", Finding.pass("the token endpoint accepted the assertion (key, integration key and user are known)"));
                report("consent", Finding.fail(e.getMessage(), null));
            } else {
                report("token", Finding.fail(e.getMessage() + clockHint(e.error()), null));
                skip("consent");
            }
            skip("account", "rest api");
            return;
        }
        long seconds = Duration.between(clock.instant(), token.expiresAt()).toSeconds();
        report("token", Finding.pass("obtained a token valid for " + seconds + " s"));
        report("consent", Finding.pass("granted for user " + settings.userId() + " (scopes " + settings.scopes()
                + "); consent URL, should it be revoked: " + connection.consentUrl().url()));
        DocuSignAccount account;
        try {
            account = connection.userInfo().resolveAccount(token, settings.accountId());
        } catch (AccountException | TokenException e) {
            report("account", Finding.fail(e.getMessage(), null));
            skip("rest api");
            return;
        }
        report("account", Finding.pass(account.accountId() + " \"" + account.accountName() + "\" ("
                + (settings.accountId().isPresent() ? "docusign.account-id" : "the user's default") + "), base URI "
                + account.baseUri() + ", REST base " + account.restBase()));
        report("rest api", RestProbe.check(connection.http(), account, token, clock.instant(), settings.httpTimeout()));
    }

    /** For the token errors a wrong clock causes: what the clock check found, when it found something. */
    private String clockHint(TokenError error) {
        if (!CLOCK_SENSITIVE.contains(error) || clockMeasurement == null || clockMeasurement.skew().isEmpty()) {
            return "";
        }
        return ". The clock check above found this machine " + clockMeasurement.skew().get()
                + ": sync the clock (NTP) first, then run doctor again";
    }

    /** A client for the clock check when the key (and with it the connection) could not be read. */
    private static HttpClient plainClient(ServiceSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.httpTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        try {
            builder.sslContext(TlsTrust.of(settings).sslContext());
        } catch (RuntimeException e) {
            // the JVM's default trust then; the token check reports the truststore
        }
        return builder.build();
    }

    private int summary() {
        if (!failures.isEmpty()) {
            out.println("doctor: " + failures.size() + " check(s) failed: " + String.join(", ", failures)
                    + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s): " + String.join(", ", warnings)));
            return 1;
        }
        if (!warnings.isEmpty()) {
            out.println("doctor: all checks passed, " + warnings.size() + " warning(s): " + String.join(", ", warnings));
            return 0;
        }
        out.println("doctor: all checks passed");
        return 0;
    }

    private void report(String check, Finding finding) {
        switch (finding.verdict()) {
            case FAIL -> failures.add(check);
            case WARN -> warnings.add(check);
            default -> { }
        }
        out.println(finding.line(check));
    }

    private void fail(String check, String detail) {
        report(check, Finding.fail(detail, null));
    }

    private void skip(String... checks) {
        for (String check : checks) {
            fail(check, "not checked: an earlier check failed");
        }
    }
}
