package io.docusigncamel.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.ledger.Ledger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunReconcilerTest {

    private static final Instant RUN_STARTED = Instant.parse("2026-03-02T10:15:30.250Z");

    private final List<String> queries = new ArrayList<>();
    private final List<String> pages = new ArrayList<>();
    private CamelContext camel;
    private ProducerTemplate template;
    private Ledger ledger;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.open("jdbc:h2:mem:reconcile-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null, null);
        camel = new DefaultCamelContext();
        // a lambda, not a RouteBuilder class: camel-main's scan of io.docusigncamel would pick that up in the ITs
        RouteBuilder.addRoutes(camel, routes -> routes.from(RunReconciler.ROUTE).process(exchange -> {
            queries.add(exchange.getMessage().getHeader(RunReconciler.QUERY_HEADER, String.class));
            if (pages.isEmpty()) {
                throw new IllegalStateException("503 from DocuSign");
            }
            exchange.getMessage().setBody(pages.remove(0));
        }));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        ledger.close();
    }

    @Test
    void keepsRowKeysTheLedgerDoesNotKnowAcrossAllPages() {
        long run = ledger.beginRun("hires.csv", "a".repeat(64), RUN_STARTED).id();
        ledger.claim("KNOWN-PENDING", run, "hires.csv", 1, RUN_STARTED);
        ledger.claim("KNOWN-SENT", run, "hires.csv", 2, RUN_STARTED);
        ledger.markSent("KNOWN-SENT", "env-known", RUN_STARTED);
        pages.add(page(6, envelope("env-1", "LOST-1"), envelope("env-known", "KNOWN-SENT"),
                envelope("env-other", null)));
        pages.add(page(6, envelope("env-2", "LOST-2"), envelope("env-p", "KNOWN-PENDING"), envelope("env-3", "LOST-1")));

        Map<String, String> lacking = new RunReconciler(template, ledger).envelopesTheLedgerLacks(RUN_STARTED);

        assertThat(lacking).containsExactlyInAnyOrderEntriesOf(Map.of("LOST-1", "env-1", "LOST-2", "env-2"));
        assertThat(queries).containsExactly(
                "from_date=2026-03-01T10%3A15%3A30Z&include=custom_fields&status=any&count=1000&start_position=0",
                "from_date=2026-03-01T10%3A15%3A30Z&include=custom_fields&status=any&count=1000&start_position=3");
    }

    @Test
    void anEmptyAnswerEndsTheListing() {
        pages.add("{\"resultSetSize\":\"0\",\"totalSetSize\":\"0\"}");

        assertThat(new RunReconciler(template, ledger).envelopesTheLedgerLacks(RUN_STARTED)).isEmpty();
        assertThat(queries).hasSize(1);
    }

    @Test
    void aFailedListingReachesTheCallerSoThatNoRowIsSentUnchecked() {
        assertThatThrownBy(() -> new RunReconciler(template, ledger).envelopesTheLedgerLacks(RUN_STARTED))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("503 from DocuSign");
    }

    private static String page(int total, String... envelopes) {
        return "{\"totalSetSize\":\"" + total + "\",\"resultSetSize\":\"" + envelopes.length + "\",\"envelopes\":["
                + String.join(",", envelopes) + "]}";
    }

    private static String envelope(String id, String rowKeyOrNull) {
        String fields = rowKeyOrNull == null ? "[]"
                : "[{\"name\":\"rowKey\",\"value\":\"" + rowKeyOrNull + "\"},{\"name\":\"sourceFile\",\"value\":\"x\"}]";
        return "{\"envelopeId\":\"" + id + "\",\"status\":\"sent\",\"customFields\":{\"textCustomFields\":" + fields + "}}";
    }
}
