package io.docusigncamel.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What goes into a DocuSign JWT Grant assertion besides the key: {@code iss} (integration key), {@code sub} (the
 * impersonated user's GUID), {@code aud} (the OAuth host without scheme or slash), {@code scope}, and how long the
 * assertion lives. Validated on construction; immutable.
 *
 * @param integrationKey    {@code docusign.integration-key}, the JWT {@code iss}
 * @param userId            {@code docusign.user-id}, the JWT {@code sub}
 * @param audience          the authority of {@code docusign.oauth-base-url}, see {@link #audienceOf(URI)}
 * @param scopes            space-separated ({@code docusign.scopes}); normalised to single spaces
 * @param assertionLifetime {@code exp - iat}; at most one hour, which DocuSign documents as the maximum
 * @param backdate          how far {@code iat} lies before "now", so that a clock slightly ahead of DocuSign's
 *                          does not produce an assertion issued in the future
 */
public record JwtSettings(String integrationKey, String userId, String audience, String scopes,
                          Duration assertionLifetime, Duration backdate) {

    /** DocuSign: {@code exp} "cannot be set to a greater value" than one hour after {@code iat}. */
    public static final Duration MAXIMUM_ASSERTION_LIFETIME = Duration.ofHours(1);
    /** What DocuSign's own samples use. The assertion is spent at once, the margin only absorbs clock skew. */
    public static final Duration DEFAULT_ASSERTION_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_BACKDATE = Duration.ofMinutes(1);
    public static final String DEFAULT_SCOPES = "signature impersonation";

    public JwtSettings {
        requireText(integrationKey, "docusign.integration-key");
        requireText(userId, "docusign.user-id");
        requireText(audience, "the JWT audience (docusign.oauth-base-url)");
        if (audience.contains("/")) {
            throw new IllegalArgumentException("the JWT audience must be the OAuth host without scheme or slash, e.g. account-d.docusign.com, not '"
                    + audience + "'");
        }
        requireText(scopes, "docusign.scopes");
        scopes = normaliseScopes(scopes);
        Objects.requireNonNull(assertionLifetime, "assertionLifetime");
        Objects.requireNonNull(backdate, "backdate");
        if (assertionLifetime.isNegative() || assertionLifetime.isZero() || assertionLifetime.compareTo(MAXIMUM_ASSERTION_LIFETIME) > 0) {
            throw new IllegalArgumentException("the assertion lifetime must be between 1 s and 3600 s (DocuSign's maximum), not "
                    + assertionLifetime.toSeconds() + " s");
        }
        if (backdate.isNegative() || backdate.compareTo(assertionLifetime) >= 0) {
            throw new IllegalArgumentException("the iat backdate must be at least 0 and shorter than the assertion lifetime");
        }
    }

    /** Settings with DocuSign's usual lifetime (one hour) and a one-minute {@code iat} backdate. */
    public static JwtSettings of(URI oauthBaseUrl, String integrationKey, String userId, String scopes) {
        return new JwtSettings(integrationKey, userId, audienceOf(oauthBaseUrl), scopes, DEFAULT_ASSERTION_LIFETIME, DEFAULT_BACKDATE);
    }

    /**
     * The JWT {@code aud} for an OAuth base URL: its authority, host[:port], without scheme, path or trailing
     * slash ({@code https://account-d.docusign.com/} gives {@code account-d.docusign.com},
     * {@code https://localhost:8443} gives {@code localhost:8443}). DocuSign rejects an {@code aud} with
     * {@code https://} or a slash as {@code no_valid_keys_or_signatures}. A port equal to the scheme's default is
     * dropped, since DocuSign compares the host literally.
     */
    public static String audienceOf(URI oauthBaseUrl) {
        Objects.requireNonNull(oauthBaseUrl, "docusign.oauth-base-url");
        String host = oauthBaseUrl.getHost();
        if (host == null || oauthBaseUrl.getScheme() == null) {
            throw new IllegalArgumentException("docusign.oauth-base-url must be an absolute URL such as https://account-d.docusign.com, not '"
                    + oauthBaseUrl + "'");
        }
        int port = oauthBaseUrl.getPort();
        String scheme = oauthBaseUrl.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        String lowerHost = host.toLowerCase(Locale.ROOT);
        return defaultPort ? lowerHost : lowerHost + ":" + port;
    }

    private static String normaliseScopes(String scopes) {
        return Arrays.stream(scopes.trim().split("[\\s,]+")).collect(Collectors.joining(" "));
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is not set");
        }
    }
}
