package io.docusigncamel.emulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {

    @Test
    void normalizesGuidsAndNumbersToId() {
        assertThat(RequestLog.normalize("/restapi/v2.1/accounts/1b2c3d4e-0000-4000-8000-123456789abc/envelopes/"
                + "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE/documents/2"))
                .isEqualTo("/restapi/v2.1/accounts/{id}/envelopes/{id}/documents/{id}");
        assertThat(RequestLog.normalize("/restapi/v2.1/accounts/x/envelopes/status"))
                .isEqualTo("/restapi/v2.1/accounts/x/envelopes/status");
    }

    @Test
    void countsByEndpointAndOutcomeAndForgetsOnClear() {
        RequestLog log = new RequestLog();
        log.record(Instant.EPOCH, "GET", "/oauth/userinfo", null, "200", null, 3);
        log.record(Instant.EPOCH, "GET", "/oauth/userinfo", "", "hang", null, 3);
        log.tokenRequest("issued");

        EmulatorCounters counters = log.counters();
        assertThat(counters.calls("GET /oauth/userinfo")).isEqualTo(2);
        assertThat(counters.byOutcome()).containsEntry("200", 1L).containsEntry("hang", 1L);
        assertThat(counters.tokenRequests()).containsEntry("issued", 1L);
        assertThat(log.requests()).extracting(RecordedRequest::sequence).containsExactly(1L, 2L);

        log.clear();
        assertThat(log.requests()).isEmpty();
        assertThat(log.counters().byEndpoint()).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestEntries() {
        RequestLog log = new RequestLog();
        for (int i = 0; i < RequestLog.CAPACITY + 5; i++) {
            log.record(Instant.EPOCH, "GET", "/x", null, "200", null, 0);
        }

        assertThat(log.requests()).hasSize(RequestLog.CAPACITY);
        assertThat(log.requests().get(0).sequence()).isEqualTo(6);
        assertThat(log.counters().calls("GET /x")).isEqualTo(RequestLog.CAPACITY + 5);
    }
}
