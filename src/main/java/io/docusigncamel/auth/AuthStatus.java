package io.docusigncamel.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the service's DocuSign authentication, for the readiness check, {@code doctor} and logs. Immutable.
 *
 * @param state       where the session stands
 * @param reason      one line a person understands: what works, or what failed and why
 * @param fix         what to do, naming configuration keys; empty when {@link State#READY}
 * @param consentUrl  the URL to open as the user, while {@link State#CONSENT_REQUIRED}
 * @param account     the account in use, once resolved
 * @param lastAttempt when the service last tried to authenticate
 * @param nextAttempt when the background connection tries again, while it is retrying
 */
public record AuthStatus(State state, String reason, Optional<String> fix, Optional<String> consentUrl,
                         Optional<DocuSignAccount> account, Optional<Instant> lastAttempt, Optional<Instant> nextAttempt) {

    public enum State {
        /** Nothing tried yet, or the first attempt is running. */
        STARTING,
        /** A token and the account are at hand. */
        READY,
        /** DocuSign wants the user's consent; see {@link #consentUrl()}. Retrying. */
        CONSENT_REQUIRED,
        /** Any other failure; see {@link #reason()} and {@link #fix()}. Retrying. */
        FAILED
    }

    public AuthStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(consentUrl, "consentUrl");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }

    static AuthStatus starting() {
        return new AuthStatus(State.STARTING, "not connected to DocuSign yet", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean ready() {
        return state == State.READY;
    }

    AuthStatus withNextAttempt(Instant next) {
        return new AuthStatus(state, reason, fix, consentUrl, account, lastAttempt, Optional.of(next));
    }
}
