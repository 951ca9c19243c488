package io.docusigncamel.doctor;

import io.docusigncamel.config.DocuSignEnvironment;
import io.docusigncamel.config.SettingsReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks {@code docusign.oauth-base-url} against what DocuSign accepts as the JWT {@code aud}: https, the bare
 * host (no path; a trailing slash is dropped), and the OAuth host of the configured environment
 * ({@code account-d.docusign.com} for demo, {@code account.docusign.com} for production). Pure.
 */
final class HostSanity {

    static final String DEMO_HOST = "account-d.docusign.com";
    static final String PRODUCTION_HOST = "account.docusign.com";
    private static final String KEY = SettingsReader.OAUTH_BASE_URL;

    private HostSanity() {
    }

    /**
     * @param configured the value of {@code docusign.oauth-base-url} as written, or the environment's default when
     *                   it is not set
     */
    static Finding check(DocuSignEnvironment environment, String configured) {
        String value = configured == null ? "" : configured.trim();
        if (environment == DocuSignEnvironment.EMULATOR) {
            return Finding.pass("the embedded emulator at " + value + " (docusign.environment=emulator)");
        }
        String expectedHost = environment == DocuSignEnvironment.PRODUCTION ? PRODUCTION_HOST : DEMO_HOST;
        String example = "https://" + expectedHost;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Finding.fail(KEY + "=\"" + value + "\" is not a URL", "set " + KEY + "=" + example);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return Finding.fail(KEY + "=\"" + value + "\" has no scheme (https://) or no host",
                    "set " + KEY + "=" + example + "; the JWT aud is derived from it without the scheme");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Finding.fail(KEY + "=\"" + value + "\" uses " + uri.getScheme() + ", DocuSign's OAuth host only speaks https",
                    "set " + KEY + "=" + example);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !"/".equals(path) || uri.getRawQuery() != null) {
            return Finding.fail(KEY + "=\"" + value + "\" has a path (" + path + "); it must be the OAuth host only",
                    "set " + KEY + "=" + example + " (the service adds /oauth/token and /oauth/userinfo itself)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String aud = aud(uri);
        String slash = "/".equals(path) ? " (the trailing slash is dropped)" : "";
        String env = "docusign.environment=" + environment.propertyValue();
        if (environment == DocuSignEnvironment.DEMO && host.equals(PRODUCTION_HOST)) {
            return Finding.fail(KEY + " is DocuSign's production host but " + env,
                    "set " + KEY + "=https://" + DEMO_HOST + ", or docusign.environment=production with a production integration key");
        }
        if (environment == DocuSignEnvironment.PRODUCTION && host.equals(DEMO_HOST)) {
            return Finding.fail(KEY + " is DocuSign's developer sandbox (demo) host but " + env
                            + ": a demo integration key and user do not exist in production",
                    "set " + KEY + "=https://" + PRODUCTION_HOST + ", or docusign.environment=demo");
        }
        if (host.endsWith(".docusign.net")) {
            return Finding.fail(KEY + "=\"" + value + "\" is a DocuSign REST host, not the OAuth host",
                    "set " + KEY + "=" + example + "; the REST host comes from /oauth/userinfo");
        }
        if (host.equals(expectedHost)) {
            return Finding.pass("JWT aud " + aud + ", https, DocuSign's " + environment.propertyValue() + " OAuth host" + slash);
        }
        if (isLoopback(host)) {
            return Finding.pass("JWT aud " + aud + ", https, a host on this machine (an emulator or test double), "
                    + env + slash);
        }
        return Finding.warn("JWT aud " + aud + ", https, but " + host + " is not DocuSign's " + environment.propertyValue()
                        + " OAuth host " + expectedHost + slash,
                "unless this is a proxy or test double on purpose, set " + KEY + "=" + example);
    }

    private static String aud(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 || uri.getPort() == 443 ? host : host + ":" + uri.getPort();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
