package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.config.DocuSignEnvironment;
import io.docusigncamel.doctor.Finding.Verdict;
import org.junit.jupiter.api.Test;

class HostSanityTest {

    @Test
    void docuSignsOwnHostsPassWithTheBareAud() {
        assertThat(HostSanity.check(DocuSignEnvironment.DEMO, "https://account-d.docusign.com"))
                .isEqualTo(Finding.pass("JWT aud account-d.docusign.com, https, DocuSign's demo OAuth host"));
        Finding production = HostSanity.check(DocuSignEnvironment.PRODUCTION, "https://account.docusign.com/");
        assertThat(production.verdict()).isEqualTo(Verdict.PASS);
        assertThat(production.found()).contains("JWT aud account.docusign.com,").contains("trailing slash is dropped");
    }

    @Test
    void httpIsRefusedWithTheHttpsUrlToSet() {
        Finding f = HostSanity.check(DocuSignEnvironment.DEMO, "http://account-d.docusign.com");
        assertThat(f.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.fix()).isEqualTo("set docusign.oauth-base-url=https://account-d.docusign.com");
    }

    @Test
    void aPathOrAMissingSchemeIsRefused() {
        assertThat(HostSanity.check(DocuSignEnvironment.DEMO, "https://account-d.docusign.com/oauth/token").found())
                .contains("has a path (/oauth/token)");
        assertThat(HostSanity.check(DocuSignEnvironment.DEMO, "account-d.docusign.com").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void theOtherEnvironmentsHostFailsNamingBothKeys() {
        Finding demoHostInProduction = HostSanity.check(DocuSignEnvironment.PRODUCTION, "https://account-d.docusign.com");
        assertThat(demoHostInProduction.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(demoHostInProduction.found()).contains("developer sandbox (demo) host but docusign.environment=production");
        assertThat(demoHostInProduction.fix()).contains("docusign.oauth-base-url=https://account.docusign.com")
                .contains("docusign.environment=demo");
        assertThat(HostSanity.check(DocuSignEnvironment.DEMO, "https://account.docusign.com").verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void theRestHostIsNotTheOAuthHost() {
        Finding f = HostSanity.check(DocuSignEnvironment.DEMO, "https://demo.docusign.net");
        assertThat(f.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.found()).contains("REST host");
    }

    @Test
    void anUnknownHostWarnsAndALocalOnePasses() {
        Finding proxy = HostSanity.check(DocuSignEnvironment.PRODUCTION, "https://oauth-proxy.example.com:8443");
        assertThat(proxy.verdict()).isEqualTo(Verdict.WARN);
        assertThat(proxy.found()).contains("JWT aud oauth-proxy.example.com:8443");
        assertThat(proxy.fix()).contains("docusign.oauth-base-url=https://account.docusign.com");
        assertThat(HostSanity.check(DocuSignEnvironment.DEMO, "https://localhost:9443").verdict()).isEqualTo(Verdict.PASS);
    }
}
