package io.docusigncamel;

import io.docusigncamel.config.Secret;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DocuSign emulator started inside the service for {@code docusign.environment=emulator}: on first start it
 * creates the demo key pair and credentials under {@code data/emulator/}, and it grants consent for the demo user
 * (the one step a person does in a browser against the real DocuSign). The service then talks to it over HTTPS like
 * to DocuSign, with the emulator's identity filled into the settings. A Camel service: stopped with the context.
 */
public final class EmbeddedEmulator extends ServiceSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEmulator.class);

    private final DocuSignEmulator emulator;
    private final EnvelopeWorld world;
    private final ServiceSettings settings;

    private EmbeddedEmulator(DocuSignEmulator emulator, EnvelopeWorld world, ServiceSettings settings) {
        this.emulator = emulator;
        this.world = world;
        this.settings = settings;
    }

    /** Starts the emulator on {@code docusign.emulator.port} with its state in {@code data/emulator/}. */
    public static EmbeddedEmulator start(ServiceSettings settings) {
        boolean firstStart = !Files.exists(settings.emulatorDir().resolve("credentials.json"));
        EnvelopeWorld world = new EnvelopeWorld(Clock.systemUTC());
        DocuSignEmulator emulator = DocuSignEmulator.builder()
                .port(settings.emulatorPort())
                .stateDir(settings.emulatorDir())
                .envelopeEndpoints(world)
                .signerDelay(settings.emulatorSignerDelay())
                .build();
        try {
            emulator.start();
            emulator.grantConsent();
        } catch (IOException e) {
            emulator.close();
            world.close();
            throw new UncheckedIOException("the embedded DocuSign emulator did not start in "
                    + settings.emulatorDir().toAbsolutePath() + ": " + e.getMessage(), e);
        }
        LOG.info("Embedded DocuSign emulator at {} ({} its state in {}); consent granted for the demo user",
                emulator.baseUrl(), firstStart ? "created demo key and credentials," : "reusing", settings.emulatorDir());
        LOG.info("Next: drop a CSV from samples/ into {}/ and watch outbox/; the emulator's control API is at {}",
                settings.inboxDir(), emulator.controlBaseUrl());
        return new EmbeddedEmulator(emulator, world, identify(emulator, settings));
    }

    /** The settings with the emulator's identity (OAuth host, integration key, user, key file, truststore). */
    public ServiceSettings settings() {
        return settings;
    }

    /** {@code settings} with this emulator's identity filled in. */
    public ServiceSettings identify(ServiceSettings settings) {
        return identify(emulator, settings);
    }

    private static ServiceSettings identify(DocuSignEmulator emulator, ServiceSettings settings) {
        return settings.withIdentity(URI.create(emulator.oauthBaseUrl()), emulator.integrationKey(), emulator.userId(),
                emulator.privateKeyFile(), URI.create(emulator.redirectUri()), emulator.truststoreFile(),
                Secret.of(emulator.truststorePassword()));
    }

    public DocuSignEmulator emulator() {
        return emulator;
    }

    /** The emulator's envelopes (its control view), for tests and the quick start's curiosity. */
    public EnvelopeWorld envelopes() {
        return world;
    }

    @Override
    protected void doStop() {
        close();
    }

    /** Stops the emulator whether or not a Camel context ever started this service (doctor uses it directly). */
    @Override
    public void close() {
        emulator.close();
        world.close();
    }
}
