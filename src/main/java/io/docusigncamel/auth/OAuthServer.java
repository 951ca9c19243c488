package io.docusigncamel.auth;

import java.net.URI;
import java.util.Objects;

/**
 * Endpoint addresses on DocuSign's OAuth host, built from {@code docusign.oauth-base-url} as configured (scheme,
 * host, port and any path prefix kept), so the service can be pointed at an emulator; nothing here glues
 * {@code https://} onto a host. Stateless.
 */
final class OAuthServer {

    private OAuthServer() {
    }

    /** {@code base} without trailing slashes, followed by {@code path} (which starts with a slash). */
    static URI endpoint(URI base, String path) {
        Objects.requireNonNull(base, "docusign.oauth-base-url");
        if (!base.isAbsolute() || base.getHost() == null) {
            throw new IllegalArgumentException("docusign.oauth-base-url must be an absolute URL such as https://account-d.docusign.com, not '"
                    + base + "'");
        }
        String text = base.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(text.substring(0, end) + path);
    }
}
