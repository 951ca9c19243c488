package io.docusigncamel.metrics;

import io.docusigncamel.api.HttpCallNotifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;

/**
 * Counts the routes' HTTP calls as {@code docusign_api_calls_total{endpoint, status}}: one increment per
 * {@link ExchangeSentEvent} of an {@code http}/{@code https} endpoint (a redelivered call counts again), the endpoint
 * as a path template ({@link ApiEndpoints}), the status as DocuSign's HTTP status code (from
 * {@code CamelHttpResponseCode}, or from the {@link HttpOperationFailedException} of a refused call), or
 * {@code io_error} when no answer came (time-out, reset, refused connection), {@code error} for any other failure
 * of the call. Thread-safe.
 */
public final class ApiCallCounter extends HttpCallNotifier {

    public static final String METER = "docusign.api.calls";
    static final String IO_ERROR = "io_error";
    /** A failure that is neither an HTTP answer nor an I/O fault (e.g. a bad URI). */
    static final String ERROR = "error";
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    public ApiCallCounter(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds a counter on {@code registry} to the context's event notifiers (see {@link HttpCallNotifier#install}). */
    public static ApiCallCounter install(CamelContext context, MeterRegistry registry) {
        return HttpCallNotifier.install(context, new ApiCallCounter(registry));
    }

    @Override
    protected void sent(ExchangeSentEvent sent) {
        Exchange exchange = sent.getExchange();
        Object method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD);
        String endpoint = ApiEndpoints.template(method == null ? null : method.toString(), sent.getEndpoint().getEndpointUri());
        counter(registry, endpoint, status(exchange)).increment();
    }

    /** The meter of one endpoint and status (created on first use). */
    static Counter counter(MeterRegistry registry, String endpoint, String status) {
        return Counter.builder(METER)
                .description("HTTP calls of the routes to DocuSign's REST API (and other HTTP endpoints), by endpoint template and HTTP status")
                .tag("endpoint", endpoint)
                .tag("status", status)
                .register(registry);
    }

    /** The HTTP status of the call the exchange just made, {@code io_error}, or {@code unknown}. */
    static String status(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure != null) {
            HttpOperationFailedException refused = exchange.getException(HttpOperationFailedException.class);
            if (refused != null) {
                return Integer.toString(refused.getStatusCode());
            }
            return exchange.getException(java.io.IOException.class) != null ? IO_ERROR : ERROR;
        }
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return code != null ? code.toString() : UNKNOWN;
    }
}
