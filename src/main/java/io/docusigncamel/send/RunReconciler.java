package io.docusigncamel.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;

/**
 * Before a file's rows are sent (a new run or a resumed one), asks DocuSign which envelopes carrying a {@code rowKey}
 * custom field were sent since the run began (for a new run: the last day), and keeps those whose row key the ledger
 * has no record of at all.
 *
 * <p>Why: a row is claimed in the ledger before its envelope is created, so after a crash a pending claim says "ask
 * DocuSign first". That needs the claim to survive. The embedded H2 ledger was seen to lose the last seconds of
 * commits to {@code kill -9} (bench/chaos-kill.sh: claims of envelopes created two seconds before the kill were gone
 * after the restart, and those rows were sent again), and any database loses unsynced commits to a power cut. The
 * lost seconds can hold the beginning of a run too, which is why a new run is checked as well as a resumed one. A row
 * key that DocuSign has and the ledger does not know is such a lost claim: the row is recorded as sent with that
 * envelope instead of being sent again ({@link RowSender#prepare}).
 *
 * <p>Cost: one listStatusChanges call per {@value #PAGE_SIZE} envelopes of the account changed since the run began
 * (less a day for the clocks), once per file. If DocuSign cannot be asked, the file is not processed now (the
 * exception reaches the file route, which tries the file again later); rows are never sent unchecked.
 *
 * <p>Thread-safe (stateless apart from its collaborators).
 */
public final class RunReconciler {

    /** The request route: GET listStatusChanges with the query in {@link #QUERY_HEADER}. */
    public static final String ROUTE = "direct:list-envelopes-since";
    public static final String QUERY_HEADER = "DocuSignListQuery";
    static final int PAGE_SIZE = 1000;
    /** Our clock and DocuSign's may differ; the same margin as the lookup of one row key. */
    static final Duration CLOCK_MARGIN = Duration.ofDays(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate template;
    private final Ledger ledger;

    public RunReconciler(ProducerTemplate template, Ledger ledger) {
        this.template = template;
        this.ledger = ledger;
    }

    /** Row key → envelope id of every envelope sent since {@code runStartedAt} whose row key the ledger lacks. */
    public Map<String, String> envelopesTheLedgerLacks(Instant runStartedAt) {
        Map<String, String> lacking = new HashMap<>();
        Instant from = runStartedAt.minus(CLOCK_MARGIN).truncatedTo(ChronoUnit.SECONDS);
        int start = 0;
        while (true) {
            String body = template.requestBodyAndHeader(ROUTE, "", QUERY_HEADER, query(from, start), String.class);
            JsonNode page = parse(body);
            int received = 0;
            for (JsonNode envelope : page.path("envelopes")) {
                received++;
                Optional<String> rowKey = rowKey(envelope);
                String envelopeId = envelope.path("envelopeId").asText("");
                if (rowKey.isPresent() && !envelopeId.isEmpty() && !lacking.containsKey(rowKey.get())
                        && rowKey.get().length() <= Ledger.MAX_ROW_KEY_LENGTH && ledger.row(rowKey.get()).isEmpty()) {
                    lacking.put(rowKey.get(), envelopeId);
                }
            }
            start += received;
            if (received == 0 || start >= page.path("totalSetSize").asInt(0)) {
                return lacking;
            }
        }
    }

    static String query(Instant from, int startPosition) {
        return "from_date=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
                + "&include=custom_fields&status=any&count=" + PAGE_SIZE + "&start_position=" + startPosition;
    }

    private static Optional<String> rowKey(JsonNode envelope) {
        for (JsonNode field : envelope.path("customFields").path("textCustomFields")) {
            if ("rowKey".equals(field.path("name").asText()) && !field.path("value").asText("").isEmpty()) {
                return Optional.of(field.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new UncheckedIOException("DocuSign's list of envelopes could not be read: " + e.getMessage(), e);
        }
    }
}
