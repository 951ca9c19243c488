package io.docusigncamel.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Obtains a token with DocuSign's OAuth JWT Grant: {@code POST {oauth-base-url}/oauth/token}, form
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<signed JWT>}, with a fresh assertion per
 * request. The token's expiry is the clock's instant when the request was sent plus the response's
 * {@code expires_in}, never an assumed hour. Every failure becomes a {@link TokenException} typed by DocuSign's
 * {@code error}/{@code error_description} and carrying the fix. Thread-safe (the {@link HttpClient} is).
 */
public final class JwtGrantTokenSource implements TokenSource {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI tokenEndpoint;
    private final AssertionFactory assertions;
    private final ConsentUrl consent;
    private final HttpClient http;
    private final Clock clock;
    private final Duration requestTimeout;

    public JwtGrantTokenSource(URI oauthBaseUrl, AssertionFactory assertions, ConsentUrl consent, HttpClient http, Clock clock) {
        this(oauthBaseUrl, assertions, consent, http, clock, DEFAULT_REQUEST_TIMEOUT);
    }

    public JwtGrantTokenSource(URI oauthBaseUrl, AssertionFactory assertions, ConsentUrl consent, HttpClient http, Clock clock,
                               Duration requestTimeout) {
        this.tokenEndpoint = OAuthServer.endpoint(oauthBaseUrl, "/oauth/token");
        this.assertions = Objects.requireNonNull(assertions, "assertions");
        this.consent = Objects.requireNonNull(consent, "consent");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public AccessToken requestToken() throws TokenException {
        Instant sentAt = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertions.createAssertion(sentAt), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                // As DocuSign's SDK does: no intermediary may keep a response that holds a token.
                .header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 200) {
            return parseToken(response, sentAt);
        }
        throw tokenEndpointError(response);
    }

    private HttpResponse<String> send(HttpRequest request) throws TokenException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("was interrupted while waiting for " + tokenEndpoint, e);
        } catch (HttpTimeoutException e) {
            throw unreachable("got no answer from " + tokenEndpoint + " within " + requestTimeout.toSeconds() + " s", e);
        } catch (SSLException e) {
            throw new TokenException(TokenError.UNREACHABLE,
                    "TLS with " + tokenEndpoint + " failed (" + e.getMessage() + ")",
                    "check docusign.oauth-base-url and that the JVM trusts the server's certificate "
                            + "(for the emulator: its truststore); the service retries by itself", null, e);
        } catch (IOException e) {
            throw unreachable("could not reach " + tokenEndpoint + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private TokenException unreachable(String problem, Exception cause) {
        return new TokenException(TokenError.UNREACHABLE, "DocuSign's token endpoint: " + problem,
                "check docusign.oauth-base-url (or docusign.environment), DNS, proxy and firewall; the service retries by itself",
                null, cause);
    }

    private AccessToken parseToken(HttpResponse<String> response, Instant sentAt) throws TokenException {
        JsonNode body = OAuthJson.parse(response.body());
        String accessToken = body == null ? null : OAuthJson.text(body, "access_token");
        long expiresIn = body == null ? -1 : OAuthJson.positiveSeconds(body, "expires_in");
        if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
            // The body of a 200 holds a token: describe it, do not quote it.
            throw new TokenException(TokenError.UNEXPECTED_RESPONSE,
                    "DocuSign's token endpoint " + tokenEndpoint + " answered HTTP 200 without a usable access_token and a positive expires_in ("
                            + OAuthJson.shape(body, response.body()) + ")",
                    "check that docusign.oauth-base-url points at DocuSign's OAuth host (account-d.docusign.com or account.docusign.com); "
                            + "the service retries by itself");
        }
        return new AccessToken(accessToken, sentAt.plusSeconds(expiresIn));
    }

    private TokenException tokenEndpointError(HttpResponse<String> response) {
        JsonNode body = OAuthJson.parse(response.body());
        String error = body == null ? null : OAuthJson.text(body, "error");
        String description = body == null ? null : OAuthJson.text(body, "error_description");
        String said = "DocuSign's token endpoint answered HTTP " + response.statusCode() + " " + OAuthJson.quote(response.body());
        JwtSettings settings = assertions.settings();
        String ik = "integration key " + settings.integrationKey() + " (docusign.integration-key)";
        String user = "user " + settings.userId() + " (docusign.user-id)";
        if (error == null || response.statusCode() >= 500) {
            return new TokenException(TokenError.UNEXPECTED_RESPONSE,
                    said + ": not an OAuth error answer; DocuSign's OAuth service may be in trouble, or docusign.oauth-base-url does not point at it",
                    "check docusign.oauth-base-url (" + tokenEndpoint + ") and DocuSign's status page; the service retries by itself");
        }
        TokenError kind = classify(error, description);
        return switch (kind) {
            case CONSENT_REQUIRED -> new TokenException(kind,
                    said + ": " + user + " has not granted consent to " + ik + " for the scopes '" + settings.scopes() + "'",
                    consent.instructions() + "; the service retries by itself and continues once consent is given",
                    consent.url(), null);
            case ISSUER_NOT_FOUND -> new TokenException(kind,
                    said + ": the " + ik + " is unknown in this environment (a demo key sent to production, or a typo)",
                    "check docusign.integration-key and docusign.environment / docusign.oauth-base-url (now " + tokenEndpoint + ")");
            case NO_VALID_KEYS_OR_SIGNATURES -> new TokenException(kind,
                    said + ": the assertion's signature matches no public key registered on the " + ik
                            + " in this environment. Likely: the key pair of docusign.private-key-file is not (or no longer) on the integration key, "
                            + "a demo integration key against production or the reverse, an aud other than '" + settings.audience()
                            + "' (it must be the bare host, no https:// and no slash), or this machine's clock is off",
                    "upload the public key of docusign.private-key-file to the integration key (Apps and Keys > RSA key pairs; "
                            + "`doctor` prints its fingerprint), check docusign.environment / docusign.oauth-base-url, and synchronise the clock (NTP)");
            case USER_NOT_FOUND -> new TokenException(kind,
                    said + ": " + user + " is not an active user in this environment",
                    "set docusign.user-id to the user's GUID (\"API Username\" on the Apps and Keys page), not an e-mail address, "
                            + "and from the same environment (demo or production) as docusign.oauth-base-url");
            case EXPIRED_GRANT -> new TokenException(kind,
                    said + ": the assertion's exp was already past for DocuSign, so this machine's clock is behind",
                    "synchronise this machine's clock (NTP); the service retries by itself");
            case INVALID_GRANT -> new TokenException(kind,
                    said + ": DocuSign refused the grant without saying why (usually one of: consent missing, key not registered, "
                            + "wrong environment, wrong user GUID, clock skew)",
                    "run `java -jar docusign-camel.jar doctor`, and check docusign.integration-key, docusign.user-id (a GUID), "
                            + "docusign.private-key-file (its public key on the integration key) and docusign.oauth-base-url");
            case INVALID_REQUEST -> new TokenException(kind,
                    said + ": DocuSign considers the token request malformed",
                    "check that docusign.oauth-base-url is DocuSign's OAuth host (account-d.docusign.com or account.docusign.com), "
                            + "not the REST host, and that docusign.integration-key and docusign.user-id hold GUIDs");
            case UNSUPPORTED_GRANT_TYPE -> new TokenException(kind,
                    said + ": the server does not accept the JWT bearer grant",
                    "check that docusign.oauth-base-url is DocuSign's OAuth host (account-d.docusign.com or account.docusign.com)");
            default -> new TokenException(TokenError.UNEXPECTED_RESPONSE,
                    said + ": an OAuth error DocuSign does not document",
                    "check docusign.integration-key, docusign.user-id and docusign.oauth-base-url; the service retries by itself");
        };
    }

    /**
     * DocuSign puts the reason in {@code error_description} under {@code error=invalid_grant}. {@code error} is the
     * discriminator otherwise (a test double pairs consent_required with a description of issuer_not_found), and a
     * reason sent directly as {@code error} is recognised too.
     */
    static TokenError classify(String error, String description) {
        if (!"invalid_grant".equals(error)) {
            TokenError direct = byCode(error);
            return direct == null ? TokenError.UNEXPECTED_RESPONSE : direct;
        }
        TokenError reason = description == null ? null : byCode(description);
        return reason == null || reason == TokenError.INVALID_GRANT ? TokenError.INVALID_GRANT : reason;
    }

    private static TokenError byCode(String code) {
        return switch (code) {
            case "consent_required" -> TokenError.CONSENT_REQUIRED;
            case "issuer_not_found" -> TokenError.ISSUER_NOT_FOUND;
            case "no_valid_keys_or_signatures" -> TokenError.NO_VALID_KEYS_OR_SIGNATURES;
            case "user_not_found", "invalid_subject" -> TokenError.USER_NOT_FOUND;
            case "expired_grant" -> TokenError.EXPIRED_GRANT;
            case "invalid_grant" -> TokenError.INVALID_GRANT;
            case "invalid_request" -> TokenError.INVALID_REQUEST;
            case "unsupported_grant_type" -> TokenError.UNSUPPORTED_GRANT_TYPE;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "JwtGrantTokenSource[" + tokenEndpoint + ", iss=" + assertions.settings().integrationKey()
                + ", sub=" + assertions.settings().userId() + "]";
    }
}
