package io.docusigncamel.api;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * A Camel event notifier that is told of every finished call of an {@code http}/{@code https} endpoint (its
 * {@link ExchangeSentEvent}, after the response or the failure). It takes the "sending" events too, because Camel
 * emits the "sent" event of a call only if some notifier took its "sending" event; and {@link #install} has Camel
 * emit events at all (it does not when no notifier was known early enough). So each subclass works on its own, not
 * only while another notifier happens to be installed.
 */
public abstract class HttpCallNotifier extends EventNotifierSupport {

    protected HttpCallNotifier() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(false);
        setIgnoreExchangeSentEvents(false);
    }

    /** Adds {@code notifier} to the context's event notifiers and has Camel emit events. */
    public static <T extends HttpCallNotifier> T install(CamelContext context, T notifier) {
        context.getCamelContextExtension().setEventNotificationApplicable(true);
        context.getManagementStrategy().addEventNotifier(notifier);
        return notifier;
    }

    /** One finished HTTP call: the exchange holds the response, or the failure. */
    protected abstract void sent(ExchangeSentEvent event);

    @Override
    public final boolean isEnabled(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            return isHttp(sent.getEndpoint());
        }
        return event instanceof ExchangeSendingEvent sending && isHttp(sending.getEndpoint());
    }

    @Override
    public final void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent && isHttp(sent.getEndpoint())) {
            sent(sent);
        }
    }

    private static boolean isHttp(Endpoint endpoint) {
        if (endpoint == null) {
            return false;
        }
        String uri = endpoint.getEndpointUri();
        return uri != null && (uri.regionMatches(true, 0, "http:", 0, 5) || uri.regionMatches(true, 0, "https:", 0, 6));
    }
}
