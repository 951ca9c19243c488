package io.docusigncamel.emulator;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One DocuSign account of an emulated user, as {@code /oauth/userinfo} lists it. Immutable.
 *
 * @param accountId   the account GUID, used in REST paths
 * @param accountName the display name
 * @param isDefault   whether it is the user's default account
 */
public record EmulatorAccount(@JsonProperty("accountId") String accountId,
                              @JsonProperty("accountName") String accountName,
                              @JsonProperty("isDefault") boolean isDefault) {
}
