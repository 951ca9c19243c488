package io.docusigncamel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

class AssertionFactoryTest {

    private static final String IK = "0f2b8a52-6a1b-4c39-a7f1-2d3e4f5a6b7c";
    private static final String USER = "7a1d5c3e-2b4f-4e6a-9c8d-1e2f3a4b5c6d";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");

    @Test
    void audienceIsTheBareHostOfTheDemoOAuthUrl() {
        assertThat(JwtSettings.audienceOf(URI.create("https://account-d.docusign.com/"))).isEqualTo("account-d.docusign.com");
        assertThat(JwtSettings.audienceOf(URI.create("https://account.docusign.com"))).isEqualTo("account.docusign.com");
    }

    @Test
    void audienceKeepsANonDefaultPortAndDropsTheDefaultOne() {
        assertThat(JwtSettings.audienceOf(URI.create("https://localhost:8443"))).isEqualTo("localhost:8443");
        assertThat(JwtSettings.audienceOf(URI.create("https://account-d.docusign.com:443/"))).isEqualTo("account-d.docusign.com");
    }

    @Test
    void assertionCarriesEveryClaimDocuSignNeeds() throws Exception {
        JwtSettings settings = JwtSettings.of(URI.create("https://account-d.docusign.com/"), IK, USER, "signature impersonation");

        SignedJWT jwt = SignedJWT.parse(new AssertionFactory(settings, TestKeys.rsaPrivate()).createAssertion(NOW));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.getHeader().getKeyID()).isNull();
        assertThat(claims.getIssuer()).isEqualTo(IK);
        assertThat(claims.getSubject()).isEqualTo(USER);
        assertThat(claims.getAudience()).containsExactly("account-d.docusign.com");
        assertThat(claims.getStringClaim("scope")).isEqualTo("signature impersonation");
        Instant issuedAt = claims.getIssueTime().toInstant();
        assertThat(issuedAt).isEqualTo(Instant.parse("2026-03-01T11:59:00Z"));
        assertThat(Duration.between(issuedAt, claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
        assertThat(jwt.verify(new RSASSAVerifier(TestKeys.rsaPublic()))).isTrue();
    }

    @Test
    void headerAndAudienceAreWrittenAsDocuSignExpects() throws Exception {
        JwtSettings settings = JwtSettings.of(URI.create("https://localhost:8443"), IK, USER, "signature impersonation");

        String[] parts = new AssertionFactory(settings, TestKeys.rsaPrivate()).createAssertion(NOW).split("\\.");

        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"RS256\"").contains("\"typ\":\"JWT\"");
        // A single audience as a plain string, with no scheme and no slash.
        assertThat(payload).contains("\"aud\":\"localhost:8443\"").doesNotContain("https:").doesNotContain("\"nbf\"");
        assertThat(payload).contains("\"iat\":" + Instant.parse("2026-03-01T11:59:00Z").getEpochSecond());
    }

    @Test
    void honoursAConfiguredLifetimeAndBackdate() throws Exception {
        JwtSettings settings = new JwtSettings(IK, USER, "account-d.docusign.com", "signature  impersonation",
                Duration.ofMinutes(10), Duration.ofSeconds(30));

        JWTClaimsSet claims = SignedJWT.parse(new AssertionFactory(settings, TestKeys.rsaPrivate()).createAssertion(NOW)).getJWTClaimsSet();

        assertThat(claims.getIssueTime()).isEqualTo(Date.from(Instant.parse("2026-03-01T11:59:30Z")));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(Instant.parse("2026-03-01T12:09:30Z")));
        assertThat(claims.getStringClaim("scope")).isEqualTo("signature impersonation");
    }

    @Test
    void signatureDoesNotVerifyWithAnotherKey() throws Exception {
        JwtSettings settings = JwtSettings.of(URI.create("https://account-d.docusign.com"), IK, USER, "signature impersonation");

        SignedJWT jwt = SignedJWT.parse(new AssertionFactory(settings, TestKeys.rsaPrivate()).createAssertion(NOW));

        assertThat(jwt.verify(new RSASSAVerifier((java.security.interfaces.RSAPublicKey) TestKeys.otherRsa().getPublic()))).isFalse();
    }

    @Test
    void rejectsALifetimeOverDocuSignsHour() {
        assertThatThrownBy(() -> new JwtSettings(IK, USER, "account-d.docusign.com", "signature impersonation",
                Duration.ofSeconds(3601), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3600");
        assertThat(new JwtSettings(IK, USER, "account-d.docusign.com", "signature", Duration.ofSeconds(3600), Duration.ZERO)
                .assertionLifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsAnAudienceWithSchemeOrSlash() {
        for (String audience : List.of("https://account-d.docusign.com", "account-d.docusign.com/")) {
            assertThatThrownBy(() -> new JwtSettings(IK, USER, audience, "signature", Duration.ofHours(1), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("without scheme or slash");
        }
    }

    @Test
    void rejectsMissingIntegrationKeyOrUserNamingTheProperty() {
        assertThatThrownBy(() -> JwtSettings.of(URI.create("https://account-d.docusign.com"), " ", USER, "signature"))
                .hasMessageContaining("docusign.integration-key");
        assertThatThrownBy(() -> JwtSettings.of(URI.create("https://account-d.docusign.com"), IK, null, "signature"))
                .hasMessageContaining("docusign.user-id");
    }
}
