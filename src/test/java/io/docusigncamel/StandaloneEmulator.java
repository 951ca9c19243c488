package io.docusigncamel;

import io.docusigncamel.emulator.DocuSignEmulator;
import io.docusigncamel.emulator.envelope.EnvelopeWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A DocuSign emulator started by a test, outside the service, as a remote DocuSign would be: consent is not granted
 * until the test (or a GET of the consent URL) grants it. The service under test is pointed at it as at the demo
 * environment. Not thread-safe.
 */
public final class StandaloneEmulator implements AutoCloseable {

    private final EnvelopeWorld world = new EnvelopeWorld(Clock.systemUTC());
    private final DocuSignEmulator emulator;

    public StandaloneEmulator(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "it", name + "-emulator-" + System.nanoTime()));
            emulator = DocuSignEmulator.builder().port(0).stateDir(dir).envelopeEndpoints(world).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DocuSignEmulator emulator() {
        return emulator;
    }

    public EnvelopeWorld world() {
        return world;
    }

    /** Points {@code service} at this emulator as at DocuSign's developer sandbox. */
    public ServiceUnderTest configure(ServiceUnderTest service) {
        return service.property("docusign.environment", "demo")
                .property("docusign.oauth-base-url", emulator.oauthBaseUrl())
                .property("docusign.integration-key", emulator.integrationKey())
                .property("docusign.user-id", emulator.userId())
                .property("docusign.private-key-file", emulator.privateKeyFile().toString())
                .property("docusign.truststore-file", emulator.truststoreFile().toString())
                .property("docusign.truststore-password", emulator.truststorePassword())
                .property("docusign.consent-redirect-uri", emulator.redirectUri())
                .property("inbox.template-id", emulator.templateId());
    }

    @Override
    public void close() {
        emulator.close();
        world.close();
    }
}
