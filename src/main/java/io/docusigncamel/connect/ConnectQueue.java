package io.docusigncamel.connect;

import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedMessage;
import io.docusigncamel.status.StatusObservation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect messages stored by {@link ConnectReceiver}, processed in arrival order by
 * {@code routes/connect-listener.yaml}: each becomes a status observation for the event pipeline (or nothing, for
 * events that are no status change) and is then marked processed with what it led to. A message whose processing
 * fails stays queued and is tried again. Thread-safe.
 */
public final class ConnectQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectQueue.class);
    static final String MESSAGE_PROPERTY = "DocuSignConnectMessage";
    static final String OUTCOME_PROPERTY = "DocuSignConnectOutcome";
    private static final int BATCH = 100;
    /** Processed messages are kept this long (for audits of what Connect sent), then deleted. */
    static final Duration KEEP_PROCESSED = Duration.ofDays(7);
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final EnvelopeTracking tracking;
    private final Clock clock;
    private volatile Instant nextPrune = Instant.MIN;

    public ConnectQueue(EnvelopeTracking tracking, Clock clock) {
        this.tracking = tracking;
        this.clock = clock;
    }

    /** The next messages to process, oldest first; once an hour, messages processed a week ago are deleted. */
    public List<QueuedMessage> queued() {
        Instant now = clock.instant();
        if (!now.isBefore(nextPrune)) {
            nextPrune = now.plus(PRUNE_INTERVAL);
            int deleted = tracking.pruneProcessedConnectMessages(now.minus(KEEP_PROCESSED));
            if (deleted > 0) {
                LOG.debug("Deleted {} Connect messages processed before {}", deleted, now.minus(KEEP_PROCESSED));
            }
        }
        return tracking.queuedConnectMessages(BATCH);
    }

    /** The observation in the queued message of the body, or {@code null} when it reports no status change. */
    public StatusObservation observation(Exchange exchange) {
        QueuedMessage queued = exchange.getMessage().getBody(QueuedMessage.class);
        exchange.setProperty(MESSAGE_PROPERTY, queued);
        ConnectMessage message;
        try {
            message = ConnectMessage.parse(queued.body().getBytes(StandardCharsets.UTF_8));
        } catch (ConnectMessage.MalformedMessageException e) {
            // cannot happen for a message the receiver parsed, unless the ledger was edited by hand
            exchange.setProperty(OUTCOME_PROPERTY, "unreadable: " + e.getMessage());
            return null;
        }
        StatusObservation observation = message.observation().orElse(null);
        exchange.setProperty(OUTCOME_PROPERTY, observation == null
                ? message.event() + ": no envelope status change"
                : message.event() + ": " + observation.status() + " of envelope " + message.envelopeId());
        return observation;
    }

    public void processed(Exchange exchange) {
        QueuedMessage queued = exchange.getProperty(MESSAGE_PROPERTY, QueuedMessage.class);
        String outcome = exchange.getProperty(OUTCOME_PROPERTY, String.class);
        tracking.markConnectMessageProcessed(queued.id(), outcome, clock.instant());
        LOG.debug("Connect message {} processed: {}", queued.id(), outcome);
    }
}
