package io.docusigncamel;

import io.docusigncamel.auth.DocuSignSession;
import io.docusigncamel.auth.JwtAuthProcessor;
import io.docusigncamel.config.DocuSignEnvironment;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.config.TlsTrust;
import io.docusigncamel.health.DocuSignReadiness;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Configuration;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns {@code application.properties} into the beans the YAML routes use: the DocuSign session
 * and the JWT-auth processor ({@code jwtAuth}), the readiness check, TLS trust for Camel's http
 * component, and, in the {@code emulator} environment, the embedded DocuSign emulator.
 */
@Configuration
public class DocuSignConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DocuSignConfiguration.class);
    static final Duration AUTH_FIRST_RETRY = Duration.ofSeconds(2);

    @Override
    public void configure(CamelContext context) throws Exception {
        ServiceSettings settings = SettingsReader.read(PropertySource.of(context)).orThrow();
        if (settings.environment() == DocuSignEnvironment.EMULATOR) {
            EmbeddedEmulator emulator = EmbeddedEmulator.start(settings);
            context.addService(emulator, true, true);
            context.getRegistry().bind("docuSignEmulator", emulator);
            settings = emulator.settings();
        }
        DocuSignConnection connection = DocuSignConnection.open(settings, Clock.systemUTC());
        DocuSignSession session = connection.session();

        context.getRegistry().bind("docuSignSettings", settings);
        context.getRegistry().bind("docuSignSession", session);
        // One processor for the first call and for the redelivery after a 401 (it replaces the rejected token).
        context.getRegistry().bind("jwtAuth", new JwtAuthProcessor(session));

        trustDocuSignHosts(context, TlsTrust.of(settings));
        HealthCheckRegistry.get(context).register(new DocuSignReadiness(session));
        context.addService(new SessionConnector(session, settings.authRetryMaxBackoff()), true, true);
        LOG.info("DocuSign: environment {}, OAuth host {}, integration key {}", settings.environment().propertyValue(),
                settings.oauthBaseUrl(), settings.integrationKey());
    }

    /** Camel's http component (the routes' calls to the REST API) trusts the same certificates as the token client. */
    private static void trustDocuSignHosts(CamelContext context, TlsTrust trust) {
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
        for (String scheme : new String[] {"http", "https"}) {
            context.getComponent(scheme, HttpComponent.class).setSslContextParameters(ssl);
        }
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
