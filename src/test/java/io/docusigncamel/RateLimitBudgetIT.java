package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared API budget against an emulator with a small account limit (300 calls per 10-second "hour", bursts of
 * 100 per 2 s): 1,000 rows are all sent without a single refusal for the limit, and every complete "hour" of the run
 * uses at least 80 % of its calls: the service slows down before the limit, not after it.
 */
class RateLimitBudgetIT {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final int HOURLY = 300;
    private static final Duration HOUR = Duration.ofSeconds(10);

    private ServiceUnderTest service;

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void sendsAThousandRowsWithinTheLimitsWithoutARefusalAndUsesMostOfTheBudget() {
        service = new ServiceUnderTest("rate-budget").property("docusign.burst-window", "2s")
                .property("docusign.rate-limit-reserve", "0.1").property("inbox.concurrency", "16").start();
        DocuSignEmulator emulator = service.emulator().emulator();
        emulator.applySettings(emulator.settings().withHourlyLimit(HOURLY, HOUR).withBurstLimit(100, Duration.ofSeconds(2)));
        InboxFolder inbox = new InboxFolder(service);
        StringBuilder csv = new StringBuilder("ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n");
        for (int i = 1; i <= 1000; i++) {
            csv.append("R-").append(i).append(",Signer ").append(i).append(",s").append(i).append("@example.com,HR,hr@example.com\n");
        }

        inbox.drop("budget.csv", csv.toString());
        List<ResultRow> results = inbox.awaitResults("budget.csv", WAIT);

        assertThat(results).hasSize(1000).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
        List<RecordedRequest> restCalls = emulator.requests().stream().filter(r -> r.accountId() != null).toList();
        assertThat(restCalls).as("calls refused for the account's limit")
                .noneMatch(r -> r.outcome().equals("429") || r.outcome().equals("400"));
        List<RecordedRequest> creates = restCalls.stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/envelopes")).toList();
        assertThat(creates).hasSize(1000);

        // calls per "hour" window (aligned to the clock, as the emulator counts them), complete windows only
        long first = windowOf(creates.get(0));
        long last = windowOf(creates.get(creates.size() - 1));
        Map<Long, Long> perWindow = new TreeMap<>();
        for (RecordedRequest call : restCalls) {
            long window = windowOf(call);
            if (window > first && window < last) {
                perWindow.merge(window, 1L, Long::sum);
            }
        }
        assertThat(perWindow).as("complete windows of the run").hasSizeGreaterThanOrEqualTo(2);
        assertThat(perWindow.values()).as("calls per window of " + HOURLY)
                .allSatisfy(calls -> assertThat(calls).isBetween((long) (HOURLY * 0.8), (long) HOURLY));
    }

    private static long windowOf(RecordedRequest request) {
        return request.timestamp().toEpochMilli() / HOUR.toMillis();
    }
}
