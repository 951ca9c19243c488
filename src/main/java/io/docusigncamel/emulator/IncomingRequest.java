package io.docusigncamel.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as the emulator's handlers see it, detached from the HTTP server so handlers can run on worker threads
 * and be tested without a socket. Carries the {@code Authorization} header only because the gatekeeping needs it;
 * it is never logged. Immutable apart from the body array, which nobody modifies.
 *
 * @param path     the raw request path, without the query
 * @param rawQuery the raw query string, empty when none
 * @param query    the decoded query parameters
 */
record IncomingRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
                       String authorization, byte[] body) {

    IncomingRequest {
        rawQuery = rawQuery == null ? "" : rawQuery;
        body = body == null ? new byte[0] : body;
    }

    static IncomingRequest of(String method, String path, String rawQuery, String authorization, byte[] body) {
        return new IncomingRequest(method, path, rawQuery, decodeForm(rawQuery), authorization, body);
    }

    /** The first value of a query parameter, or {@code null}. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body read as an HTML form ({@code application/x-www-form-urlencoded}). */
    Map<String, List<String>> form() {
        return decodeForm(new String(body, StandardCharsets.UTF_8));
    }

    /** Decodes {@code a=1&b=x+y&b=%20z}; {@code +} is a space, as in HTML forms and DocuSign's consent URLs. */
    static Map<String, List<String>> decodeForm(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            // A broken %-escape is kept as sent; the handler then rejects the value as unknown.
            return s;
        }
    }
}
