package io.docusigncamel.emulator;

import com.docusign.esign.api.EnvelopesApi;
import com.docusign.esign.client.ApiClient;
import com.docusign.esign.client.ApiException;
import com.docusign.esign.client.auth.OAuth;
import com.docusign.esign.model.EnvelopesInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official DocuSign Java SDK (6.0.0) against the emulator, unchanged apart from host names: the proof that the
 * emulator speaks DocuSign's wire protocol and not just our own client's idea of it. SDK 6.0.0 trusts every
 * certificate, so the self-signed one works without configuration.
 */
class DocuSignSdkIT {

    @TempDir
    static Path stateDir;
    static final RecordingEnvelopeEndpoints WORLD = new RecordingEnvelopeEndpoints();
    static DocuSignEmulator emulator;

    @BeforeAll
    static void start() throws Exception {
        emulator = DocuSignEmulator.builder().stateDir(stateDir).envelopeEndpoints(WORLD).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private ApiClient apiClient() {
        ApiClient apiClient = new ApiClient(emulator.restBaseUri());
        apiClient.setOAuthBasePath(emulator.oauthBasePath());
        return apiClient;
    }

    private OAuth.OAuthToken requestToken(ApiClient apiClient) throws Exception {
        return apiClient.requestJWTUserToken(emulator.integrationKey(), emulator.userId(),
                List.of("signature", "impersonation"), Files.readAllBytes(emulator.privateKeyFile()), 3600);
    }

    @Test
    void sdkGetsTokenUserinfoAndReachesTheEnvelopeWorld() throws Exception {
        emulator.grantConsent();
        ApiClient apiClient = apiClient();

        OAuth.OAuthToken token = requestToken(apiClient);
        OAuth.UserInfo userInfo = apiClient.getUserInfo(token.getAccessToken());

        assertThat(token.getAccessToken()).isNotBlank();
        assertThat(token.getTokenType()).isEqualTo("Bearer");
        assertThat(token.getExpiresIn()).isEqualTo(3600L);
        assertThat(userInfo.getSub()).isEqualTo(emulator.userId());
        OAuth.Account account = userInfo.getAccounts().stream().filter(a -> "true".equals(a.getIsDefault()))
                .findFirst().orElseThrow();
        assertThat(account.getAccountId()).isEqualTo(emulator.defaultAccountId());
        assertThat(userInfo.getAccounts().get(0).getIsDefault()).isEqualTo("false");
        assertThat(account.getBaseUri()).isEqualTo(emulator.baseUrl());

        apiClient.setBasePath(account.getBaseUri() + "/restapi");
        apiClient.setAccessToken(token.getAccessToken(), token.getExpiresIn());
        EnvelopesApi.ListStatusChangesOptions options = new EnvelopesApi().new ListStatusChangesOptions();
        options.setFromDate("2024-01-01");
        EnvelopesInformation info = new EnvelopesApi(apiClient).listStatusChanges(account.getAccountId(), options);

        assertThat(info.getResultSetSize()).isEqualTo("0");
        assertThat(WORLD.restCalls).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.accountId()).isEqualTo(emulator.defaultAccountId());
            assertThat(call.path()).isEqualTo("/envelopes");
            assertThat(call.query().get("from_date")).containsExactly("2024-01-01");
        });
    }

    @Test
    void emulatorCertificateIsNotTrustedByDefaultSoTheSdkConnectsOnlyBecauseItTrustsAll() {
        java.net.http.HttpClient defaultTrust = java.net.http.HttpClient.newHttpClient();

        assertThatThrownBy(() -> defaultTrust.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.oauthBaseUrl() + "/oauth/userinfo")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void sdkSeesConsentRequiredInTheExceptionMessage() throws Exception {
        emulator.revokeConsent();
        try {
            assertThatThrownBy(() -> requestToken(apiClient())).isInstanceOf(ApiException.class)
                    .hasMessageContaining("consent_required")
                    .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(400));
        } finally {
            emulator.grantConsent();
        }
    }
}
