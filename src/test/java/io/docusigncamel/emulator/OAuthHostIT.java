package io.docusigncamel.emulator;

import io.docusigncamel.testing.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The OAuth host over HTTPS: every token error DocuSign gives, success, consent, userinfo. */
class OAuthHostIT {

    @TempDir
    static Path stateDir;
    static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    static DocuSignEmulator emulator;
    static EmulatorHttpClient client;
    static KeyPair registeredKey;

    @BeforeAll
    static void start() throws Exception {
        emulator = DocuSignEmulator.builder().stateDir(stateDir).clock(CLOCK)
                .envelopeEndpoints(new RecordingEnvelopeEndpoints()).build().start();
        client = EmulatorHttpClient.forEmulator(emulator);
        registeredKey = Pem.newRsaKeyPair();
        emulator.registerPublicKey(emulator.integrationKey(), registeredKey.getPublic());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void consentGrantedAndCountersCleared() throws Exception {
        emulator.grantConsent();
        emulator.reset();
    }

    private SignedAssertion valid() {
        return SignedAssertion.forDemo(emulator, registeredKey.getPrivate(), CLOCK.instant());
    }

    private JsonNode tokenError(SignedAssertion assertion) throws Exception {
        HttpResponse<String> response = client.requestToken(emulator, assertion.sign());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        return EmulatorHttpClient.json(response);
    }

    private static String invalidGrant(String description) {
        return "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}";
    }

    @Test
    void issuesBearerTokenWithConfiguredLifetimeForValidAssertion() throws Exception {
        HttpResponse<String> response = client.requestToken(emulator, valid().sign());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttpClient.json(response);
        assertThat(body.get("access_token").asText()).isNotBlank().doesNotContain(".");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").isNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(emulator.counters().tokenRequests()).containsEntry("issued", 1L);
    }

    @Test
    void demoPrivateKeyFromStateDirIsPkcs1AndAccepted() throws Exception {
        String pem = Files.readString(emulator.privateKeyFile());
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        PrivateKey demoKey;
        try (Reader reader = Files.newBufferedReader(emulator.privateKeyFile());
             PEMParser parser = new PEMParser(reader)) {
            demoKey = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPrivate();
        }

        HttpResponse<String> response = client.requestToken(emulator,
                SignedAssertion.forDemo(emulator, demoKey, CLOCK.instant()).sign());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsSignatureOfUnregisteredKey() throws Exception {
        KeyPair unregistered = Pem.newRsaKeyPair();
        assertThat(tokenError(valid().key(unregistered.getPrivate())).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
        assertThat(emulator.counters().tokenRequests()).containsEntry("no_valid_keys_or_signatures", 1L);
    }

    @Test
    void rejectsAudienceWithScheme() throws Exception {
        assertThat(tokenError(valid().audience("https://" + emulator.oauthBasePath())).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
    }

    @Test
    void rejectsAudienceWithTrailingSlash() throws Exception {
        assertThat(tokenError(valid().audience(emulator.oauthBasePath() + "/")).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
    }

    @Test
    void rejectsUnknownIssuerBeforeLookingAtTheSignature() throws Exception {
        KeyPair unregistered = Pem.newRsaKeyPair();
        assertThat(tokenError(valid().issuer(UUID.randomUUID().toString()).key(unregistered.getPrivate()))
                .toString()).isEqualTo(invalidGrant("issuer_not_found"));
    }

    @Test
    void rejectsExpiredAssertion() throws Exception {
        Instant now = CLOCK.instant();
        assertThat(tokenError(valid().issuedAt(now.minus(Duration.ofMinutes(30)))
                .expiresAt(now.minus(Duration.ofMinutes(1)))).toString())
                .isEqualTo(invalidGrant("expired_grant"));
    }

    @Test
    void rejectsAssertionWithoutExp() throws Exception {
        assertThat(tokenError(valid().expiresAt(null)).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
    }

    @Test
    void rejectsAssertionNotValidBeforeAFutureTime() throws Exception {
        assertThat(tokenError(valid().notBefore(CLOCK.instant().plus(Duration.ofMinutes(10)))).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
    }

    @Test
    void rejectsAssertionIssuedInTheFuture() throws Exception {
        Instant later = CLOCK.instant().plus(Duration.ofMinutes(10));
        assertThat(tokenError(valid().issuedAt(later).expiresAt(later.plus(Duration.ofMinutes(30)))).toString())
                .isEqualTo(invalidGrant("no_valid_keys_or_signatures"));
    }

    @Test
    void rejectsAssertionLongerThanAnHourUnlessTheCheckIsOff() throws Exception {
        SignedAssertion twoHours = valid().expiresAt(CLOCK.instant().plus(Duration.ofHours(2)));
        assertThat(tokenError(twoHours).toString()).isEqualTo(invalidGrant("no_valid_keys_or_signatures"));

        emulator.applySettings(emulator.settings().withRejectLongAssertions(false));
        try {
            assertThat(client.requestToken(emulator, twoHours.sign()).statusCode()).isEqualTo(200);
        } finally {
            emulator.applySettings(emulator.settings().withRejectLongAssertions(true));
        }
    }

    @Test
    void rejectsUnknownSubject() throws Exception {
        assertThat(tokenError(valid().subject(UUID.randomUUID().toString())).toString())
                .isEqualTo(invalidGrant("user_not_found"));
        assertThat(tokenError(valid().subject("demo.sender@example.com")).toString())
                .isEqualTo(invalidGrant("user_not_found"));
    }

    @Test
    void requiresConsent() throws Exception {
        emulator.revokeConsent();

        assertThat(tokenError(valid()).toString()).isEqualTo("{\"error\":\"consent_required\"}");
        assertThat(emulator.counters().tokenRequests()).containsEntry("consent_required", 1L);
    }

    @Test
    void requiresConsentThatCoversEveryRequestedScope() throws Exception {
        assertThat(tokenError(valid().scope("signature impersonation extended")).toString())
                .isEqualTo("{\"error\":\"consent_required\"}");
    }

    @Test
    void requiresImpersonationInTheConsentItself() throws Exception {
        emulator.revokeConsent();
        emulator.grantConsent(emulator.integrationKey(), emulator.userId(), java.util.Set.of("signature"));

        assertThat(tokenError(valid().scope("signature")).toString()).isEqualTo("{\"error\":\"consent_required\"}");
    }

    @Test
    void consentUrlGrantsConsentAtOnceAndRedirectsWithCode() throws Exception {
        emulator.revokeConsent();

        HttpResponse<String> consent = client.get(emulator.consentUrl() + "&state=abc%20123");

        assertThat(consent.statusCode()).isEqualTo(302);
        String location = consent.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(emulator.redirectUri() + "?code=").contains("&state=abc+123");
        assertThat(client.requestToken(emulator, valid().sign()).statusCode()).isEqualTo(200);
        HttpResponse<String> callback = client.get(location);
        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).contains("Consent granted");
    }

    @Test
    void consentUrlAcceptsPlusSeparatedScopesAndAdminConsentScope() throws Exception {
        emulator.revokeConsent();
        String redirect = URLEncoder.encode(emulator.redirectUri(), StandardCharsets.UTF_8);
        String base = emulator.oauthBaseUrl() + "/oauth/auth?response_type=code&client_id="
                + emulator.integrationKey() + "&redirect_uri=" + redirect;

        assertThat(client.get(base + "&scope=signature+impersonation").statusCode()).isEqualTo(302);
        assertThat(emulator.consentedScopes(emulator.integrationKey(), emulator.userId()))
                .containsExactlyInAnyOrder("signature", "impersonation");

        emulator.revokeConsent();
        assertThat(client.get(base + "&scope=openid&admin_consent_scope=signature%20impersonation").statusCode())
                .isEqualTo(302);
        assertThat(client.requestToken(emulator, valid().sign()).statusCode()).isEqualTo(200);
    }

    @Test
    void consentUrlRefusesUnknownClientAndUnregisteredRedirect() throws Exception {
        String redirect = URLEncoder.encode(emulator.redirectUri(), StandardCharsets.UTF_8);
        HttpResponse<String> unknownClient = client.get(emulator.oauthBaseUrl()
                + "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
                + UUID.randomUUID() + "&redirect_uri=" + redirect);
        HttpResponse<String> foreignRedirect = client.get(emulator.oauthBaseUrl()
                + "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
                + emulator.integrationKey() + "&redirect_uri=" + URLEncoder.encode("https://example.com/cb",
                StandardCharsets.UTF_8));

        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.body()).contains("invalid_client");
        assertThat(foreignRedirect.statusCode()).isEqualTo(400);
        assertThat(foreignRedirect.body()).contains("redirect URI").contains("not registered");
    }

    @Test
    void revokedConsentKeepsIssuedTokensButRefusesNewOnes() throws Exception {
        String token = client.accessToken(emulator, valid().sign());

        emulator.revokeConsent();

        assertThat(client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token).statusCode())
                .isEqualTo(200);
        assertThat(tokenError(valid()).toString()).isEqualTo("{\"error\":\"consent_required\"}");
    }

    @Test
    void refusesOtherGrantTypesAndGarbledAssertions() throws Exception {
        HttpResponse<String> wrongGrant = client.requestToken(emulator, "authorization_code", valid().sign());
        HttpResponse<String> garbled = client.requestToken(emulator, "not-a-jwt");

        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(wrongGrant.body()).isEqualTo("{\"error\":\"unsupported_grant_type\"}");
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).isEqualTo("{\"error\":\"invalid_request\"}");
    }

    @Test
    void userinfoListsAccountsWithTheDefaultNotFirst() throws Exception {
        String token = client.accessToken(emulator, valid().sign());

        HttpResponse<String> response = client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = EmulatorHttpClient.json(response);
        assertThat(body.get("sub").asText()).isEqualTo(emulator.userId());
        assertThat(body.get("email").asText()).contains("@");
        assertThat(body.get("given_name").asText()).isNotBlank();
        assertThat(body.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+");
        JsonNode accounts = body.get("accounts");
        assertThat(accounts.size()).isGreaterThanOrEqualTo(2);
        assertThat(accounts.get(0).get("is_default").isBoolean()).isTrue();
        assertThat(accounts.get(0).get("is_default").booleanValue()).isFalse();
        JsonNode defaultAccount = accounts.get(1);
        assertThat(defaultAccount.get("is_default").booleanValue()).isTrue();
        assertThat(defaultAccount.get("account_id").asText()).isEqualTo(emulator.defaultAccountId());
        assertThat(defaultAccount.get("account_name").asText()).isNotBlank();
        assertThat(defaultAccount.get("base_uri").asText()).isEqualTo(emulator.baseUrl()).doesNotEndWith("/restapi");
        assertThat(URI.create(defaultAccount.get("base_uri").asText()).getPort()).isEqualTo(emulator.port());
        assertThat(emulator.counters().userinfoCalls()).isEqualTo(1);
    }

    @Test
    void userinfoRefusesUnknownAndExpiredTokens() throws Exception {
        String token = client.accessToken(emulator, valid().sign());
        HttpResponse<String> unknown = client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer nonsense");

        CLOCK.advance(Duration.ofHours(1));
        HttpResponse<String> expired = client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token);

        for (HttpResponse<String> response : java.util.List.of(unknown, expired)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = EmulatorHttpClient.json(response);
            assertThat(body.get("error").asText()).isEqualTo("internal_server_error");
            assertThat(UUID.fromString(body.get("reference_id").asText())).isNotNull();
        }
    }

    @Test
    void expireAllTokensEndsLiveTokens() throws Exception {
        String token = client.accessToken(emulator, valid().sign());

        assertThat(emulator.expireAllTokens()).isGreaterThanOrEqualTo(1);

        assertThat(client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void neverLogsAssertionsOrTokens() throws Exception {
        String assertion = valid().sign();
        String token = client.accessToken(emulator, assertion);
        client.get(emulator.oauthBaseUrl() + "/oauth/userinfo", "Bearer " + token);

        String everything = emulator.requests().toString() + emulator.counters()
                + Files.readString(stateDir.resolve(IdentityStore.FILE));
        assertThat(everything).doesNotContain(token).doesNotContain(assertion.substring(assertion.lastIndexOf('.')));
    }
}
