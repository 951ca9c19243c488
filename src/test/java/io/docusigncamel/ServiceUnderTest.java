package io.docusigncamel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real application (the same {@code Application} main class, configuration class, properties and YAML routes)
 * booted in-process for an integration test, with its folders under {@code target/it/<name>} and its HTTP port on a
 * free port. Can be stopped and started again on the same folders, like a restarted process. Not thread-safe.
 */
public final class ServiceUnderTest implements AutoCloseable {

    private final Path workDir;
    private final int httpPort;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Main main;
    private EmbeddedEmulator lastingEmulator;

    public ServiceUnderTest(String name) {
        try {
            this.workDir = Files.createDirectories(Path.of("target", "it", name + "-" + System.nanoTime())).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.httpPort = freePort();
        property("camel.server.port", Integer.toString(httpPort));
        property("inbox.dir", workDir.resolve("inbox").toString());
        property("outbox.dir", workDir.resolve("outbox").toString());
        property("data.dir", workDir.resolve("data").toString());
        property("docusign.emulator.signer-delay", "0s");
    }

    /** Sets a property that overrides every other source. */
    public ServiceUnderTest property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * Starts the embedded emulator now and keeps it across {@link #restart()}s, as DocuSign outlives a restarted
     * service (the emulator's envelopes live in memory); {@link #close()} stops it.
     */
    public ServiceUnderTest withLastingEmulator() {
        ServiceSettings settings = SettingsReader.read(key -> Optional.ofNullable(properties.get(key))).orThrow();
        lastingEmulator = EmbeddedEmulator.start(settings);
        return this;
    }

    public ServiceUnderTest start() {
        main = new Main(Application.class);
        main.setDefaultPropertyPlaceholderLocation(Application.PROPERTY_LOCATIONS);
        if (lastingEmulator != null) {
            main.bind(DocuSignConfiguration.EMULATOR_BEAN, lastingEmulator);
        }
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the service did not start: " + e.getMessage(), e);
        }
        return this;
    }

    public void stop() {
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                main = null;
            }
        }
    }

    public ServiceUnderTest restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (lastingEmulator != null) {
                lastingEmulator.close();
            }
        }
    }

    /** The embedded emulator of the running service (or the lasting one). */
    public EmbeddedEmulator emulator() {
        return lastingEmulator != null ? lastingEmulator : bean(DocuSignConfiguration.EMULATOR_BEAN, EmbeddedEmulator.class);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " of type " + type.getName());
        }
        return bean;
    }

    public Path workDir() {
        return workDir;
    }

    public int httpPort() {
        return httpPort;
    }

    /** GET on the service's HTTP port (health, metrics). */
    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
