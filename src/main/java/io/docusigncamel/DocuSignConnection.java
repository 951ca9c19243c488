package io.docusigncamel;

import io.docusigncamel.auth.AssertionFactory;
import io.docusigncamel.auth.ConsentUrl;
import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.auth.JwtGrantTokenSource;
import io.docusigncamel.auth.JwtSettings;
import io.docusigncamel.auth.KeyFileException;
import io.docusigncamel.auth.PrivateKeys;
import io.docusigncamel.auth.TokenProvider;
import io.docusigncamel.auth.UserInfoClient;
import io.docusigncamel.config.InvalidSettingsException;
import io.docusigncamel.config.Secret;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.config.TlsTrust;
import java.net.http.HttpClient;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.List;

/**
 * The authentication objects built from the settings, wired once: the private key, the assertion factory, the token
 * endpoint client, the token cache, userinfo and the session. Used by the service's configuration and by
 * {@code doctor}. Immutable; the parts are thread-safe.
 */
public final class DocuSignConnection {

    private final ServiceSettings settings;
    private final HttpClient http;
    private final RSAPrivateKey privateKey;
    private final ConsentUrl consentUrl;
    private final JwtGrantTokenSource tokenSource;
    private final TokenProvider tokens;
    private final UserInfoClient userInfo;
    private final DocuSignSession session;

    private DocuSignConnection(ServiceSettings settings, Clock clock) {
        this.settings = settings;
        this.privateKey = readKey(settings);
        this.http = HttpClient.newBuilder()
                .sslContext(TlsTrust.of(settings).sslContext())
                .connectTimeout(settings.httpTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JwtSettings jwt = JwtSettings.of(settings.oauthBaseUrl(), settings.integrationKey(), settings.userId(), settings.scopes());
        this.consentUrl = new ConsentUrl(settings.oauthBaseUrl(), settings.integrationKey(), settings.scopes(),
                settings.consentRedirectUri().map(Object::toString).orElse(null));
        this.tokenSource = new JwtGrantTokenSource(settings.oauthBaseUrl(), new AssertionFactory(jwt, privateKey),
                consentUrl, http, clock);
        this.tokens = new TokenProvider(tokenSource, clock, settings.tokenRefreshMargin());
        this.userInfo = new UserInfoClient(settings.oauthBaseUrl(), http);
        this.session = new DocuSignSession(tokens, userInfo, settings.accountId(), clock);
    }

    /** Builds everything; a key that cannot be read is a configuration problem naming the file and the format. */
    public static DocuSignConnection open(ServiceSettings settings, Clock clock) {
        return new DocuSignConnection(settings, clock);
    }

    /** Reads the configured private key or fails with one line naming the key, the file and what was found. */
    public static RSAPrivateKey readKey(ServiceSettings settings) {
        try {
            return PrivateKeys.read(settings.privateKeyFile(),
                    settings.privateKeyPassphrase().map(Secret::chars).orElse(null));
        } catch (KeyFileException e) {
            throw new InvalidSettingsException(List.of(SettingsReader.PRIVATE_KEY_FILE + ": " + e.getMessage()));
        }
    }

    public ServiceSettings settings() {
        return settings;
    }

    public HttpClient http() {
        return http;
    }

    public RSAPrivateKey privateKey() {
        return privateKey;
    }

    public ConsentUrl consentUrl() {
        return consentUrl;
    }

    /** The token endpoint itself, uncached (doctor asks it directly). */
    public JwtGrantTokenSource tokenSource() {
        return tokenSource;
    }

    public TokenProvider tokens() {
        return tokens;
    }

    public UserInfoClient userInfo() {
        return userInfo;
    }

    public DocuSignSession session() {
        return session;
    }
}
