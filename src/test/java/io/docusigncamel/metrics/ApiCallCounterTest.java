package io.docusigncamel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counter on a real Camel http producer against a small HTTP server standing in for DocuSign's REST API. */
class ApiCallCounterTest {

    private static final String ACCOUNT = "8f6afb81-b06c-4a85-b046-d36b31ca3411";
    private static final String ENVELOPE = "3df72625-04e2-4a87-bd1c-5f0faaf93726";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpServer server;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/restapi/", http -> {
            boolean create = http.getRequestMethod().equals("POST") && http.getRequestURI().getPath().endsWith("/envelopes");
            boolean known = http.getRequestURI().getPath().endsWith("/envelopes");
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            http.sendResponseHeaders(create ? 201 : known ? 200 : 404, body.length);
            http.getResponseBody().write(body);
            http.close();
        });
        server.start();
        camel = new DefaultCamelContext();
        ApiCallCounter.install(camel, registry);
        // a lambda, not a RouteBuilder class: camel-main's scan of io.docusigncamel would pick that up in the ITs
        RouteBuilder.addRoutes(camel, routes -> {
            routes.from("direct:call").toD("${header.url}");
            routes.from("direct:not-http").to("log:io.docusigncamel.metrics?level=DEBUG");
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop(0);
    }

    private Exchange call(String method, String url, String query) {
        return template.send("direct:call", exchange -> {
            exchange.getMessage().setHeader("url", url);
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            if (query != null) {
                exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
            }
            exchange.getMessage().setBody(method.equals("POST") ? "{}" : null);
        });
    }

    private double count(String endpoint, String status) {
        Counter counter = registry.find(ApiCallCounter.METER).tag("endpoint", endpoint).tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private String rest() {
        return "http://localhost:" + server.getAddress().getPort() + "/restapi/v2.1/accounts/" + ACCOUNT;
    }

    @Test
    void countsEachCallByEndpointTemplateAndStatus() {
        assertThat(call("POST", rest() + "/envelopes", null).getException()).isNull();
        call("POST", rest() + "/envelopes", null);
        call("GET", rest() + "/envelopes", "from_date=2025-01-01&custom_field=rowKey%3DEMP-1");

        assertThat(count("POST /v2.1/accounts/{accountId}/envelopes", "201")).isEqualTo(2.0);
        assertThat(count("GET /v2.1/accounts/{accountId}/envelopes", "200")).isEqualTo(1.0);
    }

    @Test
    void aRefusedCallCountsWithTheStatusOfItsException() {
        Exchange refused = call("GET", rest() + "/envelopes/" + ENVELOPE + "/documents/combined", null);
        assertThat(refused.getException()).isNotNull();
        assertThat(count("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/combined", "404")).isEqualTo(1.0);
    }

    @Test
    void noAnswerIsAnIoError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Exchange failed = call("POST", "http://localhost:" + closed + "/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes", null);
        assertThat(failed.getException()).isNotNull();
        assertThat(count("POST /v2.1/accounts/{accountId}/envelopes", ApiCallCounter.IO_ERROR)).isEqualTo(1.0);
    }

    @Test
    void callsToOtherComponentsAreNotCounted() {
        template.sendBody("direct:not-http", "x");
        assertThat(registry.find(ApiCallCounter.METER).counters()).isEmpty();
    }
}
