package io.docusigncamel.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the URI of an HTTP call into a bounded metric label: the method and the path template of DocuSign's REST API,
 * e.g. {@code POST /v2.1/accounts/{accountId}/envelopes} or
 * {@code GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/combined}. The host, the REST base's prefix
 * ({@code /restapi}), the query string and every id are left out: a path segment is kept only if it is a plain word
 * ({@code envelopes}, {@code combined}, {@code custom_fields}); anything else (a GUID, a number, an encoded value)
 * becomes a placeholder named after the collection before it, and the segment after {@code accounts} is always
 * {@code {accountId}}. A call that is not to a versioned REST path (the events webhook) is {@code METHOD other}.
 * Stateless.
 */
public final class ApiEndpoints {

    /** The label of calls outside DocuSign's REST API. */
    public static final String OTHER = "other";

    private static final Pattern VERSION = Pattern.compile("v\\d+(\\.\\d+)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]{1,40}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,10}");
    private static final Map<String, String> ID_NAMES = Map.ofEntries(
            Map.entry("accounts", "{accountId}"),
            Map.entry("envelopes", "{envelopeId}"),
            Map.entry("documents", "{documentId}"),
            Map.entry("recipients", "{recipientId}"),
            Map.entry("templates", "{templateId}"),
            Map.entry("tabs", "{tabId}"),
            Map.entry("users", "{userId}"),
            Map.entry("folders", "{folderId}"),
            Map.entry("brands", "{brandId}"),
            Map.entry("pages", "{pageNumber}"),
            Map.entry("attachments", "{attachmentId}"),
            Map.entry("connect", "{connectId}"),
            Map.entry("groups", "{groupId}"));

    private ApiEndpoints() {
    }

    /**
     * The label of a call.
     *
     * @param method the HTTP method ({@code null}: unknown)
     * @param uri    the endpoint URI as Camel has it, e.g. {@code https://demo.docusign.net/restapi/v2.1/accounts/…}
     */
    public static String template(String method, String uri) {
        String verb = method == null ? "" : method.trim().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(verb).matches()) {
            verb = "HTTP";
        }
        List<String> segments = pathSegments(uri);
        int version = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (VERSION.matcher(segments.get(i)).matches()) {
                version = i;
                break;
            }
        }
        if (version < 0) {
            return verb + " " + OTHER;
        }
        StringBuilder template = new StringBuilder(verb).append(' ');
        String previous = null;
        for (int i = version; i < segments.size(); i++) {
            String segment = segments.get(i);
            String label;
            if (i == version) {
                label = segment;
            } else if ("accounts".equals(previous)) {
                label = ID_NAMES.get("accounts");
            } else if (WORD.matcher(segment).matches()) {
                label = segment;
            } else {
                label = ID_NAMES.getOrDefault(previous, "{id}");
            }
            template.append('/').append(label);
            previous = segment;
        }
        return template.toString();
    }

    /** The path's non-empty segments, without scheme, authority, query or fragment. */
    static List<String> pathSegments(String uri) {
        List<String> segments = new ArrayList<>();
        if (uri == null) {
            return segments;
        }
        String rest = uri;
        int cut = indexOfAny(rest, '?', '#');
        if (cut >= 0) {
            rest = rest.substring(0, cut);
        }
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
            int slash = rest.indexOf('/');
            rest = slash < 0 ? "" : rest.substring(slash);
        } else if (rest.matches("(?i)https?:.*")) {
            // Camel also accepts https:host/path
            rest = rest.substring(rest.indexOf(':') + 1);
            int slash = rest.indexOf('/');
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
