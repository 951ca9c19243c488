package io.docusigncamel;

import io.docusigncamel.api.HttpCallNotifier;
import io.docusigncamel.api.RateBudget;
import io.docusigncamel.api.RateBudgetSettings;
import io.docusigncamel.api.RateLimitObserver;
import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.auth.JwtAuthProcessor;
import io.docusigncamel.config.DocuSignEnvironment;
import io.docusigncamel.config.Durations;
import io.docusigncamel.connect.ConnectQueue;
import io.docusigncamel.emulator.envelope.ConnectConfiguration;
import io.docusigncamel.connect.ConnectReceiver;
import io.docusigncamel.connect.ConnectSignatures;
import io.docusigncamel.status.EventOutbox;
import io.docusigncamel.status.SignedArchive;
import io.docusigncamel.status.StatusEvents;
import io.docusigncamel.status.StatusPoller;
import io.docusigncamel.status.TrackingSettings;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.config.TlsTrust;
import io.docusigncamel.config.Secret;
import io.docusigncamel.health.DocuSignReadiness;
import io.docusigncamel.health.InboxFolderReadiness;
import io.docusigncamel.health.LedgerReadiness;
import io.docusigncamel.metrics.DocuSignMetrics;
import io.docusigncamel.inbox.EnvelopeMapping;
import io.docusigncamel.inbox.InboxSettings;
import io.docusigncamel.config.InvalidSettingsException;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.reload.RouteReloader;
import io.docusigncamel.send.InboxFiles;
import io.docusigncamel.send.PendingRows;
import io.docusigncamel.send.RetryPolicy;
import io.docusigncamel.send.RowSender;
import io.docusigncamel.send.RunReconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Configuration;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns {@code application.properties} into the beans the YAML routes use: the DocuSign session,
 * the shared API budget and the JWT-auth processor ({@code jwtAuth}), time-outs and TLS trust for Camel's http
 * components, the ledger and the send route's beans, the tracking beans (poller, Connect receiver and queue, event
 * pipeline, webhook outbox, archive), readiness checks and metrics, the route reloader, and, in the {@code emulator}
 * environment, the embedded DocuSign emulator.
 */
@Configuration
public class DocuSignConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DocuSignConfiguration.class);
    static final Duration AUTH_FIRST_RETRY = Duration.ofSeconds(2);
    /** The registry name of the {@link EmbeddedEmulator} in the {@code emulator} environment. */
    public static final String EMULATOR_BEAN = "docuSignEmulator";
    /** Routes whose DocuSign calls send envelopes (the rest track status and download documents). */
    static final Set<String> SENDING_ROUTES = Set.of("send-envelopes", "resolve-pending-rows");
    /** Signed PDFs downloaded at the same time. */
    static final int ARCHIVE_DOWNLOADS = 4;

    @Override
    public void configure(CamelContext context) throws Exception {
        List<String> problems = Application.configurationProblems(PropertySource.of(context));
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        ServiceSettings settings = SettingsReader.read(PropertySource.of(context)).orThrow();
        InboxSettings inbox = InboxSettings.read(PropertySource.of(context)).orThrow();
        TrackingSettings tracking = TrackingSettings.read(PropertySource.of(context)).orThrow();
        EmbeddedEmulator embedded = null;
        if (settings.environment() == DocuSignEnvironment.EMULATOR) {
            // An emulator bound by the embedding program (tests: one emulator outliving service restarts, as DocuSign
            // does) is used as it is; otherwise the service starts its own and stops it with the context.
            EmbeddedEmulator emulator = context.getRegistry().lookupByNameAndType(EMULATOR_BEAN, EmbeddedEmulator.class);
            if (emulator == null) {
                emulator = EmbeddedEmulator.start(settings);
                context.addService(emulator, true, true);
                context.getRegistry().bind(EMULATOR_BEAN, emulator);
            }
            if (inbox.templateId().isEmpty()) {
                // the emulator's registered template, so that the samples work with no setting at all
                inbox = inbox.withTemplateId(emulator.emulator().templateId());
            }
            settings = emulator.identify(settings);
            embedded = emulator;
        }
        DocuSignConnection connection = DocuSignConnection.open(settings, Clock.systemUTC());
        DocuSignSession session = connection.session();

        context.getRegistry().bind("docuSignSettings", settings);
        context.getRegistry().bind("docuSignSession", session);
        // One processor for the first call and for the redelivery after a 401 (it replaces the rejected token); it
        // also paces every call by the shared API budget, which the observer keeps up to date from the responses.
        RateBudget budget = RateBudgetSettings.read(PropertySource.of(context)).orThrow().budget(Clock.systemUTC());
        context.getRegistry().bind("rateBudget", budget);
        HttpCallNotifier.install(context, new RateLimitObserver(budget));
        context.getRegistry().bind("jwtAuth", new JwtAuthProcessor(session, budget, SENDING_ROUTES));

        configureHttp(context, settings);
        Ledger ledger = configureInbox(context, settings, inbox);
        configureTracking(context, settings, tracking, ledger, () -> session.status().ready());
        if (embedded != null && tracking.connectEnabled()) {
            connectEmulatorToListener(context, embedded, tracking);
        }
        HealthCheckRegistry.get(context).register(new DocuSignReadiness(session));
        configureObservability(context, settings, ledger, session, budget);
        context.addService(new SessionConnector(session, settings.authRetryMaxBackoff()), true, true);
        context.addService(RouteReloader.fromSettings(context), true, true);
        LOG.info("DocuSign: environment {}, OAuth host {}, integration key {}", settings.environment().propertyValue(),
                settings.oauthBaseUrl(), settings.integrationKey());
    }

    /**
     * The beans of {@code routes/send-envelopes.yaml}: the ledger, the inbox's settings and mapping, the per-file and
     * per-row steps, the bounded pool that sends rows of a file in parallel, and the folders.
     */
    private static Ledger configureInbox(CamelContext context, ServiceSettings settings, InboxSettings inbox) throws Exception {
        EnvelopeMapping mapping = EnvelopeMapping.from(inbox); // checked with the other settings already
        Ledger ledger = Ledger.open(settings.ledgerJdbcUrl(), settings.ledgerUser().orElse(null),
                settings.ledgerPassword().map(Secret::chars).orElse(null));
        context.addService(new LedgerService(ledger), true, true);
        Path resultsDir = Files.createDirectories(settings.outboxDir().resolve("results"));
        Files.createDirectories(settings.inboxDir());
        Clock clock = Clock.systemUTC();
        RetryPolicy retry = new RetryPolicy(settings.maxAttempts(), settings.retryInitialBackoff(), settings.retryMaxBackoff());
        context.getRegistry().bind("ledger", ledger);
        context.getRegistry().bind("inboxFiles", new InboxFiles(ledger, inbox, mapping, resultsDir, clock,
                new RunReconciler(context.createProducerTemplate(), ledger)));
        context.getRegistry().bind("rowSender", new RowSender(ledger, mapping, retry, clock));
        context.getRegistry().bind("pendingRows", new PendingRows(ledger, clock));
        // Bounded: at most `concurrency` rows in flight and a short queue; when both are full the splitting thread
        // sends the row itself, which keeps memory constant however long the file is.
        ThreadPoolProfile rows = new ThreadPoolProfileBuilder("rowSenders").poolSize(inbox.concurrency())
                .maxPoolSize(inbox.concurrency()).maxQueueSize(inbox.concurrency() * 2)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        context.getExecutorServiceManager().registerThreadPoolProfile(rows);
        context.getRegistry().bind("rowSenders", context.getExecutorServiceManager().newThreadPool(context, "rowSenders", rows));
        return ledger;
    }

    /**
     * The beans of {@code routes/poll-status.yaml}, {@code routes/connect-listener.yaml} and
     * {@code routes/envelope-events.yaml}: the poller, the Connect receiver and queue, the event pipeline, the
     * webhook outbox and the archive of signed PDFs. In the emulator the poll interval is
     * {@code docusign.emulator.poll-interval} (DocuSign's 15-minute rule is about DocuSign).
     */
    private static void configureTracking(CamelContext context, ServiceSettings settings, TrackingSettings tracking,
                                          Ledger ledger, BooleanSupplier docuSignReady) throws Exception {
        Clock clock = Clock.systemUTC();
        Duration interval = settings.environment() == DocuSignEnvironment.EMULATOR
                ? tracking.emulatorPollInterval() : settings.pollInterval();
        Path eventsDir = EventOutbox.eventsDir(settings.outboxDir());
        Path completedDir = Files.createDirectories(settings.outboxDir().resolve("completed"));
        context.getRegistry().bind("statusPoller", new StatusPoller(ledger.tracking(), interval, tracking, clock, docuSignReady));
        context.getRegistry().bind("statusEvents", new StatusEvents(ledger, tracking, clock));
        context.getRegistry().bind("eventOutbox", new EventOutbox(ledger.tracking(), eventsDir, tracking, clock));
        context.getRegistry().bind("signedArchive", new SignedArchive(ledger.tracking(), completedDir, clock, docuSignReady));
        context.getRegistry().bind("archiveDownloads",
                context.getExecutorServiceManager().newFixedThreadPool(context, "archiveDownloads", ARCHIVE_DOWNLOADS));
        context.getRegistry().bind("connectReceiver", new ConnectReceiver(new ConnectSignatures(tracking.connectHmacKeys()),
                ledger.tracking(), tracking.connectMaxBodySize(), clock));
        context.getRegistry().bind("connectQueue", new ConnectQueue(ledger.tracking(), clock));
        LOG.info("Status tracking: polling every {}{}{}", Durations.format(interval),
                tracking.connectEnabled() ? ", Connect listener on " + tracking.connectPath() : "",
                tracking.webhookUrl().map(url -> ", events also POSTed to " + url.getHost()).orElse(""));
    }

    /**
     * Readiness of the ledger and the inbox folder, and the service's metrics on {@code /observe/metrics}, the API
     * budget's remaining calls among them.
     */
    private static void configureObservability(CamelContext context, ServiceSettings settings, Ledger ledger,
                                               DocuSignSession session, RateBudget budget) {
        HealthCheckRegistry.get(context).register(new LedgerReadiness(ledger));
        HealthCheckRegistry.get(context).register(new InboxFolderReadiness(settings.inboxDir()));
        DocuSignMetrics.install(context, DocuSignMetrics.of(ledger, DocuSignMetrics.POLL_CHECKPOINT, session, Clock.systemUTC()));
        DocuSignMetrics.registerRateLimitGauges(DocuSignMetrics.meterRegistry(context),
                () -> budget.hourlyRemaining().orElse(-1), () -> budget.burstRemaining().orElse(-1));
    }

    /**
     * With {@code connect.enabled} in the emulator, the emulator's Connect sends JSON SIM messages (with the envelope
     * summary, HMAC-signed with the first configured key) to this service's own listener, as a DocuSign account's
     * Connect configuration would.
     */
    private static void connectEmulatorToListener(CamelContext context, EmbeddedEmulator emulator, TrackingSettings tracking) {
        String url = "http://localhost:" + context.resolvePropertyPlaceholders("{{camel.server.port}}") + tracking.connectPath();
        String key = new String(tracking.connectHmacKeys().get(0).chars());
        emulator.envelopes().configureConnect(ConnectConfiguration.to(url).withHmacKeys(key)
                .withIncludeData("custom_fields", "recipients"));
        LOG.info("Embedded emulator: Connect messages go to {}", url);
    }

    /** Closes the ledger's connections when the context stops. */
    private static final class LedgerService extends ServiceSupport {
        private final Ledger ledger;

        LedgerService(Ledger ledger) {
            this.ledger = ledger;
        }

        @Override
        protected void doStop() {
            ledger.close();
        }
    }

    /**
     * Camel's http components (the routes' calls to the REST API and the events webhook) get
     * {@code docusign.http-timeout}; https calls trust the same certificates as the token client.
     */
    private static void configureHttp(CamelContext context, ServiceSettings settings) {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.httpTimeout().toMillis());
            http.setConnectionRequestTimeout(settings.httpTimeout().toMillis());
            http.setSoTimeout(settings.httpTimeout().toMillis());
            http.setResponseTimeout(settings.httpTimeout().toMillis());
            // Apache HttpClient would re-send a request answered 429 or 503 on its own, a POST that creates an
            // envelope included: every retry is the routes' decision (SPEC §6, and the API budget must see the 429).
            http.setAutomaticRetriesDisabled(true);
        }
        TlsTrust trust = TlsTrust.of(settings);
        if (trust.truststoreFile().isEmpty()) {
            return;
        }
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trust.truststoreFile().get().toAbsolutePath());
        store.setType("PKCS12");
        trust.password().ifPresent(p -> store.setPassword(new String(p.chars())));
        TrustManagersParameters trustManagers = new TrustManagersParameters();
        trustManagers.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trustManagers);
        // Only on https: DocuSign is always https, and on the http component SSL parameters turn every plain
        // http:// call (an events webhook inside the network) into https.
        context.getComponent("https", HttpComponent.class).setSslContextParameters(ssl);
    }

    /**
     * Connects the session once the context runs and keeps retrying with backoff while DocuSign refuses (consent
     * missing, key rejected), so the service waits instead of crash-looping; stops the retries with the context.
     */
    static final class SessionConnector extends ServiceSupport implements CamelContextAware {
        private final DocuSignSession session;
        private final Duration maxBackoff;
        private CamelContext camelContext;
        private ScheduledExecutorService scheduler;

        SessionConnector(DocuSignSession session, Duration maxBackoff) {
            this.session = session;
            this.maxBackoff = maxBackoff;
        }

        @Override
        public CamelContext getCamelContext() {
            return camelContext;
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            this.camelContext = camelContext;
        }

        @Override
        protected void doStart() {
            scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "docusign-auth");
            Duration first = AUTH_FIRST_RETRY.compareTo(maxBackoff) < 0 ? AUTH_FIRST_RETRY : maxBackoff;
            session.connectInBackground(scheduler, first, maxBackoff);
        }

        @Override
        protected void doStop() {
            session.stop();
            if (scheduler != null) {
                camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            }
        }
    }
}
