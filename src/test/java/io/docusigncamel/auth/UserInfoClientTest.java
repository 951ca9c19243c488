package io.docusigncamel.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.auth.FakeOAuthServer.Response;

class UserInfoClientTest {

    static final String EUROPE = "a4ec37d6-0000-0000-0000-143885c333aa";
    static final String CORPORATION = "a4ec37d6-0000-0000-0000-143885c220e1";
    /** DocuSign's documented sample: the default account is the second one. */
    static final String TWO_ACCOUNTS = """
            {"sub":"4799e5e9-0000-0000-0000-cf4713bbcacc","name":"First Last","email":"first.last@example.com",
             "accounts":[
              {"account_id":"a4ec37d6-0000-0000-0000-143885c333aa","is_default":false,"account_name":"Example Europe Ltd",
               "base_uri":"https://eu.docusign.net"},
              {"account_id":"a4ec37d6-0000-0000-0000-143885c220e1","is_default":true,"account_name":"Example Corporation",
               "base_uri":"https://na3.docusign.net",
               "organization":{"organization_id":"9c5fb8e1","links":[{"rel":"self","href":"https://account-d.docusign.com/organizations/9c5fb8e1"}]}}
             ]}""";

    private final AccessToken token = new AccessToken("userinfo-test-token", Instant.parse("2026-03-01T13:00:00Z"));
    private FakeOAuthServer docuSign;
    private UserInfoClient client;

    @BeforeEach
    void start() throws IOException {
        docuSign = new FakeOAuthServer();
        client = new UserInfoClient(docuSign.baseUrl(), HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        docuSign.close();
    }

    @Test
    void choosesTheDefaultAccountEvenWhenItIsNotFirst() throws Exception {
        docuSign.respond("/oauth/userinfo", Response.json(200, TWO_ACCOUNTS));

        DocuSignAccount account = client.resolveAccount(token, Optional.empty());

        assertThat(account).isEqualTo(new DocuSignAccount(CORPORATION, "Example Corporation", "https://na3.docusign.net"));
        FakeOAuthServer.Request request = docuSign.requests("/oauth/userinfo").get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("Authorization")).isEqualTo("Bearer userinfo-test-token");
    }

    @Test
    void choosesTheConfiguredAccount() throws Exception {
        docuSign.respond("/oauth/userinfo", Response.json(200, TWO_ACCOUNTS));

        DocuSignAccount account = client.resolveAccount(token, Optional.of(EUROPE.toUpperCase()));

        assertThat(account.accountId()).isEqualTo(EUROPE);
        assertThat(account.restBase()).isEqualTo("https://eu.docusign.net/restapi");
    }

    @Test
    void listsTheAvailableAccountsWhenTheConfiguredOneIsAbsent() {
        docuSign.respond("/oauth/userinfo", Response.json(200, TWO_ACCOUNTS));

        AccountException failure = catchThrowableOfType(AccountException.class,
                () -> client.resolveAccount(token, Optional.of("11111111-2222-3333-4444-555555555555")));

        assertThat(failure.getMessage())
                .contains("docusign.account-id 11111111-2222-3333-4444-555555555555 is not one of the accounts")
                .contains(EUROPE + " (Example Europe Ltd)")
                .contains(CORPORATION + " (Example Corporation, default)");
        assertThat(failure.fix()).contains("docusign.account-id");
        assertThat(failure.available()).hasSize(2);
    }

    @Test
    void asksForAnAccountIdWhenNoneIsDefaultAndNoneConfigured() {
        docuSign.respond("/oauth/userinfo", Response.json(200, TWO_ACCOUNTS.replace("\"is_default\":true", "\"is_default\":false")));

        AccountException failure = catchThrowableOfType(AccountException.class, () -> client.resolveAccount(token, Optional.empty()));

        assertThat(failure.getMessage()).contains("none of the accounts").contains(EUROPE).contains(CORPORATION);
        assertThat(failure.fix()).contains("set docusign.account-id");
    }

    @Test
    void explainsAUserWithoutAccounts() {
        docuSign.respond("/oauth/userinfo", Response.json(200, "{\"sub\":\"4799e5e9\",\"accounts\":[]}"));

        AccountException failure = catchThrowableOfType(AccountException.class, () -> client.resolveAccount(token, Optional.empty()));

        assertThat(failure.getMessage()).contains("user 4799e5e9 has no DocuSign account in this environment");
        assertThat(failure.fix()).contains("docusign.user-id");
        assertThat(failure.available()).isEmpty();
    }

    @Test
    void toleratesIsDefaultAsTheStringTrue() throws Exception {
        docuSign.respond("/oauth/userinfo", Response.json(200, TWO_ACCOUNTS.replace("\"is_default\":true", "\"is_default\":\"true\"")));

        assertThat(client.resolveAccount(token, Optional.empty()).accountId()).isEqualTo(CORPORATION);
    }

    @Test
    void restBaseAppendsRestapiWithoutADoubleSlash() {
        assertThat(new DocuSignAccount("id", "n", "https://na3.docusign.net").restBase()).isEqualTo("https://na3.docusign.net/restapi");
        assertThat(new DocuSignAccount("id", "n", "https://na3.docusign.net/").restBase()).isEqualTo("https://na3.docusign.net/restapi");
        assertThat(new DocuSignAccount("id", "n", "https://localhost:8443/restapi").restBase()).isEqualTo("https://localhost:8443/restapi");
    }

    @Test
    void unauthorizedIsARejectedToken() {
        docuSign.respond("/oauth/userinfo", Response.json(401, "{\"error\":\"internal_server_error\",\"reference_id\":\"6c2b\"}"));

        TokenException failure = catchThrowableOfType(TokenException.class, () -> client.resolveAccount(token, Optional.empty()));

        assertThat(failure.error()).isEqualTo(TokenError.TOKEN_REJECTED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("HTTP 401").doesNotContain("userinfo-test-token");
    }

    @Test
    void serverErrorIsAnUnexpectedResponse() {
        docuSign.respond("/oauth/userinfo", new Response(503, "text/html", "<html>maintenance</html>"));

        TokenException failure = catchThrowableOfType(TokenException.class, () -> client.resolveAccount(token, Optional.empty()));

        assertThat(failure.error()).isEqualTo(TokenError.UNEXPECTED_RESPONSE);
        assertThat(failure.getMessage()).contains("HTTP 503");
    }
}
