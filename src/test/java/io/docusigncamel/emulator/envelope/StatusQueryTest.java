package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.MAPPER;
import static io.docusigncamel.emulator.envelope.EmulatorClient.fieldNames;
import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertNoNonStringScalars;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusQueryTest {

    private final MutableClock clock = MutableClock.at("2024-05-02T08:00:00Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    private JsonNode list(String query) {
        return json(client.get("/envelopes", query));
    }

    private static List<String> ids(JsonNode information) {
        List<String> ids = new ArrayList<>();
        information.path("envelopes").forEach(envelope -> ids.add(envelope.get("envelopeId").asText()));
        return ids;
    }

    @Test
    void requiresFromDateEnvelopeIdsOrTransactionIdsWithDocuSignsMessage() {
        JsonNode error = assertError(client.get("/envelopes", "status=sent"), 400, "INVALID_REQUEST_PARAMETER");

        assertThat(error.get("message").asText()).isEqualTo("The request contained at least one invalid parameter. "
                + "Query parameter 'from_date' must be set to a valid DateTime, or 'envelope_ids' or 'transaction_ids' must be specified.");
    }

    @Test
    void answersEnvelopesInformationWithStringsAndTheListEntryFields() {
        String id = client.create(sentDefinition());

        JsonNode information = list("from_date=2024-05-01");

        assertThat(fieldNames(information)).containsExactly("resultSetSize", "totalSetSize", "startPosition", "endPosition",
                "nextUri", "previousUri", "envelopes");
        assertThat(information.get("resultSetSize").asText()).isEqualTo("1");
        assertThat(information.get("totalSetSize").asText()).isEqualTo("1");
        assertThat(information.get("startPosition").asText()).isEqualTo("0");
        assertThat(information.get("endPosition").asText()).isEqualTo("0");
        assertThat(information.get("nextUri").asText()).isEmpty();
        assertThat(information.get("previousUri").asText()).isEmpty();
        JsonNode entry = information.get("envelopes").get(0);
        assertThat(fieldNames(entry)).startsWith("status", "envelopeId", "envelopeUri");
        assertThat(entry.get("envelopeUri").asText()).isEqualTo("/envelopes/" + id);
        assertThat(entry.get("statusChangedDateTime").asText()).isEqualTo("2024-05-02T08:00:00.0000000Z");
        assertThat(entry.get("lastModifiedDateTime").asText()).isEqualTo("2024-05-02T08:00:00.0000000Z");
        assertThat(entry.has("customFields")).isFalse();
        assertNoNonStringScalars(information);
    }

    @Test
    void anEmptyResultLeavesOutEnvelopesByDefaultAndCanShowAnEmptyArray() {
        JsonNode empty = list("from_date=2024-05-01");
        assertThat(empty.get("resultSetSize").asText()).isEqualTo("0");
        assertThat(empty.has("envelopes")).isFalse();

        EnvelopeWorld withArray = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withOmitEmptyEnvelopesArray(false)
                .withTickInterval(Duration.ZERO));
        JsonNode array = json(new EmulatorClient(withArray).get("/envelopes", "from_date=2024-05-01"));
        assertThat(array.get("envelopes").isArray()).isTrue();
        assertThat(array.get("envelopes")).isEmpty();
    }

    @Test
    void readsFromDateInIsoWithOffsetZuluDateOnlyLocalAndUsForms() {
        clock.set(java.time.Instant.parse("2024-05-02T10:00:00Z"));
        String id = client.create(sentDefinition());

        for (String included : List.of("2024-05-02T09:59Z", "2024-05-02T11:59:00%2B02:00", "2024-05-02T11:59:00+02:00",
                "2024-05-02T11:59:00 02:00", "2024-05-02", "2024-05-02T09:59:59.9999999", "05/02/2024", "5/2/2024 09:00")) {
            assertThat(ids(list("from_date=" + decode(included)))).as(included).containsExactly(id);
        }
        for (String excluded : List.of("2024-05-02T10:00:01Z", "2024-05-02T12:00:01+02:00", "2024-05-03", "05/03/2024")) {
            assertThat(ids(list("from_date=" + decode(excluded)))).as(excluded).isEmpty();
        }
        assertError(client.get("/envelopes", "from_date=yesterday"), 400, "INVALID_REQUEST_PARAMETER");
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void toDateClosesTheWindow() {
        String early = client.create(sentDefinition());
        clock.advance(Duration.ofHours(2));
        client.create(sentDefinition());

        assertThat(ids(list("from_date=2024-05-02&to_date=2024-05-02T09:00Z"))).containsExactly(early);
    }

    @Test
    void fromToStatusChoosesWhichEventTheWindowAppliesTo() {
        String sentEarly = client.create(sentDefinition());
        String other = client.create(sentDefinition());
        clock.advance(Duration.ofDays(1));
        client.control("POST", "/envelopes/" + sentEarly + "/complete", null);

        assertThat(ids(list("from_date=2024-05-03"))).containsExactly(sentEarly);
        assertThat(ids(list("from_date=2024-05-03&from_to_status=changed"))).containsExactly(sentEarly);
        assertThat(ids(list("from_date=2024-05-03&from_to_status=completed"))).containsExactly(sentEarly);
        assertThat(ids(list("from_date=2024-05-03&from_to_status=sent"))).isEmpty();
        // Ordered by last change (the default): the completed one moved last.
        assertThat(ids(list("from_date=2024-05-02&from_to_status=Sent"))).containsExactly(other, sentEarly);
        assertThat(ids(list("from_date=2024-05-02&from_to_status=created"))).containsExactly(other, sentEarly);
        assertThat(ids(list("from_date=2024-05-02&from_to_status=delivered"))).containsExactly(sentEarly);
        assertThat(ids(list("from_date=2024-05-02&from_to_status=declined"))).isEmpty();
        assertError(client.get("/envelopes", "from_date=2024-05-02&from_to_status=whenever"), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void declinedAndVoidedWindowsUseTheirOwnTimes() {
        String declined = client.create(sentDefinition());
        String voided = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + declined + "/decline", "{\"reason\":\"no\"}");
        client.control("POST", "/envelopes/" + voided + "/void", "{\"reason\":\"oops\"}");

        assertThat(ids(list("from_date=2024-05-02&from_to_status=declined"))).containsExactly(declined);
        assertThat(ids(list("from_date=2024-05-02&from_to_status=voided"))).containsExactly(voided);
    }

    @Test
    void statusFiltersByCurrentStatusAndAnyMeansAll() {
        String sent = client.create(sentDefinition());
        String draft = client.create(sentDefinition().put("status", "created"));
        String completed = client.create(sentDefinition());
        client.control("POST", "/envelopes/" + completed + "/complete", null);

        assertThat(ids(list("from_date=2024-05-01&status=sent"))).containsExactly(sent);
        assertThat(ids(list("from_date=2024-05-01&status=created,Completed"))).containsExactly(draft, completed);
        assertThat(ids(list("from_date=2024-05-01&status=any"))).containsExactly(sent, draft, completed);
    }

    @Test
    void envelopeIdsAndTransactionIdsSelectWithoutADate() {
        String first = client.create(sentDefinition().put("transactionId", "tx-1"));
        String second = client.create(sentDefinition().put("transactionId", "tx-2"));
        client.create(sentDefinition());

        assertThat(ids(list("envelope_ids=" + second + "," + first))).containsExactly(first, second);
        assertThat(ids(list("transaction_ids=tx-2"))).containsExactly(second);
        assertThat(ids(list("from_date=2024-05-01&transaction_ids=tx-1,tx-2"))).containsExactly(first, second);
    }

    @Test
    void customFieldFiltersByNameAndValue() {
        ObjectNode west = sentDefinition();
        ((ObjectNode) west.get("customFields").get("textCustomFields").get(0)).put("name", "Region").put("value", "West");
        String westId = client.create(west);
        client.create(sentDefinition());

        assertThat(ids(list("from_date=2024-05-01&custom_field=Region=West"))).containsExactly(westId);
        assertThat(ids(list("from_date=2024-05-01&custom_field=region=West"))).containsExactly(westId);
        assertThat(ids(list("from_date=2024-05-01&custom_field=Region=East"))).isEmpty();
    }

    @Test
    void includeCustomFieldsAndRecipientsAddsThemToEachEntry() {
        client.create(sentDefinition());

        JsonNode entry = list("from_date=2024-05-01&include=custom_fields,recipients").get("envelopes").get(0);

        assertThat(entry.get("customFields").get("textCustomFields").get(0).get("value").asText()).isEqualTo("ABC-123");
        assertThat(entry.get("recipients").get("signers").get(0).get("email").asText()).isEqualTo("signer@example.com");
    }

    @Test
    void ordersByTheChosenFieldWithCreationOrderBreakingTies() {
        String a = client.create(sentDefinition().put("emailSubject", "b subject"));
        String b = client.create(sentDefinition().put("emailSubject", "a subject"));
        clock.advance(Duration.ofMinutes(1));
        String c = client.create(sentDefinition().put("emailSubject", "c subject"));
        clock.advance(Duration.ofMinutes(1));
        client.control("POST", "/envelopes/" + a + "/advance", null);

        assertThat(ids(list("from_date=2024-05-01"))).containsExactly(b, c, a);
        assertThat(ids(list("from_date=2024-05-01&order=desc"))).containsExactly(a, c, b);
        assertThat(ids(list("from_date=2024-05-01&order_by=created"))).containsExactly(a, b, c);
        assertThat(ids(list("from_date=2024-05-01&order_by=created&order=desc"))).containsExactly(c, b, a);
        assertThat(ids(list("from_date=2024-05-01&order_by=status_changed"))).containsExactly(b, c, a);
        assertThat(ids(list("from_date=2024-05-01&order_by=subject"))).containsExactly(b, a, c);
        assertThat(ids(list("from_date=2024-05-01&order_by=sent"))).containsExactly(a, b, c);
        assertThat(ids(list("from_date=2024-05-01&order_by=completed"))).containsExactly(a, b, c);
        assertError(client.get("/envelopes", "from_date=2024-05-01&order_by=colour"), 400, "INVALID_REQUEST_PARAMETER");
        assertError(client.get("/envelopes", "from_date=2024-05-01&order=up"), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void pagesTwoThousandFiveHundredEnvelopesInThreePagesWithoutGapsOrRepeats() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            created.add(client.create(sentDefinition()));
            if (i % 7 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        clock.advance(Duration.ofMinutes(1));

        List<String> seen = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        String query = "from_date=2024-05-01T00:00Z&count=1000";
        while (true) {
            JsonNode page = list(query);
            pages.add(page);
            seen.addAll(ids(page));
            String next = page.get("nextUri").asText();
            if (next.isEmpty()) {
                break;
            }
            assertThat(next).startsWith("/envelopes?");
            query = next.substring("/envelopes?".length());
        }

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).get("resultSetSize").asText()).isEqualTo("1000");
        assertThat(pages.get(0).get("totalSetSize").asText()).isEqualTo("2500");
        assertThat(pages.get(0).get("endPosition").asText()).isEqualTo("999");
        assertThat(pages.get(0).get("nextUri").asText())
                .isEqualTo("/envelopes?from_date=2024-05-01T00%3A00Z&start_position=1000&count=1000");
        assertThat(pages.get(1).get("startPosition").asText()).isEqualTo("1000");
        assertThat(pages.get(1).get("previousUri").asText()).endsWith("start_position=0&count=1000");
        assertThat(pages.get(2).get("resultSetSize").asText()).isEqualTo("500");
        assertThat(pages.get(2).get("startPosition").asText()).isEqualTo("2000");
        assertThat(pages.get(2).get("endPosition").asText()).isEqualTo("2499");
        assertThat(pages.get(2).get("nextUri").asText()).isEmpty();
        assertThat(seen).hasSize(2500).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(created));
    }

    @Test
    void countAbove1000IsServedAs1000AndBadNumbersAreRefused() {
        for (int i = 0; i < 3; i++) {
            client.create(sentDefinition());
        }

        JsonNode page = list("from_date=2024-05-01&count=5000");
        assertThat(page.get("resultSetSize").asText()).isEqualTo("3");
        assertThat(list("from_date=2024-05-01&count=2&start_position=2").get("resultSetSize").asText()).isEqualTo("1");
        assertError(client.get("/envelopes", "from_date=2024-05-01&count=0"), 400, "INVALID_REQUEST_PARAMETER");
        assertError(client.get("/envelopes", "from_date=2024-05-01&start_position=-1"), 400, "INVALID_REQUEST_PARAMETER");
        assertError(client.get("/envelopes", "from_date=2024-05-01&count=ten"), 400, "INVALID_REQUEST_PARAMETER");
    }

    @Test
    void onlyTheCallersAccountIsListed() {
        client.create(sentDefinition());

        JsonNode other = json(world.handleRest("GET", "other", "/envelopes", EmulatorClient.query("from_date=2024-05-01"), new byte[0]));
        assertThat(other.get("totalSetSize").asText()).isEqualTo("0");
    }

    @Test
    void bulkStatusTakesEnvelopeIdsFromTheBody() {
        String first = client.create(sentDefinition());
        String second = client.create(sentDefinition());
        client.create(sentDefinition());
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("envelopeIds").add(first).add(second).add("unknown-id");

        JsonNode information = json(client.rest("PUT", "/envelopes/status", "envelope_ids=request_body", body.toString()));

        assertThat(fieldNames(information)).startsWith("resultSetSize", "totalSetSize");
        assertThat(ids(information)).containsExactly(first, second);
        assertThat(information.get("resultSetSize").asText()).isEqualTo("2");
    }

    @Test
    void bulkStatusNeedsABodyAndIds() {
        assertError(client.rest("PUT", "/envelopes/status", "envelope_ids=request_body", ""), 400, "INVALID_REQUEST_BODY");
        assertError(client.rest("PUT", "/envelopes/status", "", "{}"), 400, "INVALID_REQUEST_PARAMETER");
    }
}
