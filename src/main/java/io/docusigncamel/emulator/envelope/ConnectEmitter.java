package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's DocuSign Connect: turns envelope status changes into JSON SIM messages (docusign-api.md §8) and
 * POSTs them to the configured URL, signed with every configured HMAC key.
 *
 * <p>{@link #onChange} runs on the world's thread under the envelope's lock: it only renders the message (so the
 * {@code envelopeSummary} shows the envelope as it was at that change) and enqueues it. Delivery is asynchronous:
 * one scheduler thread dispatches, the JDK HTTP client sends without blocking it. Messages of one envelope are
 * delivered in order (a message being retried holds back that envelope's later messages only); envelopes do not
 * wait for each other. Each attempt is written to a bounded delivery log for tests. HMAC keys are never logged.
 *
 * <p>For {@code https://} URLs every certificate and host name is accepted: the emitter is loopback test tooling,
 * and a test listener has a self-signed certificate (real Connect requires a publicly trusted one).
 *
 * <p>Thread-safe: queues, the log and the lifecycle are guarded by this instance's lock; the configuration is
 * snapshotted into each message when it is generated, so a message keeps the URL, keys and retry policy it was
 * made under.
 */
final class ConnectEmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectEmitter.class);
    private static final int LOG_LIMIT = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern SEVEN_DIGIT_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\.(\\d{7})Z");

    private final Clock clock;
    private final ObjectMapper mapper;
    private final Map<String, Deque<Message>> queues = new HashMap<>();
    private final Deque<ConnectDelivery> deliveries = new ArrayDeque<>();
    private volatile ConnectConfiguration configuration;
    private long deliverySequence;
    /** Bumped when pending messages are dropped, so answers to attempts already in flight are ignored. */
    private long generation;
    private ScheduledExecutorService scheduler;
    private ExecutorService httpExecutor;
    private HttpClient client;

    ConnectEmitter(Clock clock, ObjectMapper mapper) {
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Sets the configuration for messages generated from now on; starts the delivery threads on first use. */
    synchronized void configure(ConnectConfiguration newConfiguration) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("emulator-connect"));
            httpExecutor = Executors.newCachedThreadPool(daemon("emulator-connect-http"));
            client = HttpClient.newBuilder().executor(httpExecutor).sslContext(trustEverything())
                    .connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        configuration = newConfiguration;
        LOG.info("Emulator Connect configured: {}", newConfiguration);
    }

    /** Stops generating messages and drops the ones not delivered yet; the delivery log stays. */
    synchronized void disable() {
        configuration = null;
        dropPending();
    }

    ConnectConfiguration configuration() {
        return configuration;
    }

    synchronized List<ConnectDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Drops pending messages and the delivery log (the configuration stays), as a world reset does. */
    synchronized void clear() {
        dropPending();
        deliveries.clear();
        deliverySequence = 0;
    }

    /** Stops the delivery threads; pending messages are dropped. Idempotent. */
    @Override
    public synchronized void close() {
        configuration = null;
        dropPending();
        if (scheduler != null) {
            scheduler.shutdownNow();
            httpExecutor.shutdownNow();
            scheduler = null;
            httpExecutor = null;
            client = null;
        }
    }

    /**
     * Called under {@code envelope}'s lock right after {@code change}: renders the message from the envelope's
     * state now (which is the state of that change) and enqueues it. Cheap; does no I/O.
     */
    void onChange(StatusChange change, EnvelopeRecord envelope) {
        ConnectConfiguration config = configuration;
        if (config == null) {
            return;
        }
        String event = "envelope-" + change.newStatus();
        if (!config.sends(event)) {
            return;
        }
        ObjectNode summary = config.includeData().isEmpty() ? null
                : trimTimes(EnvelopeJson.envelope(envelope, new LinkedHashSet<>(config.includeData())));
        Message message = new Message(config, event, change.accountId(), envelope.userId(), change.envelopeId(),
                DocuSignTime.format(DocuSignTime.truncate(clock.instant())), summary, false);
        enqueue(message);
    }

    // ---------------------------------------------------------------- delivery

    private synchronized void enqueue(Message message) {
        if (scheduler == null) {
            return;
        }
        message.generation = generation;
        Deque<Message> queue = queues.computeIfAbsent(message.envelopeId, id -> new ArrayDeque<>());
        queue.addLast(message);
        if (queue.size() == 1) {
            dispatch(message.envelopeId, Duration.ZERO);
        }
    }

    /** Sends the head of the envelope's queue. Runs on the scheduler thread. */
    private void attempt(String envelopeId) {
        Message message;
        HttpClient http;
        synchronized (this) {
            Deque<Message> queue = queues.get(envelopeId);
            message = queue == null ? null : queue.peekFirst();
            http = client;
        }
        if (message == null || http == null) {
            return;
        }
        HttpRequest request;
        try {
            byte[] body = message.body(mapper);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(message.config.url()))
                    .timeout(message.config.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("X-Authorization-Digest", "HMACSHA256")
                    .header("X-DocuSign-AccountId", message.accountId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            List<String> keys = message.config.hmacKeys();
            for (int i = 0; i < keys.size(); i++) {
                builder.header("X-DocuSign-Signature-" + (i + 1), ConnectSignature.sign(keys.get(i), body));
            }
            request = builder.build();
        } catch (RuntimeException e) {
            finish(envelopeId, message, null, e);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> dispatchResult(envelopeId, message,
                        response == null ? null : response.statusCode(), error));
    }

    private void dispatchResult(String envelopeId, Message message, Integer status, Throwable error) {
        synchronized (this) {
            if (scheduler != null) {
                try {
                    scheduler.execute(() -> finish(envelopeId, message, status, error));
                } catch (RejectedExecutionException closing) {
                    // Closed meanwhile: nothing more is delivered, so the answer no longer matters.
                    return;
                }
            }
        }
    }

    private void finish(String envelopeId, Message message, Integer status, Throwable error) {
        boolean acknowledged = status != null && status >= 200 && status < 300;
        message.attempts++;
        boolean retry = !acknowledged && message.config.requireAcknowledgment()
                && message.attempts < message.config.maxAttempts();
        String outcome = acknowledged ? ConnectDelivery.ACKNOWLEDGED
                : !message.config.requireAcknowledgment() ? ConnectDelivery.NOT_ACKNOWLEDGED
                : retry ? ConnectDelivery.RETRYING : ConnectDelivery.GAVE_UP;
        String problem = error == null ? null : describe(error);
        synchronized (this) {
            if (message.generation != generation) {
                return;
            }
            record(new ConnectDelivery(++deliverySequence, DocuSignTime.truncate(clock.instant()), message.event,
                    envelopeId, message.retryCount, message.duplicate, status, problem, outcome));
            Deque<Message> queue = queues.get(envelopeId);
            if (retry) {
                message.retryCount++;
                dispatch(envelopeId, message.config.retryDelay());
                return;
            }
            if (outcome.equals(ConnectDelivery.GAVE_UP)) {
                LOG.warn("Emulator Connect gave up on {} of envelope {} after {} attempts (last: {})", message.event,
                        envelopeId, message.attempts, status != null ? "HTTP " + status : problem);
            }
            queue.pollFirst();
            if (acknowledged && message.config.duplicateDeliveries() && !message.duplicate) {
                queue.addFirst(message.duplicateOf());
            }
            if (queue.isEmpty()) {
                queues.remove(envelopeId);
            } else {
                dispatch(envelopeId, Duration.ZERO);
            }
        }
    }

    /** Caller holds the lock. */
    private void dispatch(String envelopeId, Duration delay) {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.schedule(() -> attemptQuietly(envelopeId), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // Closed meanwhile; close() has dropped the queues.
            queues.remove(envelopeId);
        }
    }

    private void attemptQuietly(String envelopeId) {
        try {
            attempt(envelopeId);
        } catch (RuntimeException e) {
            // A bug here must not kill the scheduler thread that serves every other envelope.
            LOG.warn("Emulator Connect could not attempt a delivery for envelope {}: {}", envelopeId, e.toString(), e);
        }
    }

    /** Caller holds the lock. */
    private void record(ConnectDelivery delivery) {
        deliveries.addLast(delivery);
        while (deliveries.size() > LOG_LIMIT) {
            deliveries.removeFirst();
        }
    }

    private void dropPending() {
        queues.clear();
        generation++;
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    // ---------------------------------------------------------------- rendering

    /**
     * Connect writes times inside {@code envelopeSummary} without the trailing zeros of the fraction
     * ({@code 2022-09-22T15:19:24.5Z}), unlike REST's seven digits.
     */
    static ObjectNode trimTimes(ObjectNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = json.get(name);
            if (value.isObject()) {
                trimTimes((ObjectNode) value);
            } else if (value.isArray()) {
                for (Iterator<JsonNode> items = value.elements(); items.hasNext(); ) {
                    JsonNode item = items.next();
                    if (item.isObject()) {
                        trimTimes((ObjectNode) item);
                    }
                }
            } else if (value.isTextual() && name.endsWith("DateTime")) {
                json.put(name, trimTime(value.textValue()));
            }
        }
        return json;
    }

    static String trimTime(String time) {
        Matcher matcher = SEVEN_DIGIT_TIME.matcher(time);
        if (!matcher.matches()) {
            return time;
        }
        String fraction = matcher.group(2).replaceFirst("0+$", "");
        return matcher.group(1) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Trusts every certificate and, being an extended trust manager, skips the host name check too. */
    private static SSLContext trustEverything() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // Loopback test tooling: see the class comment.
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /**
     * A message waiting for (re)delivery. {@code retryCount} and {@code attempts} are only touched by the scheduler
     * thread; {@code generation} is set under the emitter's lock before the message is queued.
     */
    private static final class Message {
        final ConnectConfiguration config;
        final String event;
        final String accountId;
        final String userId;
        final String envelopeId;
        final String generatedDateTime;
        final ObjectNode summary;
        final boolean duplicate;
        long generation;
        int retryCount;
        int attempts;

        Message(ConnectConfiguration config, String event, String accountId, String userId, String envelopeId,
                String generatedDateTime, ObjectNode summary, boolean duplicate) {
            this.config = config;
            this.event = event;
            this.accountId = accountId;
            this.userId = userId;
            this.envelopeId = envelopeId;
            this.generatedDateTime = generatedDateTime;
            this.summary = summary;
            this.duplicate = duplicate;
        }

        /** The same message once more, as a redelivery would send it: {@code retryCount} one higher. */
        Message duplicateOf() {
            Message copy = new Message(config, event, accountId, userId, envelopeId, generatedDateTime, summary, true);
            copy.generation = generation;
            copy.retryCount = retryCount + 1;
            return copy;
        }

        /** The compact JSON SIM body, keys in DocuSign's order; {@code retryCount} as it is for this attempt. */
        byte[] body(ObjectMapper mapper) {
            ObjectNode json = mapper.createObjectNode();
            json.put("event", event);
            json.put("apiVersion", "v2.1");
            json.put("uri", "/restapi/v2.1/accounts/" + accountId + "/envelopes/" + envelopeId);
            json.put("retryCount", retryCount);
            json.put("configurationId", config.configurationId());
            json.put("generatedDateTime", generatedDateTime);
            ObjectNode data = json.putObject("data");
            data.put("accountId", accountId);
            data.put("userId", userId);
            data.put("envelopeId", envelopeId);
            if (summary != null) {
                data.set("envelopeSummary", summary);
            }
            try {
                return mapper.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree could not be written", e);
            }
        }
    }
}
