package io.docusigncamel.doctor;

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
import java.io.PrintStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code doctor} command: preflight checks an operator runs before (or instead of) starting the service. Each
 * check prints one PASS or FAIL line with what was found and, on failure, what to do. Exit code 0 only when every
 * check passed. Checks that depend on a failed one are reported as skipped (a FAIL), never silently left out.
 */
public final class Doctor {

    private final PrintStream out;
    private final Clock clock;
    private final List<String> failures = new ArrayList<>();

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
        if (!read.valid()) {
            fail("configuration", read.problems().size() + " problem(s)");
            read.problems().forEach(p -> out.println("        " + p));
            skip("private key", "token", "consent", "account");
            return summary();
        }
        ServiceSettings settings = read.settings().orElseThrow();
        EmbeddedEmulator emulator = null;
        try {
            if (settings.environment() == DocuSignEnvironment.EMULATOR) {
                emulator = EmbeddedEmulator.start(settings);
                settings = emulator.settings();
            }
            pass("configuration", "environment " + settings.environment().propertyValue() + ", OAuth host "
                    + settings.oauthBaseUrl() + ", integration key " + settings.integrationKey() + ", user "
                    + settings.userId());
            checkConnection(settings);
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
        return summary();
    }

    private void checkConnection(ServiceSettings settings) {
        DocuSignConnection connection;
        try {
            connection = DocuSignConnection.open(settings, clock);
        } catch (InvalidSettingsException e) {
            fail("private key", String.join("; ", e.problems()));
            skip("token", "consent", "account");
            return;
        }
        RSAPublicKey publicKey = PrivateKeys.publicKeyOf(connection.privateKey());
        int bits = publicKey.getModulus().bitLength();
        String keyText = settings.privateKeyFile() + ": RSA " + bits + "-bit; public key fingerprint (SHA-256) "
                + PrivateKeys.fingerprint(publicKey) + " - compare with the key on DocuSign's Apps and Keys page";
        if (bits < 2048) {
            fail("private key", keyText + "; DocuSign needs at least 2048 bits: generate a new RSA key pair");
        } else {
            pass("private key", keyText);
        }

        AccessToken token;
        try {
            token = connection.tokenSource().requestToken();
        } catch (TokenException e) {
            if (e.error() == TokenError.CONSENT_REQUIRED) {
                pass("token", "the token endpoint accepted the assertion (key, integration key and user are known)");
                fail("consent", e.getMessage());
            } else {
                fail("token", e.getMessage());
                skip("consent");
            }
            skip("account");
            return;
        }
        long seconds = Duration.between(clock.instant(), token.expiresAt()).toSeconds();
        pass("token", "obtained a token valid for " + seconds + " s");
        pass("consent", "granted for user " + settings.userId() + " (scopes " + settings.scopes() + ")");
        try {
            DocuSignAccount account = connection.userInfo().resolveAccount(token, settings.accountId());
            pass("account", account.accountId() + " \"" + account.accountName() + "\" ("
                    + (settings.accountId().isPresent() ? "configured" : "the user's default") + "), REST base "
                    + account.restBase());
        } catch (AccountException | TokenException e) {
            fail("account", e.getMessage());
        }
    }

    private int summary() {
        if (failures.isEmpty()) {
            out.println("doctor: all checks passed");
            return 0;
        }
        out.println("doctor: " + failures.size() + " check(s) failed: " + String.join(", ", failures));
        return 1;
    }

    private void pass(String check, String detail) {
        out.printf("PASS  %-13s %s%n", check, detail);
    }

    private void fail(String check, String detail) {
        failures.add(check);
        out.printf("FAIL  %-13s %s%n", check, detail);
    }

    private void skip(String... checks) {
        for (String check : checks) {
            fail(check, "not checked: an earlier check failed");
        }
    }
}
