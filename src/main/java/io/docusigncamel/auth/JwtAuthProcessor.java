package io.docusigncamel.auth;

import io.docusigncamel.api.RateBudget;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The one step that puts DocuSign credentials on an exchange, before the route's {@code toD} to the REST API:
 * <ul>
 *   <li>header {@value #AUTHORIZATION}: {@code Bearer <access token>};</li>
 *   <li>header {@value #ACCOUNT_ID}: the account id from userinfo (or {@code docusign.account-id});</li>
 *   <li>header {@value #REST_BASE}: the account's REST base, e.g. {@code https://na3.docusign.net/restapi};</li>
 *   <li>exchange property {@value #ACCESS_TOKEN_PROPERTY}: the {@link AccessToken} used, so that a 401 invalidates
 *       exactly that token and not a newer one another route already got.</li>
 * </ul>
 * If the exchange carries a token and its last DocuSign call failed with HTTP 401 (an
 * {@code HttpOperationFailedException} with status 401 on the exchange or as {@code CamelExceptionCaught}, or a
 * {@code CamelHttpResponseCode} header of 401 when {@code throwExceptionOnFailure=false}), the processor first reports
 * that token as rejected, then sets a fresh one. The same processor therefore serves as the redelivery hook, and
 * "any 401: one new token, one retry" is plain YAML:
 *
 * <pre>{@code
 * - routeConfiguration:
 *     id: docusign-auth
 *     onException:
 *       - onException:
 *           exception:
 *             - org.apache.camel.http.base.HttpOperationFailedException
 *           onWhen:
 *             simple: "${exception.statusCode} == 401"
 *           onRedeliveryRef: jwtAuth
 *           redeliveryPolicy:
 *             maximumRedeliveries: 1
 *             redeliveryDelay: 0
 * - route:
 *     id: send-envelope
 *     routeConfigurationId: docusign-auth
 *     from:
 *       uri: direct:send-envelope
 *       steps:
 *         - process:
 *             ref: jwtAuth
 *         - toD:
 *             uri: "${header.DocuSignRestBase}/v2.1/accounts/${header.DocuSignAccountId}/envelopes"
 * }</pre>
 *
 * Camel redelivers at the point of failure (the {@code toD}), so the {@code onRedeliveryRef} is what puts the fresh
 * token on the retried call; a second 401 fails the exchange. Bind the same instance as {@code jwtReauth} if a route
 * prefers that name for the redelivery hook.
 *
 * <p>Camel's HTTP component sends message headers as request headers: remove {@value #AUTHORIZATION},
 * {@value #ACCOUNT_ID} and {@value #REST_BASE} ({@code removeHeaders: "Authorization|DocuSign*"}) before calling any
 * system other than DocuSign, or the bearer token goes with it.
 *
 * <p>With a {@link RateBudget}, the processor also waits until the call fits DocuSign's API limits, so every call
 * to the REST API is paced by one shared component.
 *
 * <p>A {@link TokenException} or {@link AccountException} is thrown to the route's error handler unchanged (check
 * {@link TokenException#retryable()}). Thread-safe; holds no per-exchange state.
 */
public final class JwtAuthProcessor implements Processor {

    public static final String AUTHORIZATION = "Authorization";
    public static final String ACCOUNT_ID = "DocuSignAccountId";
    public static final String REST_BASE = "DocuSignRestBase";
    public static final String ACCESS_TOKEN_PROPERTY = "DocuSignAccessToken";

    private static final int UNAUTHORIZED = 401;

    private final DocuSignSession session;
    private final RateBudget budget;
    private final Set<String> sendingRoutes;

    /** A processor that does not pace calls (tools and tests that make a handful of calls). */
    public JwtAuthProcessor(DocuSignSession session) {
        this(session, null, Set.of());
    }

    /**
     * @param budget        waited on before every call (the shared API budget), or {@code null}
     * @param sendingRoutes ids of the routes whose calls send envelopes: they may not use the share of the budget
     *                      reserved for status tracking and downloads
     */
    public JwtAuthProcessor(DocuSignSession session, RateBudget budget, Set<String> sendingRoutes) {
        this.session = Objects.requireNonNull(session, "session");
        this.budget = budget;
        this.sendingRoutes = Set.copyOf(sendingRoutes);
    }

    @Override
    public void process(Exchange exchange) throws TokenException, AccountException {
        AccessToken used = exchange.getProperty(ACCESS_TOKEN_PROPERTY, AccessToken.class);
        if (used != null && lastCallWasUnauthorized(exchange)) {
            session.tokenRejected(used);
        }
        AccessToken token = session.token();
        DocuSignAccount account = session.account();
        if (budget != null) {
            waitForBudget(exchange);
        }
        Message message = exchange.getMessage();
        message.setHeader(AUTHORIZATION, "Bearer " + token.value());
        message.setHeader(ACCOUNT_ID, account.accountId());
        message.setHeader(REST_BASE, account.restBase());
        exchange.setProperty(ACCESS_TOKEN_PROPERTY, token);
    }

    private void waitForBudget(Exchange exchange) {
        RateBudget.Purpose purpose = sendingRoutes.contains(exchange.getFromRouteId())
                ? RateBudget.Purpose.SEND : RateBudget.Purpose.TRACK;
        try {
            budget.acquire(purpose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting for DocuSign's API budget", e);
        }
    }

    private static boolean lastCallWasUnauthorized(Exchange exchange) {
        return isUnauthorized(exchange.getException())
                || isUnauthorized(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                || Integer.valueOf(UNAUTHORIZED).equals(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
    }

    private static boolean isUnauthorized(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http && http.getStatusCode() == UNAUTHORIZED) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "JwtAuthProcessor";
    }
}
