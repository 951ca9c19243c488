package io.docusigncamel.auth;

/**
 * Why DocuSign's OAuth service did not give (or accept) an access token. The first eight are DocuSign's own
 * answers from the token endpoint ({@code error} / {@code error_description}); the others are failures around it.
 */
public enum TokenError {
    /** {@code {"error":"consent_required"}}: the user has not consented to this integration key (with impersonation). */
    CONSENT_REQUIRED(false),
    /** {@code invalid_grant / issuer_not_found}: the integration key is unknown in this environment. */
    ISSUER_NOT_FOUND(false),
    /** {@code invalid_grant / no_valid_keys_or_signatures}: key not registered, wrong environment, bad aud, clock skew. */
    NO_VALID_KEYS_OR_SIGNATURES(false),
    /** {@code invalid_grant / user_not_found} or {@code invalid_subject}: the user GUID is unknown in this environment. */
    USER_NOT_FOUND(false),
    /** {@code invalid_grant / expired_grant}: the assertion's exp is in DocuSign's past: this clock is behind. */
    EXPIRED_GRANT(false),
    /** {@code invalid_grant} without (or with an unknown) description. */
    INVALID_GRANT(false),
    /** {@code invalid_request}: the token request or assertion is malformed. */
    INVALID_REQUEST(false),
    /** {@code unsupported_grant_type}: the server does not do the JWT bearer grant (not DocuSign's OAuth host?). */
    UNSUPPORTED_GRANT_TYPE(false),
    /** A 401 from {@code /oauth/userinfo}: the access token was expired or revoked; a fresh one may work. */
    TOKEN_REJECTED(true),
    /** Not an answer DocuSign documents: 5xx, HTML, an empty body, missing fields, an unknown error code. */
    UNEXPECTED_RESPONSE(true),
    /** No answer at all: connection refused, DNS, time-out, TLS. */
    UNREACHABLE(true);

    private final boolean retryable;

    TokenError(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * Whether the same request may succeed later without anyone changing anything (a transient failure). The
     * others need a person: consent, configuration, a key upload, the clock. {@link DocuSignSession} keeps retrying
     * those too, slowly, so that the fix takes effect without a restart.
     */
    public boolean retryable() {
        return retryable;
    }
}
