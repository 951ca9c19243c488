package io.docusigncamel.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.ledger.Ledger;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup, every row key still {@code pending} in the ledger (the service stopped between a POST and its record)
 * is resolved by asking DocuSign (SPEC §6): an envelope found is recorded as sent, so that no later attempt sends it
 * again. Keys without an envelope stay pending and are sent when their file, still in the inbox, is processed
 * again. Thread-safe.
 */
public final class PendingRows {

    private static final Logger LOG = LoggerFactory.getLogger(PendingRows.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final Clock clock;

    public PendingRows(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The pending row keys, one per split part. */
    public List<String> list() {
        List<String> keys = ledger.pendingRows().stream().map(Ledger.RowRecord::rowKey).toList();
        if (!keys.isEmpty()) {
            LOG.info("{} row key(s) were pending at startup; asking DocuSign whether their envelopes exist", keys.size());
        }
        return keys;
    }

    /** Sets up the lookup of one key (the split part's body) for {@code direct:find-envelope-by-row-key}. */
    public void prepare(Exchange exchange) {
        exchange.setProperty(SendProperties.ROW_KEY, exchange.getMessage().getBody(String.class));
    }

    /** Records the envelope DocuSign has for the key, if any. */
    public void lookedUp(Exchange exchange) throws IOException {
        String rowKey = exchange.getProperty(SendProperties.ROW_KEY, String.class);
        Optional<String> envelope = EnvelopeLookup.envelopeFor(JSON.readTree(exchange.getMessage().getBody(String.class)), rowKey);
        if (envelope.isPresent()) {
            ledger.markSent(rowKey, envelope.get(), clock.instant());
            LOG.info("row key {}: DocuSign has envelope {} from before the restart; recorded as sent", rowKey, envelope.get());
        } else {
            LOG.info("row key {}: no envelope at DocuSign; it is sent when its file is processed again", rowKey);
        }
    }
}
