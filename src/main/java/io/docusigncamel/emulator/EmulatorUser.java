package io.docusigncamel.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An emulated DocuSign user: what {@code /oauth/userinfo} returns for it and which accounts its tokens may use.
 * Immutable.
 *
 * @param created when the user was created, in userinfo's format (no zone designator, e.g.
 *                {@code 2015-08-13T22:03:03.45})
 */
public record EmulatorUser(@JsonProperty("userId") String userId,
                           @JsonProperty("name") String name,
                           @JsonProperty("givenName") String givenName,
                           @JsonProperty("familyName") String familyName,
                           @JsonProperty("email") String email,
                           @JsonProperty("created") String created,
                           @JsonProperty("accounts") List<EmulatorAccount> accounts) {

    public EmulatorUser {
        accounts = List.copyOf(accounts);
    }

    /** The account flagged default; DocuSign users have exactly one. */
    public EmulatorAccount defaultAccount() {
        return accounts.stream().filter(EmulatorAccount::isDefault).findFirst()
                .orElseThrow(() -> new IllegalStateException("user " + userId + " has no default account"));
    }

    /** The user's account with this id (GUIDs compare case-insensitively), or {@code null}. */
    EmulatorAccount account(String accountId) {
        return accounts.stream().filter(a -> a.accountId().equalsIgnoreCase(accountId)).findFirst().orElse(null);
    }
}
