package io.docusigncamel.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's account server ({@code account-d.docusign.com} in real life): the JWT Grant token endpoint, userinfo
 * and the consent page, with DocuSign's exact bodies (docusign-api.md §1–§4). Thread-safe: its collaborators are.
 */
final class OAuthHost {

    private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9._~+/=-]+)");
    /** The OAuth host answers without caching, as DocuSign's does for tokens and userinfo. */
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store", "Pragma", "no-cache");

    private final IdentityStore identities;
    private final AccessTokens tokens;
    private final JwtGrant grant;
    private final RequestLog log;
    private final Supplier<EmulatorSettings> settings;
    private final String audience;
    private final String baseUri;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param audience the authority a JWT's {@code aud} must name exactly, {@code host:port}
     * @param baseUri  the REST origin reported as {@code base_uri} ({@code https://host:port}, no {@code /restapi})
     */
    OAuthHost(IdentityStore identities, AccessTokens tokens, JwtGrant grant, RequestLog log,
              Supplier<EmulatorSettings> settings, String audience, String baseUri) {
        this.identities = identities;
        this.tokens = tokens;
        this.grant = grant;
        this.log = log;
        this.settings = settings;
        this.audience = audience;
        this.baseUri = baseUri;
    }

    EmulatorResponse answer(IncomingRequest request) {
        return switch (request.method() + " " + request.path()) {
            case "POST /oauth/token" -> token(request);
            case "GET /oauth/userinfo" -> userinfo(request);
            case "GET /oauth/auth" -> consent(request);
            default -> Json.answer(404, Map.of("error", "not_found"));
        };
    }

    private EmulatorResponse token(IncomingRequest request) {
        Map<String, List<String>> form = request.form();
        JwtGrant.Decision decision = grant.decide(first(form, "grant_type"), first(form, "assertion"), audience,
                settings.get().rejectLongAssertions());
        log.tokenRequest(decision.outcome().label);
        Map<String, Object> body = new LinkedHashMap<>();
        switch (decision.outcome()) {
            case ISSUED -> {
                long lifetime = settings.get().tokenLifetime().toSeconds();
                body.put("access_token", tokens.issue(decision.integrationKey(), decision.userId(),
                        settings.get().tokenLifetime()));
                body.put("token_type", "Bearer");
                body.put("expires_in", lifetime);
                return withNoStore(Json.ok(body));
            }
            case UNSUPPORTED_GRANT_TYPE, INVALID_REQUEST, CONSENT_REQUIRED -> body.put("error", decision.outcome().label);
            default -> {
                body.put("error", "invalid_grant");
                body.put("error_description", decision.outcome().label);
            }
        }
        return withNoStore(Json.answer(400, body));
    }

    private EmulatorResponse userinfo(IncomingRequest request) {
        log.userinfoCall();
        AccessTokens.Grant live = tokens.live(bearerToken(request.authorization()));
        EmulatorUser user = live == null ? null : identities.user(live.userId());
        if (user == null) {
            // What DocuSign answers for an expired or unknown token (docusign-api.md §4).
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "internal_server_error");
            body.put("reference_id", UUID.randomUUID().toString());
            return withNoStore(Json.answer(401, body));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", user.userId());
        body.put("name", user.name());
        body.put("given_name", user.givenName());
        body.put("family_name", user.familyName());
        body.put("created", user.created());
        body.put("email", user.email());
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (EmulatorAccount account : user.accounts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("account_id", account.accountId());
            a.put("is_default", account.isDefault());
            a.put("account_name", account.accountName());
            a.put("base_uri", baseUri);
            accounts.add(a);
        }
        body.put("accounts", accounts);
        return withNoStore(Json.ok(body));
    }

    /**
     * The consent page, minus the page: DocuSign shows a login and an "Allow access" button; the emulator grants at
     * once for the integration key's user and redirects as DocuSign does after the user accepts.
     */
    private EmulatorResponse consent(IncomingRequest request) {
        String clientId = request.param("client_id");
        String redirectUri = request.param("redirect_uri");
        if (!"code".equals(request.param("response_type"))) {
            return consentError("unsupported_response_type", "response_type must be code");
        }
        if (clientId == null || !identities.hasIntegration(clientId)) {
            return consentError("invalid_client", "client_id " + clientId + " is not an integration key of this "
                    + "environment");
        }
        if (redirectUri == null || !identities.isRedirectUriRegistered(clientId, redirectUri)) {
            return consentError("invalid_request", "The redirect URI " + redirectUri + " is not registered on "
                    + "integration key " + clientId);
        }
        Set<String> scopes = new LinkedHashSet<>(scopes(request.param("scope")));
        // External admin consent asks for scope=openid and names the per-user scopes separately (docusign-api.md §3).
        scopes.addAll(scopes(request.param("admin_consent_scope")));
        scopes.remove("openid");
        if (scopes.isEmpty()) {
            return consentError("invalid_scope", "scope must name the scopes to grant, e.g. signature impersonation");
        }
        try {
            identities.grantConsent(clientId, identities.integrationUser(clientId), scopes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot persist the consent", e);
        }
        byte[] code = new byte[16];
        random.nextBytes(code);
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(HexFormat.of().formatHex(code));
        String state = request.param("state");
        if (state != null) {
            location.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        return new EmulatorResponse(302, null, new byte[0], Map.of("Location", location.toString()));
    }

    /** The bearer token of an {@code Authorization} header, or {@code null} when there is none or it is garbled. */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        Matcher m = BEARER.matcher(authorization.trim());
        return m.matches() ? m.group(1) : null;
    }

    private static List<String> scopes(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.trim().split("[\\s+]+")).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    private static EmulatorResponse consentError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Json.answer(400, body);
    }

    private static EmulatorResponse withNoStore(EmulatorResponse response) {
        EmulatorResponse out = response;
        for (Map.Entry<String, String> h : NO_STORE.entrySet()) {
            out = out.withHeader(h.getKey(), h.getValue());
        }
        return out;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
