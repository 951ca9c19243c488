package io.docusigncamel.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.api.DocuSignError;
import io.docusigncamel.auth.AccountException;
import io.docusigncamel.auth.TokenException;
import io.docusigncamel.inbox.CsvRow;
import io.docusigncamel.inbox.EnvelopeMapping;
import io.docusigncamel.inbox.MappedRow;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.Outcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-row steps of {@code routes/send-envelopes.yaml}: map and validate a CSV row, claim its row key in the
 * ledger, and interpret what DocuSign answered to the create — so that each row key is sent at most once (SPEC §6).
 *
 * <p>The rule that makes this hold: the key is marked {@code pending} in the ledger <em>before</em> the POST, and
 * whenever the outcome of a POST is uncertain (time-out, reset, 5xx, a crash) DocuSign is asked first
 * (listStatusChanges by the {@code rowKey} custom field) before anything is sent again. A business refusal (400 with
 * an errorCode) is final and never retried. Thread-safe: rows of one file are processed in parallel.
 */
public final class RowSender {

    private static final Logger LOG = LoggerFactory.getLogger(RowSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long to wait while DocuSign authentication is unavailable (consent missing): not an attempt of the row. */
    private static final Duration AUTH_WAIT = Duration.ofSeconds(5);

    private final Ledger ledger;
    private final EnvelopeMapping mapping;
    private final RetryPolicy retry;
    private final Clock clock;

    public RowSender(Ledger ledger, EnvelopeMapping mapping, RetryPolicy retry, Clock clock) {
        this.ledger = ledger;
        this.mapping = mapping;
        this.retry = retry;
        this.clock = clock;
    }

    /** Maps and validates the row, then claims its key; sets {@link SendProperties#PENDING} when it must be sent. */
    public void prepare(Exchange exchange) throws InvalidPayloadException {
        CsvRow row = exchange.getMessage().getMandatoryBody(CsvRow.class);
        long runId = exchange.getProperty(SendProperties.RUN_ID, Long.class);
        String sourceFile = exchange.getProperty(SendProperties.SOURCE_FILE, String.class);
        exchange.setProperty(SendProperties.ROW, row.row());
        exchange.setProperty(SendProperties.PENDING, false);
        exchange.setProperty(SendProperties.LOOKUP, false);
        exchange.setProperty(SendProperties.ATTEMPTS, 0);
        exchange.setProperty(SendProperties.BACKOFF_MILLIS, 0L);

        MappedRow mapped = mapping.map(row, sourceFile);
        if (mapped instanceof MappedRow.Rejected rejected) {
            ledger.recordOutcome(runId, row.row(), rejected.rowKeyOrNull(), Outcome.REJECTED, null, rejected.reason());
            return;
        }
        MappedRow.Envelope envelope = (MappedRow.Envelope) mapped;
        String rowKey = envelope.rowKey();
        exchange.setProperty(SendProperties.ROW_KEY, rowKey);
        Ledger.Claim claim = ledger.claim(rowKey, runId, sourceFile, row.row(), clock.instant());
        if (claim.kind() == Ledger.Claim.Kind.PENDING_UNCERTAIN
                && !ledger.takeOver(claim.existing().orElseThrow(), runId, sourceFile, row.row(), clock.instant())) {
            // another worker moved the pending key meanwhile: decide again on what it did
            claim = ledger.claim(rowKey, runId, sourceFile, row.row(), clock.instant());
        }
        switch (claim.kind()) {
            case CLAIMED -> {
                String lost = lostClaims(exchange).get(rowKey);
                if (lost != null) {
                    LOG.info("row {} ({}): DocuSign already has envelope {} (the ledger lost its record); not sending"
                            + " again", row.row(), rowKey, lost);
                    sent(exchange, lost);
                    return;
                }
                exchange.setProperty(SendProperties.DEFINITION, envelope.definition().toString());
                exchange.setProperty(SendProperties.PENDING, true);
            }
            case PENDING_UNCERTAIN -> {
                // an earlier attempt may have created it (crash or time-out): ask DocuSign before sending
                exchange.setProperty(SendProperties.DEFINITION, envelope.definition().toString());
                exchange.setProperty(SendProperties.PENDING, true);
                exchange.setProperty(SendProperties.LOOKUP, true);
            }
            case ALREADY_SENT -> ledger.recordOutcome(runId, row.row(), rowKey, Outcome.SENT, claim.envelopeId().orElse(null), null);
            case ALREADY_FAILED -> ledger.recordOutcome(runId, row.row(), rowKey, Outcome.FAILED, null,
                    claim.existing().map(r -> r.errorCode().orElse("FAILED") + r.errorMessage().map(m -> ": " + m).orElse(""))
                            .orElse("failed"));
            case DUPLICATE -> ledger.recordOutcome(runId, row.row(), rowKey, Outcome.DUPLICATE, claim.envelopeId().orElse(null),
                    claim.existing().map(r -> "already sent from " + r.sourceFile() + " row " + r.row()).orElse("already sent"));
            case DUPLICATE_IN_FILE -> ledger.recordOutcome(runId, row.row(), rowKey, Outcome.REJECTED, null,
                    "row " + row.row() + ": row key " + rowKey + " appears twice in this file"
                            + claim.existing().map(r -> " (also row " + r.row() + ")").orElse("")
                            + "; give each row its own ExternalId");
            default -> throw new IllegalStateException("unknown claim " + claim.kind());
        }
    }

    /** The body of the create: the envelope definition. */
    public String definition(Exchange exchange) {
        return exchange.getProperty(SendProperties.DEFINITION, String.class);
    }

    /** 201 from the create: record the envelope id. */
    public void created(Exchange exchange) throws IOException {
        JsonNode summary = JSON.readTree(exchange.getMessage().getBody(String.class));
        String envelopeId = summary.path("envelopeId").asText("");
        if (envelopeId.isEmpty()) {
            // a 2xx without an envelope id tells nothing: treat as uncertain
            uncertainBecause(exchange, "DocuSign answered without an envelopeId");
            return;
        }
        sent(exchange, envelopeId);
    }

    private void sent(Exchange exchange, String envelopeId) {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        ledger.recordSent(runId(exchange), row(exchange), rowKey, envelopeId, clock.instant());
        exchange.setProperty(SendProperties.PENDING, false);
    }

    /** The create failed: decide by what failed whether the envelope may exist, and whether to try again. */
    public void createFailed(Exchange exchange) {
        Throwable failure = caught(exchange);
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            DocuSignError error = DocuSignError.of(http.getStatusCode(), http.getResponseBody());
            if (error.businessRefusal()) {
                refused(exchange, error);
            } else if (error.rateLimited()) {
                // refused before processing: nothing was created; wait for the limit, it is not an attempt
                waitForRateLimit(exchange, http, error);
            } else if (error.authenticationFailed()) {
                // refused before processing: nothing was created, so no lookup is needed
                retryLater(exchange, error.describe(), false);
            } else {
                uncertainBecause(exchange, error.describe());
            }
        } else if (find(failure, TokenException.class) != null || find(failure, AccountException.class) != null) {
            // no token (consent missing, key rejected): nothing was sent; wait for authentication, rows stay pending
            exchange.setProperty(SendProperties.BACKOFF_MILLIS, AUTH_WAIT.toMillis());
            exchange.setProperty(SendProperties.LAST_PROBLEM, failure.getMessage());
        } else {
            uncertainBecause(exchange, describe(failure));
        }
    }

    private void refused(Exchange exchange, DocuSignError error) {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        ledger.markFailed(rowKey, error.errorCode().orElse("HTTP_" + error.status()), error.message().orElse(""), clock.instant());
        ledger.recordOutcome(runId(exchange), row(exchange), rowKey, Outcome.FAILED, null, error.describe());
        exchange.setProperty(SendProperties.PENDING, false);
    }

    private void uncertainBecause(Exchange exchange, String problem) {
        retryLater(exchange, problem, true);
    }

    private void retryLater(Exchange exchange, String problem, boolean lookup) {
        int attempts = exchange.getProperty(SendProperties.ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(SendProperties.ATTEMPTS, attempts);
        exchange.setProperty(SendProperties.LAST_PROBLEM, problem);
        if (lookup) {
            exchange.setProperty(SendProperties.LOOKUP, true);
        }
        ledger.notePendingAttempt(exchange.getProperty(SendProperties.ROW_KEY, String.class), clock.instant());
        if (retry.exhausted(attempts) && !lookup) {
            giveUp(exchange);
            return;
        }
        exchange.setProperty(SendProperties.BACKOFF_MILLIS, retry.backoffMillis(attempts));
        LOG.debug("row {} ({}): attempt {} failed ({}); retrying", row(exchange),
                exchange.getProperty(SendProperties.ROW_KEY), attempts, problem);
    }

    /**
     * The answer of listStatusChanges filtered by the row's {@code rowKey} custom field: an envelope found means an
     * earlier attempt created it (record it, never send again); none found means it was not created, so it may be
     * sent (unless the attempts are used up).
     */
    public void lookedUp(Exchange exchange) throws IOException {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        Optional<String> found = EnvelopeLookup.envelopeFor(JSON.readTree(exchange.getMessage().getBody(String.class)), rowKey);
        exchange.setProperty(SendProperties.LOOKUP, false);
        if (found.isPresent()) {
            LOG.info("row {} ({}): DocuSign already has envelope {} from an earlier attempt; not sending again",
                    row(exchange), rowKey, found.get());
            sent(exchange, found.get());
        } else if (retry.exhausted(exchange.getProperty(SendProperties.ATTEMPTS, 0, Integer.class))) {
            giveUp(exchange);
        }
    }

    /**
     * DocuSign's account limit was hit (429, or 400 with a limit errorCode): wait until the hourly window resets
     * ({@code X-RateLimit-Reset}) when the hourly budget is spent, else (the 30-second burst) the longest backoff.
     */
    private void waitForRateLimit(Exchange exchange, HttpOperationFailedException http, DocuSignError error) {
        long waitMillis = retry.maxBackoff().toMillis();
        Map<String, String> headers = http.getResponseHeaders();
        String remaining = headers == null ? null : header(headers, "X-RateLimit-Remaining");
        String reset = headers == null ? null : header(headers, "X-RateLimit-Reset");
        if ("0".equals(remaining) && reset != null && reset.matches("\\d+")) {
            long untilReset = Long.parseLong(reset) * 1000 - clock.millis();
            waitMillis = Math.max(1000, Math.min(untilReset, Duration.ofHours(1).toMillis()));
        }
        exchange.setProperty(SendProperties.BACKOFF_MILLIS, waitMillis);
        exchange.setProperty(SendProperties.LAST_PROBLEM, error.describe());
        LOG.debug("row {}: DocuSign's API limit reached ({}); waiting {} s", row(exchange), error.errorCode().orElse("429"),
                waitMillis / 1000);
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The lookup itself failed: the outcome stays unknown; wait and ask again. */
    public void lookupFailed(Exchange exchange) {
        Throwable failure = caught(exchange);
        HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
        if (http != null) {
            DocuSignError error = DocuSignError.of(http.getStatusCode(), http.getResponseBody());
            if (error.rateLimited()) {
                waitForRateLimit(exchange, http, error);
                return;
            }
        }
        int attempts = exchange.getProperty(SendProperties.ATTEMPTS, 0, Integer.class) + 1;
        exchange.setProperty(SendProperties.ATTEMPTS, attempts);
        if (find(failure, TokenException.class) != null || find(failure, AccountException.class) != null) {
            exchange.setProperty(SendProperties.ATTEMPTS, attempts - 1);
            exchange.setProperty(SendProperties.BACKOFF_MILLIS, AUTH_WAIT.toMillis());
            return;
        }
        exchange.setProperty(SendProperties.LAST_PROBLEM, "could not ask DocuSign whether the envelope exists: " + describe(failure));
        if (retry.exhausted(attempts)) {
            // still unknown: keep the key pending (resolved at the next start), report it honestly
            String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
            ledger.recordOutcome(runId(exchange), row(exchange), rowKey, Outcome.FAILED, null,
                    "uncertain: DocuSign may have created the envelope, and asking it failed "
                            + attempts + " times (" + describe(failure) + "); the service asks again at its next start");
            exchange.setProperty(SendProperties.PENDING, false);
            return;
        }
        exchange.setProperty(SendProperties.BACKOFF_MILLIS, retry.backoffMillis(attempts));
    }

    private void giveUp(Exchange exchange) {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        String problem = exchange.getProperty(SendProperties.LAST_PROBLEM, "unknown", String.class);
        int attempts = exchange.getProperty(SendProperties.ATTEMPTS, 0, Integer.class);
        ledger.markFailed(rowKey, "GAVE_UP", "no envelope after " + attempts + " attempts; last: " + problem, clock.instant());
        ledger.recordOutcome(runId(exchange), row(exchange), rowKey, Outcome.FAILED, null,
                "gave up after " + attempts + " attempts; DocuSign has no envelope for this row; last problem: " + problem);
        exchange.setProperty(SendProperties.PENDING, false);
    }

    /**
     * The query of the lookup: envelopes carrying this row key in the {@code rowKey} custom field, changed since a
     * day before the key was first claimed (covers clock skew and slow attempts), with their custom fields.
     */
    public String lookupQuery(Exchange exchange) {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        return EnvelopeLookup.query(rowKey, ledger.row(rowKey).map(Ledger.RowRecord::createdAt).orElse(clock.instant()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lostClaims(Exchange exchange) {
        Map<String, String> lost = exchange.getProperty(SendProperties.LOST_CLAIMS, Map.class);
        return lost == null ? Map.of() : lost;
    }

    private static long runId(Exchange exchange) {
        return exchange.getProperty(SendProperties.RUN_ID, Long.class);
    }

    private static int row(Exchange exchange) {
        return exchange.getProperty(SendProperties.ROW, Integer.class);
    }

    private static Throwable caught(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return t != null ? t : exchange.getException();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
