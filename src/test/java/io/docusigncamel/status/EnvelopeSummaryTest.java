package io.docusigncamel.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvelopeSummary}: reads the envelope JSON of listStatusChanges (seven fractional digits) and of Connect's
 * envelopeSummary (trimmed fractions) into an observation, with text and list custom fields, the void reason and
 * the first signer's decline reason; accepts numbers where DocuSign usually sends strings; names no status → no
 * observation.
 */
class EnvelopeSummaryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static StatusObservation poll(String text) throws Exception {
        return EnvelopeSummary.observe(json(text), null, StatusObservation.Source.POLL);
    }

    @Test
    void readsAListStatusChangesEntryWithSevenFractionalDigits() throws Exception {
        StatusObservation observation = poll("{\"status\":\"sent\",\"envelopeId\":\"44040055-aaaa\","
                + "\"envelopeUri\":\"/envelopes/44040055-aaaa\",\"statusChangedDateTime\":\"2019-06-17T23:57:06.1030000Z\"}");

        assertThat(observation.envelopeId()).isEqualTo("44040055-aaaa");
        assertThat(observation.status()).isEqualTo("sent");
        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse("2019-06-17T23:57:06.103Z"));
        assertThat(observation.source()).isEqualTo(StatusObservation.Source.POLL);
        assertThat(observation.customFields()).isEmpty();
        assertThat(observation.voidedReason()).isNull();
        assertThat(observation.declinedReason()).isNull();
        assertThat(json(observation.summaryJson()).path("envelopeUri").asText()).isEqualTo("/envelopes/44040055-aaaa");
    }

    @Test
    void readsAConnectSummaryWithTrimmedFractionsAndTheEnvelopeIdGivenBesideIt() throws Exception {
        StatusObservation observation = EnvelopeSummary.observe(
                json("{\"status\":\"Completed\",\"statusChangedDateTime\":\"2022-09-22T15:22:52.92Z\"}"),
                "7a5f1e05", StatusObservation.Source.CONNECT);

        assertThat(observation.envelopeId()).isEqualTo("7a5f1e05");
        assertThat(observation.status()).isEqualTo("completed");
        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse("2022-09-22T15:22:52.920Z"));
        assertThat(observation.source()).isEqualTo(StatusObservation.Source.CONNECT);
    }

    @Test
    void theEnvelopeIdInTheJsonWinsOverTheOneBesideIt() throws Exception {
        StatusObservation observation = EnvelopeSummary.observe(json("{\"status\":\"sent\",\"envelopeId\":\"inner\"}"),
                "outer", StatusObservation.Source.CONNECT);

        assertThat(observation.envelopeId()).isEqualTo("inner");
    }

    @Test
    void readsTimestampsInEveryFormDocuSignUses() {
        assertThat(EnvelopeSummary.instant("2025-05-02T15:40:40.3970000Z")).isEqualTo(Instant.parse("2025-05-02T15:40:40.397Z"));
        assertThat(EnvelopeSummary.instant("2022-09-22T15:19:24.5Z")).isEqualTo(Instant.parse("2022-09-22T15:19:24.500Z"));
        assertThat(EnvelopeSummary.instant("2022-09-22T15:19:24Z")).isEqualTo(Instant.parse("2022-09-22T15:19:24Z"));
        assertThat(EnvelopeSummary.instant("2025-05-02T17:40:40.397+02:00")).isEqualTo(Instant.parse("2025-05-02T15:40:40.397Z"));
        assertThat(EnvelopeSummary.instant("2025-05-02T15:40:40.397")).as("no zone: UTC")
                .isEqualTo(Instant.parse("2025-05-02T15:40:40.397Z"));
        assertThat(EnvelopeSummary.instant("5/2/2025 3:40 PM")).isNull();
        assertThat(EnvelopeSummary.instant(null)).isNull();
    }

    @Test
    void anUnreadableTimestampLeavesTheTimeUnknown() throws Exception {
        StatusObservation observation = poll("{\"status\":\"sent\",\"envelopeId\":\"e\",\"statusChangedDateTime\":\"yesterday\"}");

        assertThat(observation.statusChangedAt()).isNull();
    }

    @Test
    void readsTextAndListCustomFieldsInDocuSignsOrder() throws Exception {
        StatusObservation observation = poll("{\"status\":\"delivered\",\"envelopeId\":\"e\",\"customFields\":{"
                + "\"textCustomFields\":[{\"fieldId\":\"1\",\"name\":\"rowKey\",\"show\":\"false\",\"value\":\" EMP-1 \"},"
                + "{\"name\":\"sourceFile\",\"value\":\"hr.csv\"},{\"name\":\"empty\"},{\"value\":\"nameless\"}],"
                + "\"listCustomFields\":[{\"name\":\"Region\",\"listItems\":[\"West\",\"East\"],\"value\":\"West\"},"
                + "{\"name\":\"rowKey\",\"value\":\"shadowed\"}]}}");

        assertThat(observation.customFields()).containsExactly(entry("rowKey", "EMP-1"), entry("sourceFile", "hr.csv"),
                entry("empty", ""), entry("Region", "West"));
        assertThat(observation.rowKey()).contains("EMP-1");
        assertThat(observation.sourceFile()).contains("hr.csv");
    }

    @Test
    void acceptsNumbersWhereDocuSignUsuallySendsStrings() throws Exception {
        StatusObservation observation = poll("{\"status\":\"sent\",\"envelopeId\":12345,\"customFields\":{"
                + "\"textCustomFields\":[{\"name\":\"amount\",\"value\":42},{\"name\":\"rate\",\"value\":1.5},"
                + "{\"name\":\"flag\",\"value\":true}]}}");

        assertThat(observation.envelopeId()).isEqualTo("12345");
        assertThat(observation.customFields()).containsExactly(entry("amount", "42"), entry("rate", "1.5"),
                entry("flag", "true"));
    }

    @Test
    void missingOrEmptyCustomFieldArraysGiveNoFields() throws Exception {
        assertThat(poll("{\"status\":\"sent\",\"envelopeId\":\"e\",\"customFields\":{}}").customFields()).isEmpty();
        assertThat(poll("{\"status\":\"sent\",\"envelopeId\":\"e\",\"customFields\":{\"textCustomFields\":[]}}")
                .customFields()).isEmpty();
        assertThat(poll("{\"status\":\"sent\",\"envelopeId\":\"e\",\"customFields\":null}").customFields()).isEmpty();
    }

    @Test
    void readsTheVoidedReason() throws Exception {
        StatusObservation observation = poll("{\"status\":\"voided\",\"envelopeId\":\"e\","
                + "\"voidedReason\":\"Envelope has expired.\",\"voidedDateTime\":\"2025-01-01T00:00:00.0000000Z\"}");

        assertThat(observation.status()).isEqualTo("voided");
        assertThat(observation.voidedReason()).isEqualTo("Envelope has expired.");
        assertThat(observation.declinedReason()).isNull();
    }

    @Test
    void readsTheDeclinedReasonOfTheFirstSignerWhoGaveOne() throws Exception {
        StatusObservation observation = poll("{\"status\":\"declined\",\"envelopeId\":\"e\",\"recipients\":{"
                + "\"signers\":[{\"name\":\"A\",\"status\":\"completed\"},"
                + "{\"name\":\"B\",\"status\":\"declined\",\"declinedReason\":\"Wrong salary\"},"
                + "{\"name\":\"C\",\"declinedReason\":\"later one\"}],\"agents\":[],\"carbonCopies\":[]}}");

        assertThat(observation.declinedReason()).isEqualTo("Wrong salary");
        assertThat(observation.voidedReason()).isNull();
    }

    @Test
    void noRecipientsMeansNoDeclinedReason() throws Exception {
        assertThat(poll("{\"status\":\"declined\",\"envelopeId\":\"e\"}").declinedReason()).isNull();
        assertThat(poll("{\"status\":\"declined\",\"envelopeId\":\"e\",\"recipients\":{\"signers\":[]}}").declinedReason())
                .isNull();
    }

    @Test
    void noStatusOrNoEnvelopeIdMeansNothingToTrack() throws Exception {
        assertThat(poll("{\"envelopeId\":\"e\"}")).isNull();
        assertThat(poll("{\"envelopeId\":\"e\",\"status\":\"\"}")).isNull();
        assertThat(poll("{\"envelopeId\":\"e\",\"status\":null}")).isNull();
        assertThat(poll("{\"envelopeId\":\"e\",\"status\":{\"value\":\"sent\"}}")).isNull();
        assertThat(poll("{\"status\":\"sent\"}")).isNull();
    }
}
