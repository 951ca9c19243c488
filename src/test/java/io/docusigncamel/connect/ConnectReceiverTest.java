package io.docusigncamel.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.config.Secret;
import io.docusigncamel.connect.ConnectFixtures.Vector;
import io.docusigncamel.ledger.EnvelopeTracking;
import io.docusigncamel.ledger.EnvelopeTracking.QueuedMessage;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.TestLedgers;
import io.docusigncamel.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectReceiver} against a real (H2 file) ledger, with the verbatim fixtures and their HMAC vectors: a
 * signed JSON SIM message is stored byte for byte and answered 200; an unsigned, wrongly signed or tampered one 401,
 * a malformed one 400, an oversized one 413, a ledger failure 503 — none of these stores anything — and the answer
 * never echoes the request's headers.
 */
class ConnectReceiverTest {

    private static final long MAX_BODY = 64 * 1024;
    private static CamelContext camel;

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
    private final ConnectSignatures signatures = new ConnectSignatures(ConnectFixtures.allKeys());
    private Ledger ledger;
    private EnvelopeTracking tracking;
    private ConnectReceiver receiver;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void closeCamel() throws Exception {
        camel.close();
    }

    @BeforeEach
    void openLedger() {
        ledger = TestLedgers.open("connect-receiver");
        tracking = ledger.tracking();
        receiver = new ConnectReceiver(signatures, tracking, MAX_BODY, clock);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private Exchange post(byte[] body, Map<String, Object> headers) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("X-DocuSign-AccountId", "8b411bfe-54f5-47fc-bbf2-55d9a71a200f");
        exchange.getMessage().setHeader("X-Authorization-Digest", "HMACSHA256");
        headers.forEach(exchange.getMessage()::setHeader);
        receiver.process(exchange);
        return exchange;
    }

    private static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private static String answer(Exchange exchange) {
        return exchange.getMessage().getBody(String.class);
    }

    private static Vector vector(String payloadFile) {
        return ConnectFixtures.vectors().stream().filter(v -> v.payloadFile().equals(payloadFile)).findFirst().orElseThrow();
    }

    @Test
    void storesASignedMessageByteForByteAndAnswers200() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);

        Exchange exchange = post(vector.payload(), Map.copyOf(vector.signatures()));

        assertThat(status(exchange)).isEqualTo(200);
        assertThat(answer(exchange)).isEqualTo("{\"received\":true}");
        List<QueuedMessage> queued = tracking.queuedConnectMessages(10);
        assertThat(queued).singleElement().satisfies(message -> {
            assertThat(message.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(vector.payload());
            assertThat(message.receivedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void acceptsEachVectorWithASingleSignatureHeader() throws Exception {
        int accepted = 0;
        for (Vector vector : ConnectFixtures.vectors()) {
            for (Map.Entry<String, String> header : vector.signatures().entrySet()) {
                Exchange exchange = post(vector.payload(), Map.of(header.getKey(), header.getValue()));
                assertThat(status(exchange)).as("%s with %s", vector, header.getKey()).isEqualTo(200);
                accepted++;
            }
        }

        assertThat(tracking.queuedConnectMessages(100)).hasSize(accepted);
        assertThat(tracking.countQueuedConnectMessages()).isEqualTo(4);
    }

    @Test
    void readsSignatureHeadersWhateverTheirCase() throws Exception {
        Vector vector = vector(ConnectFixtures.RECIPIENT_COMPLETED);

        Exchange exchange = post(vector.payload(),
                Map.of("x-docusign-signature-1", vector.signatures().get(ConnectFixtures.HEADER_1)));

        assertThat(status(exchange)).isEqualTo(200);
        assertThat(tracking.countQueuedConnectMessages()).isEqualTo(1);
    }

    @Test
    void storesANonAsciiBodyByteForByte() throws Exception {
        byte[] body = ("{\"event\":\"envelope-sent\",\"generatedDateTime\":\"2025-03-01T09:59:59.1234567Z\","
                + "\"data\":{\"envelopeId\":\"env-ü\",\"envelopeSummary\":{\"status\":\"sent\",\"emailSubject\":\"Grüße – 契約\"}}}")
                .getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(body, Map.of(ConnectFixtures.HEADER_2, signatures.sign(body).get(1)));

        assertThat(status(exchange)).isEqualTo(200);
        assertThat(tracking.queuedConnectMessages(10)).singleElement()
                .satisfies(message -> assertThat(message.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(body));
    }

    @Test
    void refusesATamperedBodyWith401AndStoresNothing() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        byte[] tampered = new String(vector.payload(), StandardCharsets.UTF_8)
                .replace("envelope-completed", "envelope-completee").getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(tampered, Map.copyOf(vector.signatures()));

        assertThat(status(exchange)).isEqualTo(401);
        assertThat(answer(exchange)).contains("X-DocuSign-Signature");
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesTheBodyWithATrailingNewlineWith401() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        byte[] withNewline = (new String(vector.payload(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(withNewline, Map.copyOf(vector.signatures()));

        assertThat(status(exchange)).isEqualTo(401);
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesAMessageWithoutSignatureHeaderWith401() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);

        Exchange exchange = post(vector.payload(), Map.of());

        assertThat(status(exchange)).isEqualTo(401);
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void ignoresHeadersThatOnlyLookLikeSignatureHeaders() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        String valid = vector.signatures().get(ConnectFixtures.HEADER_1);

        Exchange exchange = post(vector.payload(), Map.of("X-DocuSign-Signature", valid,
                "X-DocuSign-Signature-One", valid, "X-Signature-1", valid));

        assertThat(status(exchange)).isEqualTo(401);
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesASignatureMadeWithAnotherKeyWith401() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        String foreign = new ConnectSignatures(List.of(Secret.of("someone-elses-key"))).sign(vector.payload()).get(0);

        Exchange exchange = post(vector.payload(), Map.of(ConnectFixtures.HEADER_1, foreign));

        assertThat(status(exchange)).isEqualTo(401);
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesMalformedJsonWithAValidSignatureWith400() throws Exception {
        byte[] body = "{\"event\":\"envelope-sent\",\"data\":{".getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(body, Map.of(ConnectFixtures.HEADER_1, signatures.sign(body).get(0)));

        assertThat(status(exchange)).isEqualTo(400);
        assertThat(answer(exchange)).startsWith("{\"error\":\"the body is not JSON");
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesJsonThatIsNoJsonSimMessageWith400() throws Exception {
        byte[] body = "{\"event\":\"envelope-sent\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(body, Map.of(ConnectFixtures.HEADER_2, signatures.sign(body).get(1)));

        assertThat(status(exchange)).isEqualTo(400);
        assertThat(answer(exchange)).contains("data.envelopeId");
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void refusesABodyOverTheMaximumSizeWith413EvenWhenSigned() throws Exception {
        StringBuilder json = new StringBuilder("{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":\"env-1\",\"pad\":\"");
        while (json.length() <= MAX_BODY) {
            json.append("x".repeat(1000));
        }
        byte[] body = json.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);

        Exchange exchange = post(body, Map.of(ConnectFixtures.HEADER_1, signatures.sign(body).get(0)));

        assertThat(status(exchange)).isEqualTo(413);
        assertThat(answer(exchange)).contains(String.valueOf(MAX_BODY));
        assertThat(tracking.countQueuedConnectMessages()).isZero();
    }

    @Test
    void acceptsABodyOfExactlyTheMaximumSize() throws Exception {
        String head = "{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":\"env-1\",\"pad\":\"";
        String tail = "\"}}";
        byte[] body = (head + "x".repeat((int) MAX_BODY - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize((int) MAX_BODY);

        Exchange exchange = post(body, Map.of(ConnectFixtures.HEADER_1, signatures.sign(body).get(0)));

        assertThat(status(exchange)).isEqualTo(200);
    }

    @Test
    void answers503WhenTheLedgerCannotStoreTheMessage() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        ledger.close();

        Exchange exchange = post(vector.payload(), Map.copyOf(vector.signatures()));

        assertThat(status(exchange)).isEqualTo(503);
        assertThat(answer(exchange)).contains("deliver it again");
        ledger = TestLedgers.open("connect-receiver-reopened"); // for @AfterEach
    }

    @Test
    void theAnswerCarriesNoRequestHeaders() throws Exception {
        Vector vector = vector(ConnectFixtures.COMPLETED_WITHOUT_DATA);
        byte[] malformed = "[]".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = vector.payload().clone();
        tampered[10] ^= 1;

        List<Exchange> answers = List.of(
                post(vector.payload(), Map.copyOf(vector.signatures())),
                post(tampered, Map.copyOf(vector.signatures())),
                post(malformed, Map.of(ConnectFixtures.HEADER_1, signatures.sign(malformed).get(0))));

        assertThat(answers).extracting(ConnectReceiverTest::status).containsExactly(200, 401, 400);
        for (Exchange exchange : answers) {
            Map<String, Object> headers = exchange.getMessage().getHeaders();
            assertThat(headers.keySet()).noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("x-docusign"))
                    .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("x-authorization"));
            assertThat(headers.values()).noneMatch(value -> vector.signatures().containsValue(String.valueOf(value)));
            assertThat(answer(exchange)).doesNotContain(vector.signatures().get(ConnectFixtures.HEADER_1))
                    .doesNotContain(vector.signatures().get(ConnectFixtures.HEADER_2));
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        }
    }
}
