package io.docusigncamel.auth;

import java.util.Objects;

/**
 * The DocuSign account the service works in, as listed by {@code /oauth/userinfo}. Immutable.
 *
 * @param baseUri the account's {@code base_uri}, e.g. {@code https://na3.docusign.net} (no {@code /restapi})
 */
public record DocuSignAccount(String accountId, String accountName, String baseUri) {

    public DocuSignAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(baseUri, "baseUri");
        accountName = accountName == null ? "" : accountName;
    }

    /**
     * The eSignature REST base: {@code base_uri + "/restapi"}, without a doubled slash; the route appends
     * {@code /v2.1/accounts/{accountId}/...}.
     */
    public String restBase() {
        String base = baseUri;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/restapi") ? base : base + "/restapi";
    }
}
