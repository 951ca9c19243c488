package io.docusigncamel.emulator.envelope;

import io.docusigncamel.testing.MutableClock;

import static io.docusigncamel.emulator.envelope.EmulatorClient.sentDefinition;
import static io.docusigncamel.emulator.envelope.EnvelopeCreateTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingLimitsTest {

    private final MutableClock clock = MutableClock.at("2024-05-02T08:00:00Z");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AbstractAppender capture = new AbstractAppender("polling-test", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN) {
                warnings.add(event.getMessage().getFormattedMessage());
            }
        }
    };

    @BeforeEach
    void captureWarnings() {
        Configurator.setLevel(EnvelopeWorld.class.getName(), Level.WARN);
        capture.start();
        ((Logger) LogManager.getLogger(EnvelopeWorld.class)).addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LogManager.getLogger(EnvelopeWorld.class)).removeAppender(capture);
        capture.stop();
    }

    private EmulatorClient client(EnvelopeWorldSettings settings) {
        return new EmulatorClient(new EnvelopeWorld(clock, settings.withTickInterval(Duration.ZERO)));
    }

    @Test
    void countsEveryGetPerEnvelopeInTheControlView() {
        EmulatorClient client = client(EnvelopeWorldSettings.defaults());
        String id = client.create(sentDefinition());
        String other = client.create(sentDefinition());

        client.get("/envelopes/" + id, "");
        clock.advance(Duration.ofMinutes(20));
        client.get("/envelopes/" + id, "");
        client.get("/envelopes/" + id + "/documents", "");
        client.get("/envelopes/" + id + "/documents/1", "");

        JsonNode counters = client.controlView(id).get("counters");
        assertThat(counters.get("gets").asInt()).isEqualTo(4);
        assertThat(counters.get("statusGets").asInt()).isEqualTo(2);
        assertThat(counters.get("documentDownloads").asInt()).isEqualTo(1);
        assertThat(counters.get("flaggedStatusGets").asInt()).isZero();
        assertThat(counters.get("lastStatusGetDateTime").asText()).isEqualTo("2024-05-02T08:20:00.0000000Z");
        assertThat(client.controlView(other).get("counters").get("gets").asInt()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void flagsASecondStatusGetWithinFifteenMinutesWithAWarningButAnswersIt() {
        EmulatorClient client = client(EnvelopeWorldSettings.defaults());
        String id = client.create(sentDefinition());

        client.get("/envelopes/" + id, "");
        clock.advance(Duration.ofMinutes(14));
        assertThat(client.get("/envelopes/" + id, "").status()).isEqualTo(200);

        assertThat(client.controlView(id).get("counters").get("flaggedStatusGets").asInt()).isEqualTo(1);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(id).contains("15 minutes").contains("listStatusChanges");
    }

    @Test
    void refusesGetsAboveTheBurstLimitWithTheMixedCaseCode() {
        EmulatorClient client = client(EnvelopeWorldSettings.defaults().withEnvelopeGetLimits(0, 3));
        String id = client.create(sentDefinition());

        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/envelopes/" + id, "").status()).isEqualTo(200);
        }
        assertError(client.get("/envelopes/" + id + "/documents", ""), 400, "Burst_Envelope_Polling_Limit_Exceeded");

        clock.advance(Duration.ofSeconds(31));
        assertThat(client.get("/envelopes/" + id, "").status()).isEqualTo(200);
        assertThat(client.controlView(id).get("counters").get("rejectedRequests").asInt()).isEqualTo(1);
    }

    @Test
    void refusesGetsAboveTheHourlyLimitUntilTheHourRollsOn() {
        EmulatorClient client = client(EnvelopeWorldSettings.defaults().withEnvelopeGetLimits(2, 0));
        String id = client.create(sentDefinition());

        client.get("/envelopes/" + id, "");
        clock.advance(Duration.ofMinutes(30));
        client.get("/envelopes/" + id, "");
        clock.advance(Duration.ofMinutes(20));
        JsonNode error = assertError(client.get("/envelopes/" + id, ""), 400, "Hourly_Envelope_Polling_Limit_Exceeded");
        assertThat(error.get("message").asText()).contains("hourly");

        clock.advance(Duration.ofMinutes(11));
        assertThat(client.get("/envelopes/" + id, "").status()).isEqualTo(200);
    }

    @Test
    void limitsAreOffByDefault() {
        EmulatorClient client = client(EnvelopeWorldSettings.defaults());
        String id = client.create(sentDefinition());

        for (int i = 0; i < 50; i++) {
            assertThat(client.get("/envelopes/" + id, "").status()).isEqualTo(200);
        }
    }

    @Test
    void resetForgetsTheCounters() {
        EnvelopeWorld world = new EnvelopeWorld(clock, EnvelopeWorldSettings.defaults().withTickInterval(Duration.ZERO));
        EmulatorClient client = new EmulatorClient(world);
        String id = client.create(sentDefinition());
        client.get("/envelopes/" + id, "");

        world.reset();

        assertError(client.get("/envelopes/" + id, ""), 404, "ENVELOPE_DOES_NOT_EXIST");
        String fresh = client.create(sentDefinition());
        assertThat(client.controlView(fresh).get("counters").get("gets").asInt()).isZero();
    }
}
