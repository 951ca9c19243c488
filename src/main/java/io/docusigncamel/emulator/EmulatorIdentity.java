package io.docusigncamel.emulator;

import java.nio.file.Path;
import java.util.List;

/**
 * Who a client is inside the emulator: the demo integration key and user, their accounts, the default template
 * and the files a client needs. Immutable snapshot.
 *
 * @param privateKeyFile the demo private key, PKCS#1 PEM, whose public key is registered for the integration key
 * @param redirectUri    the redirect URI registered on the integration key (a page of the emulator itself)
 */
public record EmulatorIdentity(String integrationKey, String userId, String userName, String email,
                               List<EmulatorAccount> accounts, String templateId, Path privateKeyFile,
                               String redirectUri) {

    public EmulatorIdentity {
        accounts = List.copyOf(accounts);
    }

    /** The default account's id (deliberately not the first account, to catch clients that take {@code [0]}). */
    public String defaultAccountId() {
        return accounts.stream().filter(EmulatorAccount::isDefault).map(EmulatorAccount::accountId).findFirst()
                .orElseThrow();
    }
}
