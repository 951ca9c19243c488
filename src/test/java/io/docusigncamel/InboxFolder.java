package io.docusigncamel;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * What a user (or an HR system) sees of a running service: the inbox folder to drop CSV files into, the results
 * files, and — through the embedded emulator — the envelopes DocuSign received. Not thread-safe.
 */
public final class InboxFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of a results file. */
    public record ResultRow(int row, String rowKey, String outcome, String envelopeId, String detail) {
    }

    private final ServiceUnderTest service;

    public InboxFolder(ServiceUnderTest service) {
        this.service = service;
    }

    public Path inbox() {
        return service.workDir().resolve("inbox");
    }

    public Path resultsFile(String name) {
        return service.workDir().resolve("outbox/results/" + name + ".results.csv");
    }

    /** Drops a file the way a careful system does: written under another name, then renamed into place. */
    public Path drop(String name, byte[] content) {
        try {
            Files.createDirectories(inbox());
            Path temp = Files.write(inbox().resolve("." + name + ".part"), content);
            return Files.move(temp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path drop(String name, String content) {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies a file (e.g. from samples/) into the inbox. */
    public Path dropCopyOf(Path file) {
        try {
            return drop(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the results file of {@code name} and reads it. */
    public List<ResultRow> awaitResults(String name, Duration timeout) {
        Path results = resultsFile(name);
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(results));
        return readResults(results);
    }

    public static List<ResultRow> readResults(Path results) {
        try (Reader in = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            List<ResultRow> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.add(new ResultRow(r.get("row").isEmpty() ? 0 : Integer.parseInt(r.get("row")), r.get("rowKey"),
                        r.get("outcome"), r.get("envelopeId"), r.get("detail")));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the input file ended up: {@code .done}, {@code .error}, or still in the inbox. */
    public boolean movedTo(String folder, String name) {
        return Files.exists(inbox().resolve(folder).resolve(name)) && !Files.exists(inbox().resolve(name));
    }

    /** Every envelope the embedded emulator holds, in full (control view), oldest first. */
    public List<JsonNode> envelopes() {
        try {
            JsonNode list = JSON.readTree(service.bean("docuSignEmulator", EmbeddedEmulator.class).envelopes()
                    .handleControl("GET", "/envelopes", Map.of(), new byte[0]).body());
            List<JsonNode> envelopes = new ArrayList<>();
            list.path("envelopes").forEach(envelopes::add);
            return envelopes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of an envelope's text custom field. */
    public static String customField(JsonNode envelope, String name) {
        for (JsonNode f : envelope.path("customFields").path("textCustomFields")) {
            if (name.equals(f.path("name").asText())) {
                return f.path("value").asText();
            }
        }
        return null;
    }
}
