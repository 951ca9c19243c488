package io.docusigncamel.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The individual-consent URL a user opens once so that the integration key may impersonate them:
 * {@code {oauth-base-url}/oauth/auth?response_type=code&scope=signature%20impersonation&client_id=...&redirect_uri=...}.
 * Scopes are joined with {@code %20}, never {@code +} or {@code %2B}, exactly as DocuSign's SDK builds it.
 * Immutable and thread-safe.
 */
public final class ConsentUrl {

    private final String url;
    private final boolean redirectUriConfigured;

    /**
     * @param scopes            space-separated scopes ({@code docusign.scopes}); {@code impersonation} must be among
     *                          them for JWT, which this class does not add on its own
     * @param redirectUriOrNull {@code docusign.consent-redirect-uri}: a redirect URI registered on the integration key
     */
    public ConsentUrl(URI oauthBaseUrl, String integrationKey, String scopes, String redirectUriOrNull) {
        if (integrationKey == null || integrationKey.isBlank()) {
            throw new IllegalArgumentException("docusign.integration-key is not set");
        }
        if (scopes == null || scopes.isBlank()) {
            throw new IllegalArgumentException("docusign.scopes is not set");
        }
        String scope = Arrays.stream(scopes.trim().split("[\\s,]+")).map(ConsentUrl::encode).collect(Collectors.joining("%20"));
        StringBuilder text = new StringBuilder(OAuthServer.endpoint(oauthBaseUrl, "/oauth/auth").toString())
                .append("?response_type=code&scope=").append(scope)
                .append("&client_id=").append(encode(integrationKey.trim()));
        redirectUriConfigured = redirectUriOrNull != null && !redirectUriOrNull.isBlank();
        if (redirectUriConfigured) {
            text.append("&redirect_uri=").append(encode(redirectUriOrNull.trim()));
        }
        url = text.toString();
    }

    /** The URL to open in a browser, signed in as the impersonated user. */
    public String url() {
        return url;
    }

    public boolean redirectUriConfigured() {
        return redirectUriConfigured;
    }

    /** One sentence telling a person what to do with the URL; says so when no redirect URI is configured. */
    public String instructions() {
        String open = "grant consent once by opening " + url + " in a browser, signed in as the impersonated user "
                + "(or have an organization administrator grant consent for the integration key)";
        return redirectUriConfigured
                ? open
                : open + "; docusign.consent-redirect-uri is not set, so the URL has no redirect_uri and DocuSign may refuse it: "
                        + "set docusign.consent-redirect-uri to a redirect URI registered on the integration key (Apps and Keys)";
    }

    @Override
    public String toString() {
        return url;
    }

    /** Form-encoding, except that a space must be {@code %20}: DocuSign's consent page wants it so. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
