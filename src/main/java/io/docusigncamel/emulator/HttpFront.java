package io.docusigncamel.emulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The emulator's HTTPS server: reads each request whole, applies a scripted fault if one matches, runs the handler
 * on a worker thread (handlers may be slow: the envelope world builds PDFs) and writes the answer, or hangs or drops
 * the connection as the fault says. Every request ends in the request log. Thread-safe: Vert.x calls it on its
 * event loop; the set of hung connections is concurrent.
 */
final class HttpFront {

    /** A little above DocuSign's ~35 MB request limit (docusign-api.md §5.1), so the limit itself is testable. */
    static final int MAX_BODY_BYTES = 40 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}: two-digit day, English names, always GMT. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** What the front calls for each request; implementations run on worker threads. */
    interface Handler {
        EmulatorResponse answer(IncomingRequest request);

        /** Lets the owner add what every answer on that path carries (e.g. rate-limit headers) to a fault's answer. */
        EmulatorResponse decorateFault(IncomingRequest request, EmulatorResponse faultAnswer);
    }

    private final Vertx vertx;
    private final Handler handler;
    private final FaultScript faults;
    private final RequestLog log;
    private final Clock clock;
    private final Set<HttpConnection> hung = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    HttpFront(Vertx vertx, Handler handler, FaultScript faults, RequestLog log, Clock clock) {
        this.vertx = vertx;
        this.handler = handler;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
    }

    /** Starts listening on the loopback interface only and returns the port. */
    int start(String bindAddress, int port, Path keystore, char[] keystorePassword) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(bindAddress)
                .setPort(port)
                .setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(keystore.toString())
                        .setPassword(new String(keystorePassword)))
                // HTTP/1.1 only: a reset must drop exactly one exchange, not an HTTP/2 connection's many streams.
                .setUseAlpn(false)
                .setIdleTimeout(0);
        server = vertx.createHttpServer(options).requestHandler(this::onRequest);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        return server.actualPort();
    }

    /** Closes every connection held open by a hang fault; the clients see the connection end. */
    void releaseHung() {
        for (HttpConnection connection : hung) {
            hung.remove(connection);
            connection.close();
        }
    }

    void stop() throws InterruptedException, ExecutionException, TimeoutException {
        releaseHung();
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void onRequest(HttpServerRequest req) {
        long startedNanos = System.nanoTime();
        Instant arrived = clock.instant();
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge[0] = true;
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> LOG.debug("request {} {} failed while reading: {}", req.method(), req.path(),
                e.toString()));
        req.endHandler(v -> {
            IncomingRequest request = IncomingRequest.of(req.method().name(), req.path(), req.query(),
                    req.getHeader("Authorization"), body.getBytes());
            Exchange exchange = new Exchange(req, request, arrived, startedNanos);
            if (tooLarge[0]) {
                exchange.send(EmulatorResponse.restError(413, "REQUEST_ENTITY_TOO_LARGE",
                        "The request body exceeds " + MAX_BODY_BYTES + " bytes."));
                return;
            }
            dispatch(exchange);
        });
    }

    private void dispatch(Exchange exchange) {
        Fault fault = faults.hit(exchange.request.method(), exchange.request.path());
        if (fault == null) {
            process(exchange, exchange::send);
            return;
        }
        switch (fault.action()) {
            case STATUS -> run(() -> handler.decorateFault(exchange.request,
                    EmulatorResponse.json(fault.status(), fault.body())), exchange, exchange::send);
            case DELAY -> {
                long millis = fault.delay().toMillis();
                if (millis == 0) {
                    process(exchange, exchange::send);
                } else {
                    vertx.setTimer(millis, id -> process(exchange, exchange::send));
                }
            }
            case HANG -> exchange.hang();
            case RESET -> exchange.reset();
            case ACCEPT_THEN_HANG -> process(exchange, processed -> exchange.hang());
            case ACCEPT_THEN_RESET -> process(exchange, processed -> exchange.reset());
        }
    }

    private void process(Exchange exchange, Consumer<EmulatorResponse> then) {
        run(() -> handler.answer(exchange.request), exchange, then);
    }

    /** Runs {@code work} on a worker thread and hands its answer to {@code then} on the event loop. */
    private void run(Callable<EmulatorResponse> work, Exchange exchange, Consumer<EmulatorResponse> then) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                then.accept(ar.result());
                return;
            }
            LOG.warn("emulator handler failed for {} {}", exchange.request.method(),
                    RequestLog.normalize(exchange.request.path()), ar.cause());
            then.accept(EmulatorResponse.restError(500, "UNSPECIFIED_ERROR",
                    "The emulator failed to handle the request: " + ar.cause()));
        });
    }

    /** One request in flight, with what the log needs once it ends. */
    private final class Exchange {
        final HttpServerRequest req;
        final IncomingRequest request;
        final Instant arrived;
        final long startedNanos;

        Exchange(HttpServerRequest req, IncomingRequest request, Instant arrived, long startedNanos) {
            this.req = req;
            this.request = request;
            this.arrived = arrived;
            this.startedNanos = startedNanos;
        }

        void send(EmulatorResponse answer) {
            HttpServerResponse response = req.response();
            if (response.ended() || response.closed()) {
                record("closed");
                return;
            }
            response.setStatusCode(answer.status());
            if (answer.contentType() != null) {
                response.putHeader("Content-Type", answer.contentType());
            }
            answer.headers().forEach(response::putHeader);
            if (!response.headers().contains("Date")) {
                // As every HTTP server should (RFC 9110 §6.6.1), from the emulator's clock: clients such as
                // doctor measure their clock offset against it, and a test can skew it with the builder's clock.
                response.putHeader("Date", HTTP_DATE.format(clock.instant()));
            }
            // recorded before the answer leaves, so a client that reads the log after its answer always finds it
            record(Integer.toString(answer.status()));
            response.end(Buffer.buffer(answer.body()));
        }

        /** Keeps the connection open and never answers; {@link #releaseHung()} closes it later. */
        void hang() {
            HttpConnection connection = req.connection();
            hung.add(connection);
            connection.closeHandler(v -> hung.remove(connection));
            record("hang");
        }

        /**
         * Drops the TCP connection. With SO_LINGER 0 the close sends an RST, so the client sees a reset rather than
         * an orderly end of stream; when the Netty channel is not reachable a plain close still loses the answer.
         */
        void reset() {
            HttpConnection connection = req.connection();
            if (connection instanceof ConnectionBase base) {
                Channel channel = base.channel();
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                channel.close();
            } else {
                connection.close();
            }
            record("reset");
        }

        private void record(String outcome) {
            log.record(arrived, request.method(), request.path(), request.rawQuery(), outcome,
                    RestGate.accountOf(request.path()), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        }
    }
}
