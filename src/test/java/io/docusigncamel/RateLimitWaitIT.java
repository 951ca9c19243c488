package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.InboxFolder.ResultRow;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** DocuSign's burst limit refuses calls: the rows wait and are sent; a refusal by the limit is never a failure. */
class RateLimitWaitIT {

    @Test
    void rowsRefusedByTheBurstLimitWaitAndAreSent() throws Exception {
        try (StandaloneEmulator docusign = new StandaloneEmulator("ratelimit")) {
            docusign.emulator().grantConsent();
            docusign.emulator().applySettings(docusign.emulator().settings().withBurstLimit(5, Duration.ofSeconds(2)));
            try (ServiceUnderTest service = docusign.configure(new ServiceUnderTest("ratelimit"))
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
