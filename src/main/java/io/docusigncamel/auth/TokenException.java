package io.docusigncamel.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * DocuSign's OAuth service did not give (or accept) an access token. Carries the typed {@link TokenError}, the fix
 * in the words of the configuration, and for {@link TokenError#CONSENT_REQUIRED} the exact consent URL. The message
 * is "what happened: likely cause. Fix: ..."; it may quote DocuSign's error body (which holds no secrets) but never
 * the assertion, the key or a token.
 */
public class TokenException extends Exception {

    private static final long serialVersionUID = 1L;

    private final TokenError error;
    private final String fix;
    private final String consentUrl;

    public TokenException(TokenError error, String problem, String fix, String consentUrlOrNull, Throwable cause) {
        super(problem + ". Fix: " + fix, cause);
        this.error = Objects.requireNonNull(error, "error");
        this.fix = Objects.requireNonNull(fix, "fix");
        this.consentUrl = consentUrlOrNull;
    }

    public TokenException(TokenError error, String problem, String fix) {
        this(error, problem, fix, null, null);
    }

    public TokenError error() {
        return error;
    }

    /** What the user should do, naming configuration keys. */
    public String fix() {
        return fix;
    }

    /** The URL to open as the user to grant consent; present for {@link TokenError#CONSENT_REQUIRED}. */
    public Optional<String> consentUrl() {
        return Optional.ofNullable(consentUrl);
    }

    /** See {@link TokenError#retryable()}. */
    public boolean retryable() {
        return error.retryable();
    }
}
