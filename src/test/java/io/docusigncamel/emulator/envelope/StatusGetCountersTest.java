package io.docusigncamel.emulator.envelope;

import static io.docusigncamel.emulator.envelope.EmulatorClient.json;
import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.docusigncamel.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-envelope read counters tests use to prove how a client polls: status GETs only, and downloads. */
class StatusGetCountersTest {

    private final MutableClock clock = MutableClock.at("2025-05-02T15:40:39.587Z");
    private final EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
    private final EmulatorClient client = new EmulatorClient(world);

    @Test
    void countsStatusGetsPerEnvelopeButNotListsDocumentsOrRecipients() {
        String polled = client.create(sentDefinition());
        String other = client.create(sentDefinition());

        client.get("/envelopes/" + polled, "");
        clock.advance(Duration.ofMinutes(20));
        client.get("/envelopes/" + polled, "include=recipients");
        client.get("/envelopes/" + other, "");
        client.get("/envelopes", "from_date=2025-05-01");
        client.get("/envelopes/" + polled + "/recipients", "");
        client.get("/envelopes/" + polled + "/documents", "");
        client.get("/envelopes/" + polled + "/documents/1", "");
        client.get("/envelopes/" + polled + "/documents/combined", "");

        assertThat(world.statusGets(polled)).isEqualTo(2);
        assertThat(world.statusGets(other)).isEqualTo(1);
        assertThat(world.statusGets("no-such-envelope")).isZero();
        assertThat(world.totalStatusGets()).isEqualTo(3);
        assertThat(world.totalDocumentDownloads()).isEqualTo(2);
    }

    @Test
    void theControlApiShowsTheCountersAndAResetClearsThem() {
        String id = client.create(sentDefinition());
        client.get("/envelopes/" + id, "");
        client.get("/envelopes/" + id + "/documents/certificate", "");

        JsonNode counters = json(client.control("GET", "/envelopes/counters", null));

        assertThat(counters.get("totalStatusGets").asLong()).isEqualTo(1);
        assertThat(counters.get("totalDocumentDownloads").asLong()).isEqualTo(1);
        assertThat(counters.at("/envelopes/" + id + "/statusGets").asLong()).isEqualTo(1);
        world.reset();
        assertThat(world.totalStatusGets()).isZero();
    }
}
