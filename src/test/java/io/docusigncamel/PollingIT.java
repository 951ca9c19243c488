package io.docusigncamel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.EmulatorResponse;
import io.docusigncamel.emulator.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Polling against the emulator at scale: a window of more envelopes than one page is read page by page without
 * missing or repeating an envelope; changes re-read inside the overlap are emitted once; a restart resumes from the
 * checkpoint; and tracking envelopes to completion costs one list call per page per cycle plus one download per
 * completed envelope, with no single-envelope status GET at all (DocuSign's polling rule).
 */
class PollingIT {

    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final Duration OVERLAP = Duration.ofMinutes(10);

    private ServiceUnderTest service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void readsAWindowOfTwentyFiveHundredEnvelopesInPagesOfAThousandAndResumesFromTheCheckpointAfterARestart() {
        service = new ServiceUnderTest("polling-pages").property("docusign.emulator.poll-interval", "1s")
                .property("status.archive-completed", "false").withLastingEmulator().start();
        OutboxFolder outbox = new OutboxFolder(service);
        // sent by another instance of the service sharing the account (they carry a rowKey), straight at the emulator
        Instant created = Instant.now();
        List<String> envelopeIds = createAtTheEmulator(2500);

        await().atMost(WAIT).until(() -> outbox.eventFileNames().size() >= 2500);
        // a few more cycles re-read the same window (overlap): nothing is emitted twice
        awaitListCallsAfter(Instant.now(), 3);

        List<JsonNode> events = outbox.events();
        assertThat(events).hasSize(2500);
        assertThat(events).extracting(e -> e.path("status").asText()).containsOnly("sent");
        assertThat(events.stream().map(e -> e.path("envelopeId").asText()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(envelopeIds);
        Map<String, List<Integer>> pagesByWindow = listCallsByWindow(created);
        assertThat(pagesByWindow.values()).as("start positions of each window's pages")
                .allSatisfy(pages -> assertThat(pages).isEqualTo(contiguousPages(pages.size())))
                .anySatisfy(pages -> assertThat(pages).containsExactly(0, 1000, 2000));

        // stopped between cycles: the next cycle after the restart starts from the checkpoint, minus the overlap
        service.stop();
        Instant stoppedAt = Instant.now();
        List<String> later = envelopeIds.subList(0, 10);
        later.forEach(outbox::complete);
        service.start();
        await().atMost(WAIT).until(() -> outbox.eventFileNames().size() >= 2510);

        RecordedRequest firstAfterRestart = listCalls().stream().filter(r -> r.timestamp().isAfter(stoppedAt))
                .findFirst().orElseThrow();
        Instant from = Instant.parse(parameter(firstAfterRestart, "from_date"));
        Set<Instant> earlierWindowEnds = listCalls().stream().filter(r -> r.timestamp().isBefore(stoppedAt))
                .map(r -> Instant.parse(parameter(r, "to_date"))).collect(Collectors.toSet());
        assertThat(earlierWindowEnds).contains(from.plus(OVERLAP));
        awaitListCallsAfter(Instant.now(), 2);
        assertThat(outbox.events()).hasSize(2510);
        assertThat(outbox.events().subList(2500, 2510)).extracting(e -> e.path("status").asText()).containsOnly("completed");
        assertThat(outbox.events().subList(2500, 2510)).extracting(e -> e.path("previousStatus").asText()).containsOnly("sent");
    }

    /** Creates envelopes from the emulator's template with a rowKey custom field, through its REST handler. */
    private List<String> createAtTheEmulator(int count) {
        EmbeddedEmulator emulator = service.emulator();
        String accountId = emulator.emulator().defaultAccountId();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String body = """
                    {"status":"sent","templateId":"%s","emailSubject":"Batch","templateRoles":[
                    {"roleName":"signer","name":"Signer %d","email":"s%d@example.com"},
                    {"roleName":"cc","name":"HR","email":"hr@example.com"}],
                    "customFields":{"textCustomFields":[{"name":"rowKey","value":"Q-%d","show":"false"}]}}"""
                    .formatted(emulator.emulator().templateId(), i, i, i);
            EmulatorResponse response = emulator.envelopes().handleRest("POST", accountId, "/envelopes", Map.of(),
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
            ids.add(OutboxFolder.readJson(response.bodyText()).path("envelopeId").asText());
        }
        return ids;
    }

    @Test
    void trackingAThousandEnvelopesToCompletionCostsOneListCallPerPagePlusOneDownloadPerEnvelope() {
        service = new ServiceUnderTest("polling-cost").property("docusign.emulator.poll-interval", "1s")
                .property("inbox.concurrency", "16").start();
        InboxFolder inbox = new InboxFolder(service);
        OutboxFolder outbox = new OutboxFolder(service);
        List<String> envelopeIds = send(inbox, "thousand.csv", 1000);

        Instant changed = Instant.now();
        envelopeIds.forEach(outbox::complete);
        await().atMost(WAIT).until(() -> envelopeIds.stream().allMatch(id -> Files.isDirectory(outbox.archive(id))));
        awaitListCallsAfter(Instant.now(), 2);

        assertThat(outbox.events()).hasSize(1000).allSatisfy(e -> assertThat(e.path("status").asText()).isEqualTo("completed"));
        List<RecordedRequest> requests = service.emulator().emulator().requests().stream()
                .filter(r -> r.timestamp().isAfter(changed)).toList();
        List<RecordedRequest> singleEnvelopeReads = requests.stream()
                .filter(r -> r.method().equals("GET") && r.path().matches(".*/envelopes/[^/]+(/recipients)?"))
                .toList();
        assertThat(singleEnvelopeReads).as("GETs of one envelope's status").isEmpty();
        long downloads = requests.stream().filter(r -> r.path().endsWith("/documents/combined")).count();
        assertThat(downloads).isEqualTo(1000);
        List<RecordedRequest> otherCalls = requests.stream()
                .filter(r -> !r.path().endsWith("/documents/combined") && !isListCall(r)).toList();
        assertThat(otherCalls).as("REST calls other than listStatusChanges and downloads")
                .allSatisfy(r -> assertThat(r.path()).doesNotContain("/restapi/"));
        Map<String, List<Integer>> pagesByWindow = listCallsByWindow(changed);
        assertThat(pagesByWindow.values()).allSatisfy(pages -> assertThat(pages).isEqualTo(contiguousPages(pages.size())));
        assertThat(listCalls()).allSatisfy(r -> assertThat(parameter(r, "count")).isEqualTo("1000"));
    }

    private List<String> send(InboxFolder inbox, String name, int rows) {
        // DocuSign's real limits (and the emulator's defaults) allow 200 calls per 30 s; this test is about polling
        DocuSignEmulator emulator = service.emulator().emulator();
        emulator.applySettings(emulator.settings().withBurstLimit(1_000_000, Duration.ofSeconds(30))
                .withHourlyLimit(1_000_000, Duration.ofHours(1)));
        StringBuilder csv = new StringBuilder("ExternalId,signer::Name,signer::Email,cc::Name,cc::Email\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("P-").append(name.hashCode() & 0xffff).append('-').append(i).append(",Signer ").append(i)
                    .append(",signer").append(i).append("@example.com,HR,hr@example.com\n");
        }
        inbox.drop(name, csv.toString());
        List<ResultRow> results = inbox.awaitResults(name, WAIT);
        assertThat(results).hasSize(rows).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("sent"));
        return results.stream().map(ResultRow::envelopeId).toList();
    }

    private void awaitListCallsAfter(Instant after, int calls) {
        await().atMost(WAIT).until(() -> listCalls().stream().filter(r -> r.timestamp().isAfter(after)).count() >= calls);
    }

    /** listStatusChanges calls of polling cycles (with a to_date; the sender's row-key lookups have none). */
    private List<RecordedRequest> listCalls() {
        return service.emulator().emulator().requests().stream().filter(PollingIT::isListCall).toList();
    }

    private static boolean isListCall(RecordedRequest request) {
        return request.method().equals("GET") && request.path().endsWith("/envelopes") && request.query().contains("to_date=");
    }

    /** The start positions of the pages of each polling window (keyed by to_date) that began after {@code after}. */
    private Map<String, List<Integer>> listCallsByWindow(Instant after) {
        Map<String, List<Integer>> windows = new TreeMap<>();
        for (RecordedRequest call : listCalls()) {
            if (call.timestamp().isAfter(after)) {
                windows.computeIfAbsent(parameter(call, "to_date"), key -> new ArrayList<>())
                        .add(Integer.parseInt(parameter(call, "start_position")));
            }
        }
        // a window whose first page came before `after` is incomplete here
        windows.values().removeIf(pages -> pages.get(0) != 0);
        return windows;
    }

    private static List<Integer> contiguousPages(int count) {
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pages.add(i * 1000);
        }
        return pages;
    }

    private static String parameter(RecordedRequest request, String name) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : request.query().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters.get(name);
    }
}
