package io.docusigncamel.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A DocuSign REST error: the HTTP status and the {@code {"errorCode","message"}} body (docusign-api.md §6), and what
 * it means for a client: a business refusal (never retried), a rate limit (retried after the reset), an
 * authentication failure, or a server fault (the request may or may not have been processed). Immutable.
 */
public record DocuSignError(int status, Optional<String> errorCode, Optional<String> message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Account-wide limits; DocuSign answers them with 429 or, on some accounts, 400 (docusign-api.md §7.1). */
    private static final Set<String> RATE_LIMIT_CODES = Set.of("HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
            "BURST_APIINVOCATION_LIMIT_EXCEEDED");
    /** Per-envelope limits (mixed case as DocuSign spells them, §7.2). */
    private static final Set<String> ENVELOPE_LIMIT_CODES = Set.of("HOURLY_ENVELOPE_POLLING_LIMIT_EXCEEDED",
            "BURST_ENVELOPE_POLLING_LIMIT_EXCEEDED", "HOURLY_APIINVOCATION_ENVELOPE_LIMIT_EXCEEDED",
            "BURST_APIINVOCATION_ENVELOPE_LIMIT_EXCEEDED", "API_REQUEST_IS_THROTTLED");

    /** Parses a response; a body that is not DocuSign's JSON (HTML, empty) leaves code and message empty. */
    public static DocuSignError of(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    return new DocuSignError(status, text(node, "errorCode"), text(node, "message"));
                }
            } catch (IOException notJson) {
                // DocuSign sometimes answers HTML or nothing (§6): keep the status only
                return new DocuSignError(status, Optional.empty(), Optional.empty());
            }
        }
        return new DocuSignError(status, Optional.empty(), Optional.empty());
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public boolean rateLimited() {
        return status == 429 || errorCode.map(c -> RATE_LIMIT_CODES.contains(c.toUpperCase(java.util.Locale.ROOT))
                || ENVELOPE_LIMIT_CODES.contains(c.toUpperCase(java.util.Locale.ROOT))).orElse(false);
    }

    public boolean authenticationFailed() {
        return status == 401;
    }

    /** 5xx and other answers that say nothing about whether the request was carried out. */
    public boolean serverFault() {
        return status >= 500 || status == 408 || status == 444;
    }

    /** A refusal of the request itself (validation, permissions): retrying the same request cannot succeed. */
    public boolean businessRefusal() {
        return !rateLimited() && !authenticationFailed() && !serverFault() && status >= 400;
    }

    /** {@code ERROR_CODE: message}, as written into results files. */
    public String describe() {
        String code = errorCode.orElse("HTTP_" + status);
        return message.map(m -> code + ": " + m).orElse(code);
    }
}
