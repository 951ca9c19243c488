package io.docusigncamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.docusigncamel.auth.JwtAuthProcessor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The observer on its own, with no other event notifier installed (the metrics' call counter used to be what made
 * Camel emit the events it listens to), on a real Camel http producer against a small HTTP server.
 */
class RateLimitObserverTest {

    private final RateBudget budget = new RateBudget(0.2, Duration.ofSeconds(30), Clock.systemUTC());
    private HttpServer server;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        long reset = Instant.now().plusSeconds(1800).getEpochSecond();
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/restapi/", http -> {
            http.getResponseHeaders().add("X-RateLimit-Limit", "1000");
            http.getResponseHeaders().add("X-RateLimit-Remaining", "742");
            http.getResponseHeaders().add("X-RateLimit-Reset", Long.toString(reset));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            http.sendResponseHeaders(200, body.length);
            http.getResponseBody().write(body);
            http.close();
        });
        server.start();
        camel = new DefaultCamelContext();
        HttpCallNotifier.install(camel, new RateLimitObserver(budget));
        // a lambda, not a RouteBuilder class: camel-main's scan of io.docusigncamel would pick that up in the ITs
        RouteBuilder.addRoutes(camel, routes -> routes.from("direct:call").toD("${header.url}"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        server.stop(0);
    }

    @Test
    void aDocuSignCallsRateLimitHeadersReachTheBudget() {
        call(true);

        assertThat(budget.hourlyRemaining()).hasValue(742);
    }

    @Test
    void callsThatJwtAuthDidNotPrepareAreNotDocuSignsAndAreIgnored() {
        call(false);

        assertThat(budget.hourlyRemaining()).isEmpty();
    }

    private void call(boolean preparedForDocuSign) {
        template.send("direct:call", exchange -> {
            exchange.getMessage().setHeader("url", "http://localhost:" + server.getAddress().getPort()
                    + "/restapi/v2.1/accounts/acc/envelopes");
            if (preparedForDocuSign) {
                exchange.getMessage().setHeader(JwtAuthProcessor.ACCOUNT_ID, "acc");
            }
        });
    }
}
