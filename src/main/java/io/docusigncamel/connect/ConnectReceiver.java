package io.docusigncamel.connect;

import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.LedgerException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of the Connect listener ({@code routes/connect-listener.yaml}, SPEC §8): takes the POST's raw
 * bytes, refuses a body over {@code connect.max-body-size} (413), a body no {@code X-DocuSign-Signature-N} header
 * signs with a configured key (401) and a body that is not a JSON SIM message (400), and otherwise stores the
 * message in the ledger and answers 200 at once. Processing happens afterwards, from the ledger, so Connect is never
 * kept waiting and a message accepted with 200 survives a crash. A ledger failure answers 503, so Connect
 * redelivers.
 *
 * <p>The answer carries only its status, a content type and a short JSON body: the request's headers (the
 * signatures among them) are not echoed. Thread-safe.
 */
public final class ConnectReceiver implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectReceiver.class);
    private static final String SIGNATURE_HEADER = "x-docusign-signature-";

    private final ConnectSignatures signatures;
    private final EnvelopeTracking tracking;
    private final long maxBodySize;
    private final Clock clock;

    public ConnectReceiver(ConnectSignatures signatures, EnvelopeTracking tracking, long maxBodySize, Clock clock) {
        this.signatures = signatures;
        this.tracking = tracking;
        this.maxBodySize = maxBodySize;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        List<String> given = signatureHeaders(message.getHeaders());
        if (body.length > maxBodySize) {
            LOG.warn("Connect message refused: {} bytes is over connect.max-body-size ({} bytes)", body.length, maxBodySize);
            answer(message, 413, "the message is larger than " + maxBodySize + " bytes");
            return;
        }
        if (given.isEmpty() || !signatures.verify(body, given)) {
            LOG.warn("Connect message refused (401): {}; check that connect.hmac-keys holds the HMAC key of the "
                    + "Connect configuration and that nothing between DocuSign and this service changes the body",
                    given.isEmpty() ? "it carries no X-DocuSign-Signature header" : "no X-DocuSign-Signature header matches a configured key");
            answer(message, 401, "no X-DocuSign-Signature-N header matches");
            return;
        }
        ConnectMessage parsed;
        try {
            parsed = ConnectMessage.parse(body);
        } catch (ConnectMessage.MalformedMessageException e) {
            LOG.warn("Connect message refused (400): {}", e.getMessage());
            answer(message, 400, e.getMessage());
            return;
        }
        try {
            long id = tracking.queueConnectMessage(new String(body, StandardCharsets.UTF_8), clock.instant());
            LOG.debug("Connect message {} queued: {} of envelope {} (retryCount {})", id, parsed.event(),
                    parsed.envelopeId(), parsed.retryCount());
            answer(message, 200, null);
        } catch (LedgerException e) {
            LOG.error("Connect message of envelope {} could not be stored ({}); answered 503 so that Connect redelivers it",
                    parsed.envelopeId(), e.getMessage());
            answer(message, 503, "the message could not be stored; deliver it again");
        }
    }

    private static List<String> signatureHeaders(Map<String, Object> headers) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(SIGNATURE_HEADER) && name.substring(SIGNATURE_HEADER.length()).matches("\\d{1,3}")) {
                Object value = header.getValue();
                if (value instanceof Iterable<?> many) {
                    many.forEach(v -> values.add(String.valueOf(v)));
                } else if (value != null) {
                    values.add(value.toString());
                }
            }
        }
        return values;
    }

    private static void answer(Message message, int status, String error) {
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(error == null ? "{\"received\":true}"
                : "{\"error\":\"" + error.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
