package io.docusigncamel.api;

import io.docusigncamel.auth.JwtAuthProcessor;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;

/**
 * Feeds the rate-limit headers of every DocuSign REST response into the {@link RateBudget}, whichever route made
 * the call: an {@link HttpCallNotifier}, limited to exchanges that {@code jwtAuth}
 * prepared for DocuSign (they carry {@value JwtAuthProcessor#ACCOUNT_ID}). A refusal for the account's limit
 * (429, or 400 with {@code HOURLY_/BURST_APIINVOCATION_LIMIT_EXCEEDED}) pauses the budget. Thread-safe.
 */
public final class RateLimitObserver extends HttpCallNotifier {

    private final RateBudget budget;

    public RateLimitObserver(RateBudget budget) {
        this.budget = budget;
    }

    @Override
    protected void sent(ExchangeSentEvent event) {
        Exchange exchange = event.getExchange();
        if (exchange.getMessage().getHeader(JwtAuthProcessor.ACCOUNT_ID) == null) {
            return;
        }
        HttpOperationFailedException failure = exchange.getException(HttpOperationFailedException.class);
        if (failure == null) {
            budget.observe(exchange.getMessage().getHeaders());
            return;
        }
        Map<String, String> headers = failure.getResponseHeaders();
        DocuSignError error = DocuSignError.of(failure.getStatusCode(), failure.getResponseBody());
        if (error.rateLimited() && !error.errorCode().map(code -> code.contains("Envelope")).orElse(false)) {
            budget.limitExceeded(headers, error.errorCode().orElse("HTTP " + failure.getStatusCode()));
        } else {
            budget.observe(headers);
        }
    }
}
