package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * A Connect listener for tests: a JDK HTTP server on a free loopback port that records every POST (headers and
 * exact body bytes) and answers with the status its responder picks (200 unless told otherwise). A responder may
 * block to simulate a slow listener. Thread-safe.
 */
public final class ConnectReceiver implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-connect-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> responder = message -> 200;

    /** One POST as it arrived. {@code headers} keys are lower case; first value of each. */
    public record Received(String path, Map<String, String> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(bodyText(), e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String event() {
            return json().get("event").asText();
        }

        public String envelopeId() {
            return json().at("/data/envelopeId").asText();
        }

        public int retryCount() {
            return json().get("retryCount").asInt();
        }
    }

    public ConnectReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL to configure Connect with. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/connect";
    }

    /** Decides the HTTP status of each POST; may block (the emitter then runs into its request timeout). */
    public void respondWith(ToIntFunction<Received> newResponder) {
        responder = newResponder;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedFor(String envelopeId) {
        return received.stream().filter(message -> message.envelopeId().equals(envelopeId)).toList();
    }

    public List<String> events(String envelopeId) {
        return receivedFor(envelopeId).stream().map(Received::event).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
        Received message = new Received(exchange.getRequestURI().getPath(), Map.copyOf(headers), body);
        received.add(message);
        int status;
        try {
            status = responder.applyAsInt(message);
        } catch (RuntimeException e) {
            status = 500;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
