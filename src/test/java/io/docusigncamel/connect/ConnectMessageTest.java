package io.docusigncamel.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.docusigncamel.connect.ConnectMessage.MalformedMessageException;
import io.docusigncamel.status.StatusObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectMessage}: the three verbatim JSON SIM fixtures parse into event, envelope id and retry count; an
 * envelope event becomes a status observation (from the envelope summary when Connect includes data, else from the
 * event name and {@code generatedDateTime}), a recipient event none; a body that is not a JSON SIM message is refused
 * with a message that says what is wrong.
 */
class ConnectMessageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SUMMARY_ENVELOPE = "7a5f1e05-6b6b-445e-9ec0-b8531bacca38";
    private static final String PLAIN_ENVELOPE = "71799c95-8417-4b16-90d5-86ff24a91d09";

    private static ConnectMessage parse(String fixture) throws MalformedMessageException {
        return ConnectMessage.parse(ConnectFixtures.bytes(fixture));
    }

    private static ConnectMessage parseText(String json) throws MalformedMessageException {
        return ConnectMessage.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheCompletedMessageWithAnEnvelopeSummary() throws Exception {
        ConnectMessage message = parse(ConnectFixtures.COMPLETED_WITH_SUMMARY);

        assertThat(message.event()).isEqualTo("envelope-completed");
        assertThat(message.envelopeId()).isEqualTo(SUMMARY_ENVELOPE);
        assertThat(message.accountId()).isEqualTo("ebeffd2b-d050-4e1a-beae-787ac2aab843");
        assertThat(message.retryCount()).isZero();
        assertThat(message.generatedAt()).isEqualTo(Instant.parse("2022-09-22T15:22:53.4580747Z"));
        assertThat(message.envelopeSummary()).get().satisfies(summary ->
                assertThat(summary.path("status").asText()).isEqualTo("completed"));
    }

    @Test
    void parsesTheCompletedMessageWithoutData() throws Exception {
        ConnectMessage message = parse(ConnectFixtures.COMPLETED_WITHOUT_DATA);

        assertThat(message.event()).isEqualTo("envelope-completed");
        assertThat(message.envelopeId()).isEqualTo(PLAIN_ENVELOPE);
        assertThat(message.accountId()).isEqualTo("8b411bfe-54f5-47fc-bbf2-55d9a71a200f");
        assertThat(message.retryCount()).isZero();
        assertThat(message.envelopeSummary()).isEmpty();
    }

    @Test
    void parsesTheRecipientCompletedMessage() throws Exception {
        ConnectMessage message = parse(ConnectFixtures.RECIPIENT_COMPLETED);

        assertThat(message.event()).isEqualTo("recipient-completed");
        assertThat(message.envelopeId()).isEqualTo(PLAIN_ENVELOPE);
        assertThat(message.generatedAt()).isEqualTo(Instant.parse("2022-12-09T18:29:29.736Z"));
    }

    @Test
    void readsTheRetryCountAsTheNumberConnectSends() throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(ConnectFixtures.bytes(ConnectFixtures.COMPLETED_WITHOUT_DATA));
        json.put("retryCount", 3);

        assertThat(parseText(json.toString()).retryCount()).isEqualTo(3);
    }

    @Test
    void anEnvelopeSummaryGivesTheObservationItsStatusAndTrimmedTimestamp() throws Exception {
        StatusObservation observation = parse(ConnectFixtures.COMPLETED_WITH_SUMMARY).observation().orElseThrow();

        assertThat(observation.envelopeId()).isEqualTo(SUMMARY_ENVELOPE);
        assertThat(observation.status()).isEqualTo("completed");
        // Connect trims the fraction: "2022-09-22T15:22:52.92Z"
        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse("2022-09-22T15:22:52.920Z"));
        assertThat(observation.source()).isEqualTo(StatusObservation.Source.CONNECT);
        assertThat(observation.customFields()).isEmpty();
        assertThat(observation.summaryJson()).contains("\"completedDateTime\":\"2022-09-22T15:22:52.92Z\"");
    }

    @Test
    void anEnvelopeSummaryWithCustomFieldsPassesThemOn() throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(ConnectFixtures.bytes(ConnectFixtures.COMPLETED_WITH_SUMMARY));
        ObjectNode summary = (ObjectNode) json.path("data").path("envelopeSummary");
        summary.set("customFields", MAPPER.readTree("{\"textCustomFields\":["
                + "{\"fieldId\":\"1\",\"name\":\"rowKey\",\"show\":\"false\",\"required\":\"false\",\"value\":\"EMP-7\"},"
                + "{\"fieldId\":\"2\",\"name\":\"sourceFile\",\"show\":\"false\",\"value\":\"hr.csv\"}],"
                + "\"listCustomFields\":[{\"fieldId\":\"3\",\"name\":\"Region\",\"listItems\":[\"West\",\"East\"],\"value\":\"West\"}]}"));

        StatusObservation observation = parseText(json.toString()).observation().orElseThrow();

        assertThat(observation.customFields()).containsExactly(
                org.assertj.core.api.Assertions.entry("rowKey", "EMP-7"),
                org.assertj.core.api.Assertions.entry("sourceFile", "hr.csv"),
                org.assertj.core.api.Assertions.entry("Region", "West"));
        assertThat(observation.rowKey()).contains("EMP-7");
        assertThat(observation.sourceFile()).contains("hr.csv");
    }

    @Test
    void withoutASummaryTheStatusComesFromTheEventAndTheTimeFromGeneratedDateTime() throws Exception {
        StatusObservation observation = parse(ConnectFixtures.COMPLETED_WITHOUT_DATA).observation().orElseThrow();

        assertThat(observation.envelopeId()).isEqualTo(PLAIN_ENVELOPE);
        assertThat(observation.status()).isEqualTo("completed");
        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse("2022-12-09T18:32:13.299Z"));
        assertThat(observation.source()).isEqualTo(StatusObservation.Source.CONNECT);
        assertThat(observation.customFields()).isEmpty();
        assertThat(observation.summaryJson()).isNull();
    }

    @Test
    void eachEnvelopeStatusEventMapsToItsStatus() throws Exception {
        String[][] cases = {{"envelope-sent", "sent"}, {"envelope-delivered", "delivered"},
                {"envelope-completed", "completed"}, {"envelope-declined", "declined"}, {"envelope-voided", "voided"},
                {"Envelope-Sent", "sent"}};
        for (String[] eventAndStatus : cases) {
            String json = "{\"event\":\"" + eventAndStatus[0] + "\",\"generatedDateTime\":\"2024-01-02T03:04:05.0000000Z\","
                    + "\"data\":{\"envelopeId\":\"env-1\"}}";
            assertThat(parseText(json).observation()).as(eventAndStatus[0]).get()
                    .extracting(StatusObservation::status).isEqualTo(eventAndStatus[1]);
        }
    }

    @Test
    void aSummaryWithoutStatusFallsBackToTheEventName() throws Exception {
        String json = "{\"event\":\"envelope-delivered\",\"generatedDateTime\":\"2024-01-02T03:04:05.1234567Z\","
                + "\"data\":{\"envelopeId\":\"env-1\",\"envelopeSummary\":{\"emailSubject\":\"x\"}}}";

        StatusObservation observation = parseText(json).observation().orElseThrow();

        assertThat(observation.status()).isEqualTo("delivered");
        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05.1234567Z"));
    }

    @Test
    void aRecipientEventIsNoEnvelopeStatusChange() throws Exception {
        assertThat(parse(ConnectFixtures.RECIPIENT_COMPLETED).observation()).isEmpty();
    }

    @Test
    void resendsCorrectionsAndPurgesAreNoStatusChange() throws Exception {
        for (String event : new String[] {"envelope-resent", "envelope-corrected", "envelope-purge", "template-created"}) {
            String json = "{\"event\":\"" + event + "\",\"data\":{\"envelopeId\":\"env-1\"}}";
            assertThat(parseText(json).observation()).as(event).isEmpty();
        }
    }

    @Test
    void refusesABodyThatIsNotJson() {
        assertThatThrownBy(() -> parseText("{\"event\":\"envelope-sent\",\"data\":"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("the body is not JSON");
        assertThatThrownBy(() -> parseText("event=envelope-sent"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("the body is not JSON")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesAJsonArray() {
        assertThatThrownBy(() -> parseText("[{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":\"env-1\"}}]"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("the body is not a JSON object");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> ConnectMessage.parse(new byte[0]))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void refusesAMessageWithoutDataEnvelopeId() {
        for (String json : new String[] {
                "{\"event\":\"envelope-sent\",\"data\":{\"accountId\":\"a\"}}",
                "{\"event\":\"envelope-sent\"}",
                "{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":\"  \"}}",
                "{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":{\"id\":\"x\"}}}",
                "{\"event\":\"envelope-sent\",\"envelopeId\":\"env-1\"}"}) {
            assertThatThrownBy(() -> parseText(json)).as(json)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("\"data.envelopeId\"")
                    .hasMessageContaining("JSON SIM");
        }
    }

    @Test
    void refusesAMessageWithoutEvent() {
        assertThatThrownBy(() -> parseText("{\"data\":{\"envelopeId\":\"env-1\"}}"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("\"event\"");
    }

    @Test
    void refusesASecondJsonValueAfterTheMessage() {
        String message = "{\"event\":\"envelope-sent\",\"data\":{\"envelopeId\":\"env-1\"}}";
        assertThatThrownBy(() -> parseText(message + message)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> parseText(message + "garbage")).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aSummaryWithoutStatusChangedDateTimeTakesTheMessageTime() throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(ConnectFixtures.bytes(ConnectFixtures.COMPLETED_WITH_SUMMARY));
        ((ObjectNode) json.path("data").path("envelopeSummary")).remove("statusChangedDateTime");

        StatusObservation observation = ConnectMessage.parse(MAPPER.writeValueAsBytes(json)).observation().orElseThrow();

        assertThat(observation.statusChangedAt()).isEqualTo(Instant.parse(json.path("generatedDateTime").asText()));
    }
}
