package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One listStatusChanges query ({@code GET /envelopes}, or {@code PUT /envelopes/status} with ids in the body):
 * parses and checks DocuSign's query parameters, then filters, orders and pages an account's envelopes into an
 * {@code envelopesInformation} body. Ordering is total (ties broken by creation order), so paging through a window
 * that does not change never skips or repeats an envelope. Immutable once parsed; thread-safe.
 */
final class StatusQuery {

    static final int MAX_COUNT = 1000;

    private static final Set<String> FROM_TO_STATUSES = Set.of("changed", "created", "sent", "delivered", "signed",
            "completed", "declined", "voided", "deleted", "timedout", "processing");
    private static final Set<String> ORDER_BY = Set.of("last_modified", "action_required", "created", "completed",
            "envelope_name", "expire", "sent", "signer_list", "status", "subject", "user_name", "status_changed");

    private final String basePath;
    private final Map<String, List<String>> query;
    private final Instant from;
    private final Instant to;
    private final boolean windowed;
    private final String fromToStatus;
    private final Set<String> statuses;
    private final Set<String> envelopeIds;
    private final Set<String> transactionIds;
    private final List<String[]> customFields;
    private final int count;
    private final int startPosition;
    private final boolean descending;
    private final String orderBy;
    private final Set<String> include;

    private StatusQuery(String basePath, Map<String, List<String>> query, Set<String> bodyEnvelopeIds,
                        Set<String> bodyTransactionIds, Instant now) {
        this.basePath = basePath;
        this.query = query;
        String fromText = first("from_date");
        String toText = first("to_date");
        this.from = fromText == null ? null : date("from_date", fromText);
        this.to = toText == null ? now : date("to_date", toText);
        this.windowed = from != null || toText != null;
        this.envelopeIds = bodyEnvelopeIds != null ? bodyEnvelopeIds : list("envelope_ids");
        this.transactionIds = bodyTransactionIds != null && !bodyTransactionIds.isEmpty() ? bodyTransactionIds : list("transaction_ids");
        if (from == null && envelopeIds == null && transactionIds == null) {
            // Verbatim from real DocuSign answers (quoted in issues of docusign-esign-java-client and -objc-client).
            throw RestFailure.invalidParameter("Query parameter 'from_date' must be set to a valid DateTime, "
                    + "or 'envelope_ids' or 'transaction_ids' must be specified.");
        }
        String fromTo = first("from_to_status");
        this.fromToStatus = fromTo == null ? "changed" : fromTo.trim().toLowerCase(Locale.ROOT);
        if (!FROM_TO_STATUSES.contains(fromToStatus)) {
            throw RestFailure.invalidParameter("Invalid value for from_to_status: '" + fromTo + "'.");
        }
        Set<String> statusList = list("status");
        this.statuses = statusList == null || statusList.contains("any") ? null : statusList;
        this.customFields = new ArrayList<>();
        for (String value : query.getOrDefault("custom_field", List.of())) {
            int equals = value.indexOf('=');
            if (equals <= 0) {
                throw RestFailure.invalidParameter("Invalid value for custom_field: '" + value + "'; expected name=value.");
            }
            customFields.add(new String[] {value.substring(0, equals), value.substring(equals + 1)});
        }
        // DocuSign caps a page at 1000; a larger count is served as 1000 rather than refused.
        this.count = Math.min(MAX_COUNT, number("count", MAX_COUNT, 1));
        this.startPosition = number("start_position", 0, 0);
        String order = first("order");
        if (order != null && !order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw RestFailure.invalidParameter("Invalid value for order: '" + order + "'; use asc or desc.");
        }
        this.descending = order != null && order.equalsIgnoreCase("desc");
        String orderByText = first("order_by");
        this.orderBy = orderByText == null ? "last_modified" : orderByText.trim().toLowerCase(Locale.ROOT);
        if (!ORDER_BY.contains(orderBy)) {
            throw RestFailure.invalidParameter("Invalid value for order_by: '" + orderByText + "'.");
        }
        Set<String> includeList = list("include");
        this.include = includeList == null ? Set.of() : includeList;
    }

    /** {@code GET /envelopes?...}. */
    static StatusQuery fromQuery(Map<String, List<String>> query, Instant now) {
        return new StatusQuery("/envelopes", query, null, null, now);
    }

    /** {@code PUT /envelopes/status?envelope_ids=request_body} with the ids taken from the body. */
    static StatusQuery fromBody(Map<String, List<String>> query, Set<String> envelopeIds, Set<String> transactionIds, Instant now) {
        return new StatusQuery("/envelopes/status", query, envelopeIds, transactionIds, now);
    }

    /** Filters, orders and pages the envelopes of {@code accountId}. */
    ObjectNode run(Collection<EnvelopeRecord> envelopes, String accountId, boolean omitEmptyEnvelopesArray) {
        record Row(EnvelopeRecord envelope, EnvelopeState state) {
        }
        List<Row> rows = new ArrayList<>();
        for (EnvelopeRecord envelope : envelopes) {
            if (!envelope.accountId().equals(accountId)) {
                continue;
            }
            // One state snapshot per envelope, so filtering, ordering and rendering agree with each other.
            EnvelopeState state = envelope.state();
            if (matches(envelope, state)) {
                rows.add(new Row(envelope, state));
            }
        }
        Comparator<Row> order = (a, b) -> compareKeys(sortKey(a.state(), a.envelope()), sortKey(b.state(), b.envelope()));
        order = order.thenComparingLong(row -> row.envelope().sequence());
        rows.sort(descending ? order.reversed() : order);

        int total = rows.size();
        int start = Math.min(startPosition, total);
        int end = Math.min(total, start + count);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("resultSetSize", String.valueOf(end - start));
        json.put("totalSetSize", String.valueOf(total));
        json.put("startPosition", String.valueOf(startPosition));
        // An empty page ends one before it starts (unverified; clients should page by totalSetSize).
        json.put("endPosition", String.valueOf(startPosition + (end - start) - 1));
        json.put("nextUri", end < total ? pageUri(end) : "");
        json.put("previousUri", startPosition > 0 ? pageUri(Math.max(0, startPosition - count)) : "");
        if (end > start || !omitEmptyEnvelopesArray) {
            ArrayNode list = json.putArray("envelopes");
            for (Row row : rows.subList(start, end)) {
                list.add(EnvelopeJson.listEntry(row.envelope(), row.state(), include));
            }
        }
        return json;
    }

    private boolean matches(EnvelopeRecord envelope, EnvelopeState state) {
        if (envelopeIds != null && !envelopeIds.contains(envelope.envelopeId())) {
            return false;
        }
        if (transactionIds != null && !transactionIds.contains(envelope.content().transactionId())) {
            return false;
        }
        if (statuses != null && !statuses.contains(state.status())) {
            return false;
        }
        if (windowed) {
            Instant time = state.timeOf(fromToStatus);
            if (time == null || (from != null && time.isBefore(from)) || time.isAfter(to)) {
                return false;
            }
        }
        for (String[] wanted : customFields) {
            if (!hasCustomField(envelope, wanted[0], wanted[1])) {
                return false;
            }
        }
        return true;
    }

    /** Name compared case-insensitively (DocuSign field names are not case-sensitive), value exactly. */
    private static boolean hasCustomField(EnvelopeRecord envelope, String name, String value) {
        ObjectNode fields = envelope.content().customFields();
        for (String kind : List.of("textCustomFields", "listCustomFields")) {
            for (var field : fields.path(kind)) {
                if (field.path("name").asText().equalsIgnoreCase(name) && field.path("value").asText().equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Missing times (an envelope never sent, say) sort first, as SQL's NULLS FIRST would. */
    private static int compareKeys(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Instant time) {
            return time.compareTo((Instant) b);
        }
        return ((String) a).compareTo((String) b);
    }

    private Object sortKey(EnvelopeState state, EnvelopeRecord envelope) {
        return switch (orderBy) {
            case "created" -> state.createdAt();
            case "sent" -> state.sentAt();
            case "completed" -> state.completedAt();
            case "status_changed" -> state.statusChangedAt();
            case "status" -> state.status();
            case "subject", "envelope_name" -> envelope.content().emailSubject();
            // The remaining DocuSign orderings depend on data the emulator does not model.
            default -> state.lastModifiedAt();
        };
    }

    private String pageUri(int position) {
        StringBuilder uri = new StringBuilder(basePath).append('?');
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (parameter.getKey().equals("start_position") || parameter.getKey().equals("count")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                uri.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
            }
        }
        return uri.append("start_position=").append(position).append("&count=").append(count).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",");
    }

    private String first(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).trim();
    }

    /** A comma list (the parameter may also repeat), lower-cased except for ids; {@code null} when absent. */
    private Set<String> list(String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        Set<String> items = new LinkedHashSet<>();
        boolean ids = name.endsWith("_ids");
        Function<String, String> normalize = ids ? String::trim : item -> item.trim().toLowerCase(Locale.ROOT);
        for (String value : values) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(normalize.apply(item));
                }
            }
        }
        return items.isEmpty() ? null : items;
    }

    private int number(String name, int absent, int minimum) {
        String text = first(name);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < minimum) {
                throw RestFailure.invalidParameter("Invalid value for " + name + ": " + text + "; must be at least " + minimum + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw RestFailure.invalidParameter("Invalid value for " + name + ": '" + text + "'.");
        }
    }

    private static Instant date(String name, String text) {
        Instant parsed = DocuSignTime.parseQueryDate(text);
        if (parsed == null) {
            throw RestFailure.invalidParameter("Query parameter '" + name + "' must be set to a valid DateTime; was '" + text + "'.");
        }
        return parsed;
    }
}
