package io.docusigncamel.emulator;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A local DocuSign: one HTTPS port serving the OAuth host ({@code /oauth/...}), the REST host
 * ({@code /restapi/v2.1/accounts/{accountId}/...}) and a test-only control API ({@code /emulator/...}).
 * The HTTP front (TLS, JWT Grant, consent, userinfo, bearer tokens, account check, rate limits, scripted faults,
 * request log) lives here; envelopes are the {@link EnvelopeEndpoints} it is given.
 *
 * <p>Its identity (integration key, user, accounts, template id, demo key pair, TLS certificate, consent) is kept
 * in the state directory, so a restarted emulator is the same environment to its clients. Every start writes
 * {@code credentials.json} there with what a client needs (see {@link #credentialsFile()}).
 *
 * <pre>{@code
 * try (DocuSignEmulator emulator = DocuSignEmulator.builder().stateDir(dir).envelopeEndpoints(world).build()) {
 *     emulator.start();
 *     emulator.grantConsent();
 *     ... point a client at emulator.oauthBaseUrl() trusting emulator.truststoreFile() ...
 * }
 * }</pre>
 *
 * Thread-safe once started: the control methods may be called from any thread while requests are served.
 */
public final class DocuSignEmulator implements AutoCloseable {

    static final String CREDENTIALS_FILE = "credentials.json";
    static final String DEMO_PRIVATE_KEY_FILE = "demo-private-key.pem";
    /** The default template's shape is fixed for other tools' scripts (SPEC §9). */
    static final String TEMPLATE_NAME = "New hire agreement";
    static final List<String> TEMPLATE_SIGNER_ROLES = List.of("signer");
    static final List<String> TEMPLATE_CC_ROLES = List.of("cc");
    static final List<String> TEMPLATE_ROLES = List.of("signer", "cc");
    static final List<String> TEMPLATE_TEXT_TABS = List.of("startDate", "salary");
    private static final String BIND_ADDRESS = "127.0.0.1";
    private static final Logger LOG = LoggerFactory.getLogger(DocuSignEmulator.class);

    private final int requestedPort;
    private final String hostName;
    private final Path stateDir;
    private final Clock clock;
    private final Supplier<? extends EnvelopeEndpoints> envelopeSource;
    private final AtomicReference<EmulatorSettings> settings;
    private final FaultScript faults;
    private final RequestLog log = new RequestLog();
    private final RateWindows rates;
    private final AccessTokens tokens;

    private volatile Running running;

    /** Everything that exists only while the emulator runs. */
    private record Running(Vertx vertx, HttpFront front, int port, IdentityStore identities, EnvelopeEndpoints envelopes,
                           TlsMaterial tls) {
    }

    private DocuSignEmulator(Builder b) {
        this.requestedPort = b.port;
        this.hostName = b.hostName;
        this.stateDir = b.stateDir.toAbsolutePath().normalize();
        this.clock = b.clock;
        this.envelopeSource = Objects.requireNonNull(b.envelopes,
                "envelopeEndpoints: the emulator needs an envelope world to answer REST calls");
        this.settings = new AtomicReference<>(b.settings);
        this.faults = new FaultScript(b.faultSeed);
        this.rates = new RateWindows(clock);
        this.tokens = new AccessTokens(clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates or loads the identity and TLS material, registers the default template and the signer delay with the
     * envelope world, starts listening and writes {@code credentials.json}.
     *
     * @throws IOException when the state directory cannot be written or the port cannot be bound
     */
    public synchronized DocuSignEmulator start() throws IOException {
        if (running != null) {
            throw new IllegalStateException("the emulator is already running on port " + running.port());
        }
        Files.createDirectories(stateDir);
        IdentityStore identities = IdentityStore.loadOrCreate(stateDir, clock);
        ensureDemoKey(identities);
        TlsMaterial tls = TlsMaterial.loadOrCreate(stateDir, identities.keystorePassword(),
                identities.truststorePassword().toCharArray());
        EnvelopeEndpoints envelopes = Objects.requireNonNull(envelopeSource.get(), "the envelope endpoints supplier "
                + "returned null");
        envelopes.registerTemplate(identities.templateId(), TEMPLATE_NAME, TEMPLATE_SIGNER_ROLES, TEMPLATE_CC_ROLES,
                TEMPLATE_TEXT_TABS);
        envelopes.setSignerDelay(settings.get().signerDelay());

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8)
                // No .vertx file cache in the working directory: the emulator serves no files.
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        HttpFront front = null;
        try {
            Routes routes = new Routes(identities, envelopes);
            front = new HttpFront(vertx, routes, faults, log, clock);
            int port = front.start(BIND_ADDRESS, requestedPort, tls.keystore(), identities.keystorePassword());
            routes.bind(port);
            running = new Running(vertx, front, port, identities, envelopes, tls);
            identities.registerDemoRedirectUri(redirectUri(), ControlApi.CONSENT_CALLBACK);
            writeCredentials();
        } catch (Exception e) {
            running = null;
            stopQuietly(vertx, front);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("the DocuSign emulator could not start: " + e.getMessage(), e);
        }
        LOG.info("DocuSign emulator ready at {} (state and credentials.json in {})", baseUrl(), stateDir);
        return this;
    }

    /** Stops listening; connections held by hang faults are closed. Idempotent. */
    @Override
    public synchronized void close() {
        Running r = running;
        running = null;
        if (r != null) {
            stopQuietly(r.vertx(), r.front());
            LOG.info("DocuSign emulator on port {} stopped", r.port());
        }
    }

    public boolean isRunning() {
        return running != null;
    }

    // ---- addresses -------------------------------------------------------------------------------------------

    public int port() {
        return run().port();
    }

    /** {@code https://localhost:PORT}: the origin of all three hosts, and the accounts' {@code base_uri}. */
    public String baseUrl() {
        return "https://" + oauthBasePath();
    }

    /** The OAuth host's URL; same origin as the REST host. */
    public String oauthBaseUrl() {
        return baseUrl();
    }

    /** {@code localhost:PORT}: what the SDK's {@code setOAuthBasePath} and the JWT {@code aud} want. */
    public String oauthBasePath() {
        return hostName + ":" + port();
    }

    /** {@code https://localhost:PORT/restapi}: the REST base path (the account's {@code base_uri} + /restapi). */
    public String restBaseUri() {
        return baseUrl() + "/restapi";
    }

    public String controlBaseUrl() {
        return baseUrl() + ControlApi.PREFIX;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path credentialsFile() {
        return stateDir.resolve(CREDENTIALS_FILE);
    }

    /** PKCS#12 truststore holding the emulator's certificate; password {@link #truststorePassword()}. */
    public Path truststoreFile() {
        return run().tls().truststore();
    }

    public String truststorePassword() {
        return run().identities().truststorePassword();
    }

    /** An SSL context that trusts exactly the emulator's certificate, for Java clients in the same process. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(truststoreFile())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, truststorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the emulator's truststore " + truststoreFile(), e);
        }
    }

    // ---- identity --------------------------------------------------------------------------------------------

    public EmulatorIdentity identity() {
        IdentityStore identities = run().identities();
        EmulatorUser user = identities.user(identities.demoUserId());
        return new EmulatorIdentity(identities.demoIntegrationKey(), user.userId(), user.name(), user.email(),
                user.accounts(), identities.templateId(), privateKeyFile(), redirectUri());
    }

    public String integrationKey() {
        return run().identities().demoIntegrationKey();
    }

    public String userId() {
        return run().identities().demoUserId();
    }

    public String defaultAccountId() {
        return identity().defaultAccountId();
    }

    public String templateId() {
        return run().identities().templateId();
    }

    /** The demo private key, PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}) as DocuSign's console gives it. */
    public Path privateKeyFile() {
        return stateDir.resolve(DEMO_PRIVATE_KEY_FILE);
    }

    /** The redirect URI registered on the demo integration key: the emulator's own consent-callback page. */
    public String redirectUri() {
        return controlBaseUrl() + ControlApi.CONSENT_CALLBACK;
    }

    /** The individual-consent URL for the demo user (docusign-api.md §3); a GET of it grants consent. */
    public String consentUrl() {
        return oauthBaseUrl() + "/oauth/auth?response_type=code&scope=signature%20impersonation&client_id="
                + integrationKey() + "&redirect_uri=" + URLEncoder.encode(redirectUri(), StandardCharsets.UTF_8);
    }

    // ---- control (mirrors the control API) -------------------------------------------------------------------

    /** Grants the demo user's consent to the demo integration key for {@code signature impersonation}. */
    public void grantConsent() throws IOException {
        grantConsent(integrationKey(), userId(), JwtGrant.REQUIRED_CONSENT);
    }

    public void grantConsent(String integrationKey, String userId, Set<String> scopes) throws IOException {
        run().identities().grantConsent(integrationKey, userId, scopes);
    }

    /** Revokes the demo user's consent; tokens already issued stay valid until they expire, as at DocuSign. */
    public void revokeConsent() throws IOException {
        revokeConsent(integrationKey(), userId());
    }

    public void revokeConsent(String integrationKey, String userId) throws IOException {
        run().identities().revokeConsent(integrationKey, userId);
    }

    public Set<String> consentedScopes(String integrationKey, String userId) {
        return run().identities().consentedScopes(integrationKey, userId);
    }

    /**
     * Registers an RSA public key (PEM) for an integration key; at most five per key, as at DocuSign.
     *
     * @return how many keys the integration key holds now
     */
    public int registerPublicKey(String integrationKey, String publicKeyPem) throws IOException {
        return run().identities().registerKey(integrationKey, publicKeyPem);
    }

    public int registerPublicKey(String integrationKey, PublicKey publicKey) throws IOException {
        return registerPublicKey(integrationKey, Pem.publicKey(publicKey));
    }

    /**
     * Registers another integration key whose consent page grants for {@code userId}; an unknown user is created
     * with one account of its own.
     */
    public EmulatorUser addIntegration(String integrationKey, String userId, String userName, String email,
                                       List<String> redirectUris) throws IOException {
        return run().identities().addIntegration(integrationKey, userId, userName, email, redirectUris, clock);
    }

    /** Ends every issued access token now; returns how many were live. */
    public int expireAllTokens() {
        return tokens.expireAll();
    }

    public EmulatorSettings settings() {
        return settings.get();
    }

    /** Replaces the settings; a changed signer delay is passed on to the envelope world. */
    public void applySettings(EmulatorSettings newSettings) {
        EmulatorSettings old = settings.getAndSet(Objects.requireNonNull(newSettings));
        Running r = running;
        if (r != null && !Objects.equals(old.signerDelay(), newSettings.signerDelay())) {
            r.envelopes().setSignerDelay(newSettings.signerDelay());
        }
    }

    /** Adds a fault; returns its id. Faults apply in the order they were added. */
    public String addFault(Fault fault) {
        return faults.add(fault);
    }

    public List<ActiveFault> faults() {
        return faults.list();
    }

    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Restarts the faults' random draws from {@code seed}, to replay a chaos run. */
    public void reseedFaults(long seed) {
        faults.reseed(seed);
    }

    public List<RecordedRequest> requests() {
        return log.requests();
    }

    public EmulatorCounters counters() {
        return log.counters();
    }

    /**
     * Forgets envelopes, faults, the request log, counters and rate windows, and closes hung connections; keeps
     * identity, keys, consent and issued tokens.
     */
    public void reset() {
        Running r = run();
        r.envelopes().reset();
        faults.clear();
        log.clear();
        rates.clear();
        r.front().releaseHung();
    }

    /** What {@code GET /emulator/state} shows. */
    Map<String, Object> describe() {
        IdentityStore identities = run().identities();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identity", credentials());
        out.putAll(identities.describe());
        out.put("settings", settings.get().toJson());
        out.put("liveTokens", tokens.liveCount());
        out.put("faults", faults.list().size());
        return out;
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private Running run() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the emulator is not running; call start() first");
        }
        return r;
    }

    private void ensureDemoKey(IdentityStore identities) throws IOException {
        if (Files.isRegularFile(privateKeyFile()) && identities.demoPublicKey() != null) {
            return;
        }
        KeyPair pair = Pem.newRsaKeyPair();
        Pem.writePrivate(privateKeyFile(), Pem.pkcs1(pair.getPrivate()));
        identities.replaceDemoKey(Pem.publicKey(pair.getPublic()));
    }

    private Map<String, Object> credentials() {
        EmulatorIdentity id = identity();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("baseUrl", baseUrl());
        c.put("oauthBaseUrl", oauthBaseUrl());
        c.put("oauthBasePath", oauthBasePath());
        c.put("restBaseUri", restBaseUri());
        c.put("controlBaseUrl", controlBaseUrl());
        c.put("integrationKey", id.integrationKey());
        c.put("userId", id.userId());
        c.put("accountId", id.defaultAccountId());
        c.put("accounts", id.accounts());
        c.put("privateKeyFile", id.privateKeyFile().toString());
        c.put("truststoreFile", truststoreFile().toString());
        c.put("truststorePassword", truststorePassword());
        c.put("truststoreType", "PKCS12");
        c.put("templateId", id.templateId());
        c.put("templateRoles", TEMPLATE_ROLES);
        c.put("templateTextTabs", TEMPLATE_TEXT_TABS);
        c.put("redirectUri", id.redirectUri());
        c.put("scopes", "signature impersonation");
        c.put("consentUrl", consentUrl());
        return c;
    }

    private void writeCredentials() throws IOException {
        Path temp = stateDir.resolve(CREDENTIALS_FILE + ".tmp");
        Files.writeString(temp, Json.pretty(credentials()) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, credentialsFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void stopQuietly(Vertx vertx, HttpFront front) {
        try {
            if (front != null) {
                front.stop();
            }
        } catch (Exception e) {
            LOG.warn("the emulator's HTTP server did not stop cleanly: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("the emulator's Vert.x instance did not stop cleanly: {}", e.toString());
        }
    }

    /** Sends each request to the host it addresses. */
    private final class Routes implements HttpFront.Handler {
        private final IdentityStore identities;
        private final EnvelopeEndpoints envelopes;
        private final ControlApi control;
        private volatile OAuthHost oauth;
        private volatile RestGate rest;

        Routes(IdentityStore identities, EnvelopeEndpoints envelopes) {
            this.identities = identities;
            this.envelopes = envelopes;
            this.control = new ControlApi(DocuSignEmulator.this, envelopes);
        }

        /** Completes the routes once the port, and with it the JWT audience and base URI, is known. */
        void bind(int port) {
            String authority = hostName + ":" + port;
            oauth = new OAuthHost(identities, tokens, new JwtGrant(identities, clock), log, settings::get, authority,
                    "https://" + authority);
            rest = new RestGate(tokens, identities, rates, settings::get, envelopes);
        }

        @Override
        public EmulatorResponse answer(IncomingRequest request) {
            String path = request.path();
            if (path.startsWith("/oauth/")) {
                return oauth.answer(request);
            }
            if (path.startsWith("/restapi/")) {
                return rest.answer(request);
            }
            if (path.equals(ControlApi.PREFIX) || path.startsWith(ControlApi.PREFIX + "/")) {
                return control.answer(request);
            }
            return RestGate.notFound();
        }

        @Override
        public EmulatorResponse decorateFault(IncomingRequest request, EmulatorResponse faultAnswer) {
            return request.path().startsWith("/restapi/") ? rest.stampFault(request.path(), faultAnswer) : faultAnswer;
        }
    }

    /** Options for a new emulator; every one has a default matching DocuSign's developer environment. */
    public static final class Builder {
        private int port;
        private String hostName = "localhost";
        private Path stateDir = Path.of("data", "emulator");
        private Clock clock = Clock.systemUTC();
        private Supplier<? extends EnvelopeEndpoints> envelopes;
        private EmulatorSettings settings = EmulatorSettings.defaults();
        private long faultSeed = 1;

        private Builder() {
        }

        /** The HTTPS port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The host name in URLs and the JWT audience; default {@code localhost}. The server binds to loopback. */
        public Builder hostName(String hostName) {
            this.hostName = Objects.requireNonNull(hostName);
            return this;
        }

        /** Where identity, keys, certificates and {@code credentials.json} live; default {@code data/emulator}. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = Objects.requireNonNull(stateDir);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder envelopeEndpoints(EnvelopeEndpoints envelopes) {
            Objects.requireNonNull(envelopes);
            this.envelopes = () -> envelopes;
            return this;
        }

        /** Called once per {@link #start()}, e.g. {@code () -> new EnvelopeWorld(clock)}. */
        public Builder envelopeEndpoints(Supplier<? extends EnvelopeEndpoints> envelopes) {
            this.envelopes = Objects.requireNonNull(envelopes);
            return this;
        }

        public Builder settings(EmulatorSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder signerDelay(Duration delay) {
            settings = settings.withSignerDelay(delay);
            return this;
        }

        /** The {@code expires_in} of issued tokens; default one hour. */
        public Builder tokenLifetime(Duration lifetime) {
            settings = settings.withTokenLifetime(lifetime);
            return this;
        }

        /** Whether assertions with {@code exp - iat > 3600} are refused; default true. */
        public Builder rejectLongAssertions(boolean reject) {
            settings = settings.withRejectLongAssertions(reject);
            return this;
        }

        public Builder hourlyLimit(int limit) {
            settings = settings.withHourlyLimit(limit, settings.hourlyWindow());
            return this;
        }

        /** The length of the "hour" window; default one hour, shorter in tests. */
        public Builder hourlyWindow(Duration window) {
            settings = settings.withHourlyLimit(settings.hourlyLimit(), window);
            return this;
        }

        public Builder burstLimit(int limit) {
            settings = settings.withBurstLimit(limit, settings.burstWindow());
            return this;
        }

        public Builder burstWindow(Duration window) {
            settings = settings.withBurstLimit(settings.burstLimit(), window);
            return this;
        }

        /** The status of limit errors: 429 (default) or 400, as integrators have seen both. */
        public Builder limitStatus(int status) {
            settings = settings.withLimitStatus(status);
            return this;
        }

        /** Seed of the random draws of faults with a probability. */
        public Builder faultSeed(long seed) {
            this.faultSeed = seed;
            return this;
        }

        public DocuSignEmulator build() {
            return new DocuSignEmulator(this);
        }
    }
}
