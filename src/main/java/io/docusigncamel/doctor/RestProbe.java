package io.docusigncamel.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.auth.AccessToken;
import io.docusigncamel.auth.DocuSignAccount;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One read-only REST call with the token, to the account's REST base: {@code listStatusChanges} for the last minute
 * ({@code GET {restBase}/v2.1/accounts/{id}/envelopes?from_date=...&count=1}), the call the status poller makes.
 * Reports the HTTP status and the rate-limit headers. Never prints the token.
 */
final class RestProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestProbe() {
    }

    static Finding check(HttpClient http, DocuSignAccount account, AccessToken token, Instant now, Duration timeout) {
        String from = now.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String url = account.restBase() + "/v2.1/accounts/" + account.accountId() + "/envelopes?from_date="
                + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&count=1";
        String call = "GET " + account.restBase() + "/v2.1/accounts/" + account.accountId() + "/envelopes";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.fail(call + " was interrupted", "run doctor again");
        } catch (IOException e) {
            return Finding.fail(call + " got no answer (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "check that this host can reach " + account.baseUri() + " (DNS, proxy, firewall, TLS trust: docusign.truststore-file)");
        }
        String limits = limits(response.headers());
        int status = response.statusCode();
        if (status == 200) {
            String found = call + " (listStatusChanges, read-only): HTTP 200" + limits;
            return lowOnCalls(response.headers())
                    ? Finding.warn(found, "few API calls are left this hour; the service paces itself, but other "
                    + "applications on the account share the limit")
                    : Finding.pass(found);
        }
        String errorCode = field(response.body(), "errorCode");
        String message = field(response.body(), "message");
        String found = call + ": HTTP " + status + (errorCode == null ? "" : " " + errorCode)
                + (message == null ? "" : " \"" + message + "\"") + limits;
        if (errorCode != null && errorCode.toUpperCase().contains("APIINVOCATION_LIMIT_EXCEEDED")) {
            return Finding.warn(found, "the account's API limit is spent for now; the service waits until "
                    + "X-RateLimit-Reset by itself. Find what else calls DocuSign with this account");
        }
        if (status == 401) {
            return Finding.fail(found, "the REST host did not accept the token: check that docusign.oauth-base-url "
                    + "and the account's base URI are of the same environment (demo or production)");
        }
        if ("USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT".equals(errorCode)) {
            return Finding.fail(found, "set docusign.account-id to an account of docusign.user-id (see the account check), or remove it");
        }
        if ("USER_LACKS_PERMISSIONS".equals(errorCode) || "ACCOUNT_LACKS_PERMISSIONS".equals(errorCode)) {
            return Finding.fail(found, "give the user of docusign.user-id the permission to send and list envelopes in "
                    + "the account (DocuSign eSignature Settings > Users / Permission profiles)");
        }
        return Finding.fail(found, "check docusign.account-id and DocuSign's status page; the answer above is DocuSign's");
    }

    /** {@code "; rate limit 2998/3000 left this hour (reset 13:00:00Z), burst 198/200"}, or "" without headers. */
    static String limits(HttpHeaders headers) {
        List<String> parts = new ArrayList<>();
        Optional<String> remaining = headers.firstValue("X-RateLimit-Remaining");
        Optional<String> limit = headers.firstValue("X-RateLimit-Limit");
        if (remaining.isPresent()) {
            String text = "rate limit " + remaining.get() + limit.map(l -> "/" + l).orElse("") + " left this hour";
            OptionalLong reset = number(headers.firstValue("X-RateLimit-Reset"));
            if (reset.isPresent()) {
                text += " (reset " + Instant.ofEpochSecond(reset.getAsLong()) + ")";
            }
            parts.add(text);
        }
        Optional<String> burst = headers.firstValue("X-BurstLimit-Remaining");
        burst.ifPresent(b -> parts.add("burst " + b + headers.firstValue("X-BurstLimit-Limit").map(l -> "/" + l).orElse("")
                + " left"));
        return parts.isEmpty() ? "; no rate-limit headers" : "; " + String.join(", ", parts);
    }

    private static boolean lowOnCalls(HttpHeaders headers) {
        OptionalLong remaining = number(headers.firstValue("X-RateLimit-Remaining"));
        OptionalLong limit = number(headers.firstValue("X-RateLimit-Limit"));
        return remaining.isPresent() && limit.isPresent() && limit.getAsLong() > 0
                && remaining.getAsLong() * 10 < limit.getAsLong();
    }

    private static OptionalLong number(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalLong.of(Long.parseLong(value.get().trim())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode value = node == null ? null : node.get(name);
            return value == null || !value.isTextual() ? null : value.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
