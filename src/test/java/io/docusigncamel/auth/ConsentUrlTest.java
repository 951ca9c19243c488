package io.docusigncamel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ConsentUrlTest {

    private static final String IK = "0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c";

    @Test
    void buildsTheExactDemoConsentUrl() {
        ConsentUrl consent = new ConsentUrl(URI.create("https://account-d.docusign.com/"), IK, "signature impersonation",
                "https://developers.docusign.com/platform/auth/consent");

        assertThat(consent.url()).isEqualTo("https://account-d.docusign.com/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id=0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c"
                + "&redirect_uri=https%3A%2F%2Fdevelopers.docusign.com%2Fplatform%2Fauth%2Fconsent");
    }

    @Test
    void keepsThePortOfAnEmulatorHost() {
        ConsentUrl consent = new ConsentUrl(URI.create("https://localhost:8443"), IK, "signature impersonation",
                "http://localhost:8080/callback?x=a b");

        assertThat(consent.url()).isEqualTo("https://localhost:8443/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id=0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback%3Fx%3Da%20b");
    }

    @Test
    void joinsScopesWithPercentTwentyNeverPlus() {
        ConsentUrl consent = new ConsentUrl(URI.create("https://account.docusign.com"), IK, " signature   impersonation extended ", null);

        assertThat(consent.url()).contains("scope=signature%20impersonation%20extended&")
                .doesNotContain("+").doesNotContain("%2B");
    }

    @Test
    void saysSoWhenNoRedirectUriIsConfigured() {
        ConsentUrl consent = new ConsentUrl(URI.create("https://account-d.docusign.com"), IK, "signature impersonation", " ");

        assertThat(consent.url()).isEqualTo("https://account-d.docusign.com/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id=0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c");
        assertThat(consent.redirectUriConfigured()).isFalse();
        assertThat(consent.instructions()).contains(consent.url()).contains("docusign.consent-redirect-uri is not set");
    }

    @Test
    void instructionsNameTheUrlAndTheUser() {
        ConsentUrl consent = new ConsentUrl(URI.create("https://account-d.docusign.com"), IK, "signature impersonation", "https://example.com/cb");

        assertThat(consent.instructions()).startsWith("grant consent once by opening " + consent.url())
                .contains("as the impersonated user").doesNotContain("not set");
    }
}
