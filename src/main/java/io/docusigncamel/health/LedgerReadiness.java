package io.docusigncamel.health;

import io.docusigncamel.ledger.Ledger;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the ledger for {@code /observe/health/ready}: UP while a cheap query answers, DOWN with the database's
 * error otherwise (rows cannot be claimed or recorded without it, so nothing should be sent). Not a liveness check: a
 * database that is briefly away is waited out, not a reason to restart the process. Thread-safe.
 */
public final class LedgerReadiness extends AbstractHealthCheck {

    /** The query's own limit; a caller may also wait for a pooled connection first. */
    static final int QUERY_TIMEOUT_SECONDS = 5;

    private final Ledger ledger;

    public LedgerReadiness(Ledger ledger) {
        super("docusign", "ledger");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schemaVersion", ledger.schemaVersion());
        try {
            ledger.ping(QUERY_TIMEOUT_SECONDS);
            builder.up();
        } catch (RuntimeException e) {
            // LedgerException names ledger.jdbc-url (redacted) and what failed; never the password
            builder.message("the ledger does not answer: " + e.getMessage()).error(e).down();
        }
    }
}
