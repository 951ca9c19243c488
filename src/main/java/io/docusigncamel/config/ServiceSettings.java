package io.docusigncamel.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting the service reads from {@code application.properties} (and the environment), validated and typed.
 * Built by {@link SettingsReader}; immutable. In the {@code emulator} environment the DocuSign identity
 * (OAuth host, integration key, user, key file, truststore) is unknown until the embedded emulator has started,
 * and is filled in by {@link #withIdentity}.
 */
public record ServiceSettings(
        DocuSignEnvironment environment,
        URI oauthBaseUrl,
        String integrationKey,
        String userId,
        Path privateKeyFile,
        Optional<Secret> privateKeyPassphrase,
        Optional<String> accountId,
        String scopes,
        Optional<URI> consentRedirectUri,
        Duration tokenRefreshMargin,
        Optional<Path> truststoreFile,
        Optional<Secret> truststorePassword,
        Duration httpTimeout,
        Duration authRetryMaxBackoff,
        int emulatorPort,
        Duration emulatorSignerDelay,
        Path inboxDir,
        Path outboxDir,
        Path dataDir,
        Duration pollInterval,
        String ledgerJdbcUrl,
        Optional<String> ledgerUser,
        Optional<Secret> ledgerPassword,
        int maxAttempts,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff) {

    /** The emulator's own state (keys, certificate, credentials.json) lives here. */
    public Path emulatorDir() {
        return dataDir.resolve("emulator");
    }

    /** The same settings with the DocuSign identity that the embedded emulator created. */
    public ServiceSettings withIdentity(URI oauthBaseUrl, String integrationKey, String userId, Path privateKeyFile,
                                        URI consentRedirectUri, Path truststoreFile, Secret truststorePassword) {
        return new ServiceSettings(environment, oauthBaseUrl, integrationKey, userId, privateKeyFile, Optional.empty(),
                accountId, scopes, Optional.of(consentRedirectUri), tokenRefreshMargin, Optional.of(truststoreFile),
                Optional.of(truststorePassword), httpTimeout, authRetryMaxBackoff, emulatorPort, emulatorSignerDelay,
                inboxDir, outboxDir, dataDir, pollInterval, ledgerJdbcUrl, ledgerUser, ledgerPassword, maxAttempts,
                retryInitialBackoff, retryMaxBackoff);
    }
}
