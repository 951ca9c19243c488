package io.docusigncamel.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Which DocuSign the service talks to: the embedded emulator, the developer sandbox or production. */
public enum DocuSignEnvironment {
    EMULATOR(null),
    DEMO(URI.create("https://account-d.docusign.com")),
    PRODUCTION(URI.create("https://account.docusign.com"));

    private final URI oauthBaseUrl;

    DocuSignEnvironment(URI oauthBaseUrl) {
        this.oauthBaseUrl = oauthBaseUrl;
    }

    /** DocuSign's OAuth host for this environment; empty for the emulator, whose port is chosen at start. */
    public Optional<URI> defaultOauthBaseUrl() {
        return Optional.ofNullable(oauthBaseUrl);
    }

    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DocuSignEnvironment> parse(String value) {
        for (DocuSignEnvironment e : values()) {
            if (e.propertyValue().equalsIgnoreCase(value.trim())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
