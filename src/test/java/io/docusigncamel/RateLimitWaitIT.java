package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.emulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * DocuSign refuses creates for its burst limit (spent by another client of the account): the rows wait and are sent
 * with the next allowance; a refusal by the limit is never a failure and never uses up an attempt.
 */
class RateLimitWaitIT {

    @Test
    void rowsRefusedByTheBurstLimitWaitAndAreSent() throws Exception {
        try (StandaloneEmulator docusign = new StandaloneEmulator("ratelimit")) {
            docusign.emulator().grantConsent();
            // the API budget keeps this service inside the limits it is told of; another client of the same account
            // can still spend the burst: DocuSign then refuses some creates with its burst error
            docusign.emulator().applySettings(docusign.emulator().settings().withBurstLimit(20, Duration.ofSeconds(2)));
            docusign.emulator().addFault(Fault.status("POST", "/restapi/v2\\.1/accounts/[^/]+/envelopes", 429,
                    "{\"errorCode\":\"BURST_APIINVOCATION_LIMIT_EXCEEDED\",\"message\":\"The maximum number of API "
                            + "calls in a burst has been exceeded.\"}").times(8).probability(0.4));
            try (ServiceUnderTest service = docusign.configure(new ServiceUnderTest("ratelimit"))
                    .property("docusign.burst-window", "2s")
                    .property("inbox.concurrency", "8")
                    .property("inbox.max-attempts", "2")
                    .property("inbox.retry-initial-backoff", "100ms")
                    .property("inbox.retry-max-backoff", "500ms")
                    .start()) {
                InboxFolder inbox = new InboxFolder(service);
                inbox.drop("burst.csv", "ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n" + IntStream.rangeClosed(1, 30)
                        .mapToObj(i -> "L-" + i + ",Person " + i + ",p" + i + "@example.com,HR,hr@example.com")
                        .collect(Collectors.joining("\n", "", "\n")));

                List<ResultRow> results = inbox.awaitResults("burst.csv", Duration.ofSeconds(120));

                assertThat(results).hasSize(30).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
                assertThat(docusign.emulator().counters().byOutcome()).as("the limit was really hit")
                        .containsKey("429");
                assertThat(docusign.world().envelopeCount()).isEqualTo(30);
            }
        }
    }
}
