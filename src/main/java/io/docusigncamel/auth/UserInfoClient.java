package io.docusigncamel.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Asks DocuSign's {@code GET {oauth-base-url}/oauth/userinfo} which accounts the token's user belongs to and picks
 * the one to work in: the configured {@code docusign.account-id}, else the account marked {@code is_default}
 * (never simply the first). DocuSign rate-limits this endpoint, so callers cache the result
 * ({@link DocuSignSession} does). Thread-safe.
 */
public final class UserInfoClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI userInfoEndpoint;
    private final HttpClient http;

    public UserInfoClient(URI oauthBaseUrl, HttpClient http) {
        this.userInfoEndpoint = OAuthServer.endpoint(oauthBaseUrl, "/oauth/userinfo");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * The account to work in.
     *
     * @throws AccountException the choice is impossible (configured id absent, no default, no accounts)
     * @throws TokenException   DocuSign refused the token ({@link TokenError#TOKEN_REJECTED}) or userinfo could not be
     *                          read ({@link TokenError#UNREACHABLE}, {@link TokenError#UNEXPECTED_RESPONSE})
     */
    public DocuSignAccount resolveAccount(AccessToken token, Optional<String> configuredAccountId) throws AccountException, TokenException {
        List<DocuSignAccount> accounts = new ArrayList<>();
        List<DocuSignAccount> defaults = new ArrayList<>();
        JsonNode body = fetch(token);
        JsonNode list = body.get("accounts");
        if (list != null && list.isArray()) {
            for (JsonNode entry : list) {
                String id = OAuthJson.text(entry, "account_id");
                String baseUri = OAuthJson.text(entry, "base_uri");
                if (id == null || baseUri == null) {
                    throw new TokenException(TokenError.UNEXPECTED_RESPONSE,
                            "DocuSign's " + userInfoEndpoint + " listed an account without account_id or base_uri",
                            "check that docusign.oauth-base-url points at DocuSign's OAuth host; the service retries by itself");
                }
                DocuSignAccount account = new DocuSignAccount(id, OAuthJson.text(entry, "account_name"), baseUri);
                accounts.add(account);
                // JSON boolean on the wire; DocuSign's SDK models it as the string "true", so accept both.
                JsonNode isDefault = entry.get("is_default");
                if (isDefault != null && (isDefault.asBoolean(false) || "true".equalsIgnoreCase(isDefault.asText()))) {
                    defaults.add(account);
                }
            }
        }
        String user = Optional.ofNullable(OAuthJson.text(body, "sub")).map(sub -> "user " + sub).orElse("the user");
        if (accounts.isEmpty()) {
            throw new AccountException(user + " has no DocuSign account in this environment (/oauth/userinfo lists no accounts)",
                    "check that docusign.user-id is a member of an eSignature account in the environment of docusign.oauth-base-url "
                            + "(demo and production users differ), or add the user to an account", accounts);
        }
        Optional<String> wanted = configuredAccountId.map(String::trim).filter(id -> !id.isEmpty());
        if (wanted.isPresent()) {
            String id = wanted.get();
            return accounts.stream().filter(account -> account.accountId().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new AccountException(
                            "docusign.account-id " + id + " is not one of the accounts of " + user + ": " + describe(accounts, defaults),
                            "set docusign.account-id to one of those account ids, or remove it to use the default account", accounts));
        }
        if (defaults.isEmpty()) {
            throw new AccountException("none of the accounts of " + user + " is marked as default: " + describe(accounts, defaults),
                    "set docusign.account-id to the account id to work in", accounts);
        }
        return defaults.get(0);
    }

    private JsonNode fetch(AccessToken token) throws TokenException {
        HttpRequest request = HttpRequest.newBuilder(userInfoEndpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .header("Cache-Control", "no-store")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(TokenError.UNREACHABLE, "interrupted while waiting for " + userInfoEndpoint,
                    "none needed if the service is shutting down; otherwise the next attempt retries");
        } catch (IOException e) {
            throw new TokenException(TokenError.UNREACHABLE,
                    "could not reach DocuSign's " + userInfoEndpoint + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "check docusign.oauth-base-url, DNS, proxy, firewall and TLS trust; the service retries by itself", null, e);
        }
        if (response.statusCode() == 401) {
            // DocuSign answers an expired or revoked token here with 401 {"error":"internal_server_error",...}.
            throw new TokenException(TokenError.TOKEN_REJECTED,
                    "DocuSign's " + userInfoEndpoint + " answered HTTP 401 " + OAuthJson.quote(response.body())
                            + ": the access token is expired or revoked",
                    "none needed: the service gets a new token and retries");
        }
        JsonNode body = response.statusCode() == 200 ? OAuthJson.parse(response.body()) : null;
        if (body == null) {
            throw new TokenException(TokenError.UNEXPECTED_RESPONSE,
                    "DocuSign's " + userInfoEndpoint + " answered HTTP " + response.statusCode() + " " + OAuthJson.quote(response.body()),
                    "check docusign.oauth-base-url and DocuSign's status page; the service retries by itself");
        }
        return body;
    }

    private static String describe(List<DocuSignAccount> accounts, List<DocuSignAccount> defaults) {
        return accounts.stream()
                .map(account -> account.accountId() + " (" + account.accountName() + (defaults.contains(account) ? ", default" : "") + ")")
                .collect(Collectors.joining(", "));
    }
}
