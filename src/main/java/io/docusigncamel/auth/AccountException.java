package io.docusigncamel.auth;

import java.util.List;
import java.util.Objects;

/**
 * The user's DocuSign accounts do not let the service choose one: the configured {@code docusign.account-id} is not
 * among them, none is the default, or there are none. A configuration problem, not a transient one. The message
 * lists the available accounts (id and name) and says what to set.
 */
public final class AccountException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fix;
    private final transient List<DocuSignAccount> available;

    AccountException(String problem, String fix, List<DocuSignAccount> available) {
        super(problem + ". Fix: " + fix);
        this.fix = Objects.requireNonNull(fix, "fix");
        this.available = List.copyOf(available);
    }

    public String fix() {
        return fix;
    }

    /** The accounts userinfo listed for the user. */
    public List<DocuSignAccount> available() {
        return available;
    }
}
