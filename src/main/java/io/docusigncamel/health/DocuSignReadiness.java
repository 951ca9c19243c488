package io.docusigncamel.health;

import io.docusigncamel.auth.AuthStatus;
import io.docusigncamel.auth.DocuSignSession;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the DocuSign connection for {@code /observe/health/ready}: UP once a token was obtained and the account
 * resolved; DOWN with the reason, the fix and (when consent is missing) the consent URL otherwise. Not a liveness
 * check: a missing consent is waited out, not a reason to restart the process. Thread-safe (reads a snapshot).
 */
public final class DocuSignReadiness extends AbstractHealthCheck {

    private final DocuSignSession session;

    public DocuSignReadiness(DocuSignSession session) {
        super("docusign", "docusign-auth");
        this.session = session;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        AuthStatus status = session.status();
        builder.detail("state", status.state().name());
        builder.detail("reason", status.reason());
        status.fix().ifPresent(f -> builder.detail("fix", f));
        status.consentUrl().ifPresent(u -> builder.detail("consentUrl", u));
        status.account().ifPresent(a -> {
            builder.detail("accountId", a.accountId());
            builder.detail("restBase", a.restBase());
        });
        if (status.state() == AuthStatus.State.READY) {
            builder.up();
        } else {
            builder.message(status.reason()).down();
        }
    }
}
