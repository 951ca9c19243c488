package io.docusigncamel.emulator.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docusigncamel.emulator.EmulatorResponse;
import io.docusigncamel.emulator.EnvelopeEndpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's envelope world: everything behind the REST host once the caller is authenticated. It creates
 * envelopes from documents or server templates with DocuSign's validation errors, answers GET envelope,
 * listStatusChanges and bulk status, serves documents (uploaded bytes and generated PDFs), counts per-envelope
 * reads against DocuSign's polling rules, and moves sent envelopes along as signers act: on their own after a
 * signer delay, or through the control API ({@link #handleControl}).
 *
 * <p>Time comes only from the injected {@link Clock}. Due signer actions are applied by {@link #tick()}, which a
 * background thread calls every {@link EnvelopeWorldSettings#tickInterval()} once a signer delay is set (tests set
 * the interval to zero and call {@code tick()} after moving their clock).
 *
 * <p>Thread-safe: envelopes live in a concurrent map; each envelope's state is an immutable value replaced under
 * that envelope's lock, so reads never block and two changes to one envelope never interleave. Status listeners
 * are called synchronously while that lock is held, so they see one envelope's changes in order; they must return
 * quickly and must not wait for other threads that use this world.
 */
public final class EnvelopeWorld implements EnvelopeEndpoints, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeWorld.class);

    private final Clock clock;
    private final EnvelopeWorldSettings settings;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Map<String, EnvelopeRecord> envelopes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final StatusProgression progression = new StatusProgression();
    private final List<Consumer<StatusChange>> listeners = new CopyOnWriteArrayList<>();
    private final EnvelopeValidator validator;
    private final EnvelopeControl control;
    private final ConnectEmitter connect;
    private final Supplier<ScheduledExecutorService> schedulerSource;
    private final boolean ownsScheduler;
    private final Object tickLock = new Object();
    private final Object schedulingLock = new Object();
    private volatile Duration signerDelay = Duration.ZERO;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> ticking;

    /** A world with {@link EnvelopeWorldSettings#defaults()} and its own background thread for signer actions. */
    public EnvelopeWorld(Clock clock) {
        this(clock, EnvelopeWorldSettings.defaults());
    }

    /** A world with its own daemon thread for signer actions, started when a signer delay is first set. */
    public EnvelopeWorld(Clock clock, EnvelopeWorldSettings settings) {
        this(clock, settings, () -> Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-signers");
            thread.setDaemon(true);
            return thread;
        }), true);
    }

    /** A world that runs its signer actions on the caller's scheduler; the caller shuts it down. */
    public EnvelopeWorld(Clock clock, EnvelopeWorldSettings settings, ScheduledExecutorService scheduler) {
        this(clock, settings, () -> scheduler, false);
    }

    private EnvelopeWorld(Clock clock, EnvelopeWorldSettings settings, Supplier<ScheduledExecutorService> schedulerSource,
                          boolean ownsScheduler) {
        this.clock = clock;
        this.settings = settings;
        this.schedulerSource = schedulerSource;
        this.ownsScheduler = ownsScheduler;
        this.validator = new EnvelopeValidator(mapper, templates::get);
        this.control = new EnvelopeControl(this, mapper);
        this.connect = new ConnectEmitter(clock, mapper);
    }

    public EnvelopeWorldSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- EnvelopeEndpoints

    /** A REST call without a known user: envelopes it creates are sent by {@link #senderOf the account's stand-in user}. */
    @Override
    public EmulatorResponse handleRest(String method, String accountId, String path, Map<String, List<String>> query, byte[] body) {
        return handleRest(method, accountId, null, path, query, body);
    }

    @Override
    public EmulatorResponse handleRest(String method, String accountId, String userId, String path,
                                       Map<String, List<String>> query, byte[] body) {
        try {
            return routeRest(method.toUpperCase(Locale.ROOT), accountId, userId == null ? senderOf(accountId) : userId,
                    segments(path), query, body == null ? new byte[0] : body);
        } catch (RestFailure failure) {
            return failure.toResponse();
        }
    }

    @Override
    public EmulatorResponse handleControl(String method, String path, Map<String, List<String>> query, byte[] body) {
        try {
            return control.handle(method.toUpperCase(Locale.ROOT), segments(path), query, body == null ? new byte[0] : body);
        } catch (RestFailure failure) {
            return failure.toResponse();
        }
    }

    @Override
    public void registerTemplate(String templateId, String name, List<String> signerRoles, List<String> carbonCopyRoles,
                                 List<String> textTabLabels) {
        List<TemplateRole> roles = new java.util.ArrayList<>();
        signerRoles.forEach(role -> roles.add(new TemplateRole(role, RecipientType.SIGNER)));
        carbonCopyRoles.forEach(role -> roles.add(new TemplateRole(role, RecipientType.CARBON_COPY)));
        registerTemplate(new Template(templateId, name, "Please DocuSign: " + name, List.copyOf(roles), textTabLabels));
    }

    /**
     * Sets how long after sending every recipient acts on its own. Applies to envelopes sent from now on; zero or
     * {@code null} stops automatic progress and drops the actions already scheduled.
     */
    @Override
    public void setSignerDelay(Duration delay) {
        Duration effective = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        signerDelay = effective;
        if (effective.isZero()) {
            progression.clear();
        } else {
            startTicking();
        }
    }

    public Duration signerDelay() {
        return signerDelay;
    }

    /** Forgets every envelope and counter, and Connect's pending messages and delivery log (not its configuration). */
    @Override
    public void reset() {
        envelopes.clear();
        progression.clear();
        connect.clear();
    }

    // ---------------------------------------------------------------- Connect

    /**
     * Turns on the Connect emitter (or replaces its configuration): from now on every status change of an envelope
     * in this world is POSTed as a JSON SIM message to {@link ConnectConfiguration#url()}, asynchronously. Messages
     * already waiting keep the configuration they were generated under.
     */
    public void configureConnect(ConnectConfiguration configuration) {
        connect.configure(Objects.requireNonNull(configuration, "configuration"));
    }

    /** Turns Connect off and drops the messages not delivered yet; the delivery log stays readable. */
    public void disableConnect() {
        connect.disable();
    }

    /** The Connect configuration in force, if Connect is on. */
    public Optional<ConnectConfiguration> connectConfiguration() {
        return Optional.ofNullable(connect.configuration());
    }

    /** Every Connect delivery attempt so far (the latest 1000), oldest first. */
    public List<ConnectDelivery> connectDeliveries() {
        return connect.deliveries();
    }

    // ---------------------------------------------------------------- counters for tests

    /** How many status GETs ({@code GET /envelopes/{id}}, not documents or lists) the envelope has had; 0 if unknown. */
    public long statusGets(String envelopeId) {
        EnvelopeRecord envelope = envelopes.get(envelopeId);
        return envelope == null ? 0 : envelope.counters().statusGets();
    }

    /** Status GETs over all envelopes held (a reset starts again from zero). */
    public long totalStatusGets() {
        return envelopes.values().stream().mapToLong(envelope -> envelope.counters().statusGets()).sum();
    }

    /** Document downloads ({@code GET /envelopes/{id}/documents/{documentId|combined|certificate|archive}}) over all envelopes held. */
    public long totalDocumentDownloads() {
        return envelopes.values().stream().mapToLong(envelope -> envelope.counters().documentDownloads()).sum();
    }

    // ---------------------------------------------------------------- public extras

    /**
     * Registers a listener for every status change, including creation ({@code oldStatus == null}). Called on the
     * thread that made the change, in order per envelope; an exception from a listener is logged and ignored.
     */
    public void addStatusListener(Consumer<StatusChange> listener) {
        listeners.add(listener);
    }

    public void removeStatusListener(Consumer<StatusChange> listener) {
        listeners.remove(listener);
    }

    /** Applies every signer action due by the clock now; returns how many envelopes changed. */
    public int tick() {
        synchronized (tickLock) {
            int changed = 0;
            for (StatusProgression.Step step : progression.takeDue(clock.instant())) {
                EnvelopeRecord envelope = envelopes.get(step.envelopeId());
                if (envelope == null) {
                    continue;
                }
                synchronized (envelope) {
                    // The step's own time, not the tick's, so timestamps are exact however late the tick runs.
                    StatusChange change = envelope.applyScheduled(step.targetStatus(), step.at());
                    if (change != null) {
                        changed++;
                        notifyListeners(change);
                    }
                }
            }
            return changed;
        }
    }

    /** Number of envelopes currently held. */
    public int envelopeCount() {
        return envelopes.size();
    }

    /**
     * Stops the background threads this world started, the Connect emitter's included (a scheduler passed in is
     * left running).
     */
    @Override
    public void close() {
        connect.close();
        synchronized (schedulingLock) {
            if (ticking != null) {
                ticking.cancel(false);
                ticking = null;
            }
            if (ownsScheduler && scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        }
    }

    // ---------------------------------------------------------------- package-private for EnvelopeControl

    void registerTemplate(Template template) {
        templates.put(template.templateId(), template);
    }

    Collection<Template> templates() {
        return templates.values();
    }

    EnvelopeRecord envelope(String envelopeId) {
        return envelopes.get(envelopeId);
    }

    Collection<EnvelopeRecord> envelopes() {
        return envelopes.values();
    }

    Instant now() {
        return DocuSignTime.truncate(clock.instant());
    }

    /** Runs a control transition under the envelope's lock and tells the listeners. */
    StatusChange change(EnvelopeRecord envelope, Function<EnvelopeRecord, StatusChange> transition) {
        synchronized (envelope) {
            StatusChange change = transition.apply(envelope);
            notifyListeners(change);
            return change;
        }
    }

    // ---------------------------------------------------------------- REST routing

    private EmulatorResponse routeRest(String method, String accountId, String userId, List<String> path,
                                       Map<String, List<String>> query, byte[] body) {
        if (path.isEmpty() || !path.get(0).equals("envelopes")) {
            throw notServed(method, path);
        }
        if (path.size() == 1) {
            return switch (method) {
                case "POST" -> create(accountId, userId, body);
                case "GET" -> json(200, StatusQuery.fromQuery(query, now()).run(envelopes.values(), accountId, settings.omitEmptyEnvelopesArray()));
                default -> throw notServed(method, path);
            };
        }
        if (path.size() == 2 && path.get(1).equals("status") && method.equals("PUT")) {
            return bulkStatus(accountId, query, body);
        }
        EnvelopeRecord envelope = envelopes.get(path.get(1));
        if (envelope == null || !envelope.accountId().equals(accountId)) {
            throw new RestFailure(settings.missingEnvelopeStatus(), "ENVELOPE_DOES_NOT_EXIST",
                    "The envelope specified either does not exist or you have no rights to it.");
        }
        if (method.equals("PUT") && path.size() == 2) {
            return update(envelope, body);
        }
        if (!method.equals("GET")) {
            throw notServed(method, path);
        }
        Instant now = now();
        RestFailure limited = envelope.counters().admitGet(now, settings);
        if (limited != null) {
            throw limited;
        }
        if (path.size() == 2) {
            if (envelope.counters().recordStatusGet(now, settings.pollingFlagInterval())) {
                LOG.warn("Envelope {} was polled again within {}; DocuSign flags apps that GET one envelope's status more "
                        + "than once per 15 minutes (poll listStatusChanges or use Connect instead)",
                        envelope.envelopeId(), settings.pollingFlagInterval());
            }
            return json(200, EnvelopeJson.envelope(envelope, includes(query)));
        }
        String resource = path.get(2);
        if (resource.equals("documents")) {
            return documents(envelope, path, query, now);
        }
        if (path.size() == 3 && resource.equals("recipients")) {
            boolean withTabs = firstValue(query, "include_tabs").equalsIgnoreCase("true");
            return json(200, EnvelopeJson.recipients(envelope, envelope.state(), withTabs));
        }
        if (path.size() == 3 && resource.equals("custom_fields")) {
            return json(200, EnvelopeJson.customFields(envelope));
        }
        throw notServed(method, path);
    }

    private EmulatorResponse create(String accountId, String userId, byte[] body) {
        EnvelopeContent content = validator.validate(body);
        Instant now = now();
        EnvelopeRecord envelope = new EnvelopeRecord(UUID.randomUUID().toString(), accountId, userId,
                sequence.incrementAndGet(), content, now);
        synchronized (envelope) {
            // Published and announced under the envelope's lock, so no control call can overtake the creation event.
            envelopes.put(envelope.envelopeId(), envelope);
            Duration delay = signerDelay;
            if (content.status().equals("sent") && !delay.isZero()) {
                progression.schedule(envelope.envelopeId(), now, delay);
            }
            notifyListeners(new StatusChange(envelope.envelopeId(), accountId, null, content.status(), now));
        }
        return json(201, EnvelopeJson.summary(envelope));
    }

    /** {@code PUT /envelopes/{id}}: the one update the emulator models is voiding, as senders do it over REST. */
    private EmulatorResponse update(EnvelopeRecord envelope, byte[] body) {
        JsonNode json = readObject(body);
        String status = LenientJson.nonBlank(json, "status");
        if (status == null || !status.equalsIgnoreCase("voided")) {
            throw RestFailure.invalidParameter("The emulator supports PUT /envelopes/{envelopeId} only with "
                    + "{\"status\":\"voided\",\"voidedReason\":\"...\"}.");
        }
        String reason = LenientJson.nonBlank(json, "voidedReason");
        if (reason == null) {
            throw RestFailure.invalidParameter("A voidedReason is required to void an envelope.");
        }
        change(envelope, e -> e.voidEnvelope(now(), reason));
        return json(200, mapper.createObjectNode().put("envelopeId", envelope.envelopeId()));
    }

    private EmulatorResponse bulkStatus(String accountId, Map<String, List<String>> query, byte[] body) {
        JsonNode json = readObject(body);
        Set<String> envelopeIds = null;
        String idsParameter = firstValue(query, "envelope_ids");
        if (idsParameter.equalsIgnoreCase("request_body")) {
            envelopeIds = new LinkedHashSet<>();
            for (JsonNode id : LenientJson.array(json, "envelopeIds")) {
                envelopeIds.add(id.asText().trim());
            }
        }
        Set<String> transactionIds = new LinkedHashSet<>();
        for (JsonNode id : LenientJson.array(json, "transactionIds")) {
            transactionIds.add(id.asText().trim());
        }
        StatusQuery statusQuery = StatusQuery.fromBody(query, envelopeIds, transactionIds, now());
        return json(200, statusQuery.run(envelopes.values(), accountId, settings.omitEmptyEnvelopesArray()));
    }

    private EmulatorResponse documents(EnvelopeRecord envelope, List<String> path, Map<String, List<String>> query, Instant now) {
        if (path.size() == 3) {
            return json(200, EnvelopeJson.documentList(envelope));
        }
        if (path.size() != 4) {
            throw notServed("GET", path);
        }
        String documentId = path.get(3);
        StoredDocument document = null;
        if (!Set.of("combined", "certificate", "archive").contains(documentId)) {
            document = envelope.document(documentId).orElseThrow(() -> new RestFailure(settings.missingEnvelopeStatus(),
                    "DOCUMENT_DOES_NOT_EXIST", "The document specified was not found. DocumentId: " + documentId));
        }
        if (!settings.throttleOnlyInProgress() || !envelope.state().isTerminal()) {
            boolean combined = documentId.equals("combined");
            RestFailure throttled = envelope.counters().admitDownload(documentId,
                    combined ? settings.combinedDownloadsPerHour() : settings.documentDownloadsPerHour(),
                    combined ? settings.combinedDownloadsPerSixHours() : settings.documentDownloadsPerSixHours(), now);
            if (throttled != null) {
                throw throttled;
            }
        } else {
            envelope.counters().admitDownload(documentId, 0, 0, now);
        }
        return switch (documentId) {
            case "combined" -> EnvelopeDocuments.combined(envelope, !firstValue(query, "certificate").equalsIgnoreCase("false"));
            case "certificate" -> EnvelopeDocuments.certificate(envelope);
            case "archive" -> EnvelopeDocuments.archive(envelope);
            default -> EnvelopeDocuments.document(document, envelope);
        };
    }

    // ---------------------------------------------------------------- plumbing

    JsonNode readObject(byte[] body) {
        JsonNode json;
        try {
            json = body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw EnvelopeValidator.malformedBody(e.getOriginalMessage());
        } catch (IOException e) {
            throw EnvelopeValidator.malformedBody(e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw EnvelopeValidator.malformedBody("A JSON object is required.");
        }
        return json;
    }

    EmulatorResponse json(int status, JsonNode body) {
        try {
            return EmulatorResponse.json(status, mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : Arrays.asList(path.split("/"))) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    static String firstValue(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0).trim();
    }

    private static Set<String> includes(Map<String, List<String>> query) {
        Set<String> include = new LinkedHashSet<>();
        for (String value : query.getOrDefault("include", List.of())) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    include.add(item.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return include;
    }

    static RestFailure notServed(String method, List<String> path) {
        return new RestFailure(404, "RESOURCE_NOT_FOUND",
                "The emulator does not serve " + method + " /" + String.join("/", path) + ".");
    }

    /**
     * The sender recorded when a call does not say which user made it (direct Java calls in tests): a stand-in user
     * id derived from the account, so it is stable and a GUID like DocuSign's.
     */
    static String senderOf(String accountId) {
        return UUID.nameUUIDFromBytes(("emulator-sender:" + accountId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void notifyListeners(StatusChange change) {
        EnvelopeRecord envelope = envelopes.get(change.envelopeId());
        if (envelope != null) {
            try {
                connect.onChange(change, envelope);
            } catch (RuntimeException e) {
                LOG.warn("The Connect emitter failed on {} of envelope {} ({}); no message for this change",
                        change.newStatus(), change.envelopeId(), e.toString(), e);
            }
        }
        for (Consumer<StatusChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("A status listener failed on {} of envelope {} ({}); the change stands, fix the listener",
                        change.newStatus(), change.envelopeId(), e.toString());
            }
        }
    }

    private void startTicking() {
        Duration interval = settings.tickInterval();
        if (interval.isZero()) {
            return;
        }
        synchronized (schedulingLock) {
            if (ticking != null) {
                return;
            }
            if (scheduler == null) {
                scheduler = schedulerSource.get();
            }
            long millis = Math.max(1, interval.toMillis());
            ticking = scheduler.scheduleWithFixedDelay(this::tickQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A failed tick must not cancel the periodic task; the next tick retries whatever is still due.
            LOG.warn("Applying due signer actions failed: {}", e.toString(), e);
        }
    }
}
