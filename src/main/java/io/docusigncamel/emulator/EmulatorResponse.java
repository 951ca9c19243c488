package io.docusigncamel.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer produced by an emulator handler, independent of the HTTP server library, so that the envelope
 * world can be unit-tested without a socket. Immutable; {@code headers} are extra headers (Content-Type aside).
 */
public record EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public EmulatorResponse {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A JSON answer; {@code json} is sent as UTF-8, exactly as given. */
    public static EmulatorResponse json(int status, String json) {
        return new EmulatorResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** DocuSign's REST error body: {@code {"errorCode":"...","message":"..."}}. */
    public static EmulatorResponse restError(int status, String errorCode, String message) {
        return json(status, "{\"errorCode\":" + quote(errorCode) + ",\"message\":" + quote(message) + "}");
    }

    /** The same answer with one more header. */
    public EmulatorResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new EmulatorResponse(status, contentType, body, copy);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** JSON string literal for {@code s}. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
