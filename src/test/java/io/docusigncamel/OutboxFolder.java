package io.docusigncamel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.emulator.EmulatorResponse;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a service under test handed to other systems in its outbox: the event files of {@code outbox/events/} (in
 * file-name order, which is the order they were recorded in) and the archive folders of {@code outbox/completed/};
 * plus the control calls that make the emulator's signers act. Not thread-safe.
 */
public final class OutboxFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceUnderTest service;

    public OutboxFolder(ServiceUnderTest service) {
        this.service = service;
    }

    public Path eventsDir() {
        return service.workDir().resolve("outbox").resolve("events");
    }

    public Path archive(String envelopeId) {
        return service.workDir().resolve("outbox").resolve("completed").resolve(envelopeId);
    }

    /** Every event file's name, sorted; hidden temporary files included, so a test can see none is left. */
    public List<String> eventFileNames() {
        if (!Files.isDirectory(eventsDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(eventsDir())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every event, in file-name order. */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String name : eventFileNames()) {
            events.add(read(eventsDir().resolve(name)));
        }
        return events;
    }

    public List<JsonNode> eventsOf(String envelopeId) {
        return events().stream().filter(event -> envelopeId.equals(event.path("envelopeId").asText())).toList();
    }

    public static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ the emulator's signers

    /** {@code POST /emulator/envelopes/{id}/{action}} on the service's emulator, failing the test on an error. */
    public void act(String envelopeId, String action, String jsonBody) {
        EnvelopeWorld world = service.emulator().envelopes();
        EmulatorResponse response = world.handleControl("POST", "/envelopes/" + envelopeId + "/" + action, Map.of(),
                jsonBody.getBytes(StandardCharsets.UTF_8));
        if (response.status() != 200) {
            throw new AssertionError("emulator control " + action + " of " + envelopeId + " answered "
                    + response.status() + ": " + response.bodyText());
        }
    }

    public void deliver(String envelopeId) {
        act(envelopeId, "advance", "{}");
    }

    public void complete(String envelopeId) {
        act(envelopeId, "complete", "{}");
    }

    public void decline(String envelopeId, String reason) {
        act(envelopeId, "decline", "{\"reason\":\"" + reason + "\"}");
    }

    public void voidEnvelope(String envelopeId, String reason) {
        act(envelopeId, "void", "{\"reason\":\"" + reason + "\"}");
    }
}
