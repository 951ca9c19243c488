package io.docusigncamel.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.docusigncamel.InboxFolder;
import io.docusigncamel.InboxFolder.ResultRow;
import io.docusigncamel.LogCapture;
import io.docusigncamel.ServiceUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real service with a copy of the shipped routes (plus a probe route that logs every 200 ms) in a temporary
 * folder and a temporary {@code application.properties} read before the shipped one: route edits, a broken edit, its
 * fix and a property edit all reach the running service without a restart, and the broken edit stops nothing.
 */
class RouteReloadIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** camel-main reads the placeholder locations from this system property before the program's default. */
    private static final String LOCATIONS = "camel.main.property-placeholder-location";

    private ServiceUnderTest service;

    @AfterEach
    void stop() {
        System.clearProperty(LOCATIONS);
        if (service != null) {
            service.close();
        }
    }

    @Test
    void routeAndPropertyEditsTakeEffectWhileABrokenEditLeavesEveryRouteRunning() throws IOException {
        service = new ServiceUnderTest("route-reload");
        Path routes = copyOfShippedRoutes(service.workDir().resolve("routes"));
        Path probe = routes.resolve("probe.yaml");
        Files.writeString(probe, probeRoute("probe v1 {{probe.word}}"));
        Path properties = service.workDir().resolve("application.properties");
        Files.writeString(properties, "probe.word = one\n");
        System.setProperty(LOCATIONS, "file:" + properties + ",classpath:application.properties;optional=true");
        service.property("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml")
                .property(RouteReloader.INTERVAL_KEY, "200ms");

        try (LogCapture log = LogCapture.at(Level.INFO)) {
            service.start();
            InboxFolder inbox = new InboxFolder(service);
            await().atMost(WAIT).until(() -> log.count("probe v1 one") > 0);

            // (a) an edit of a route file
            Files.writeString(probe, probeRoute("probe v2 {{probe.word}}"));
            await().atMost(WAIT).until(() -> log.count("probe v2 one") > 0);

            // (b) a broken edit (the steps key indented one space too little): rejected with file and line
            Files.writeString(probe, probeRoute("probe v3 {{probe.word}}").replace("      steps:", "     steps:"));
            await().atMost(WAIT).until(() -> log.count("probe.yaml line 7, column 6") > 0);
            assertThat(log.text()).contains("keep running as they were [probe]");
            long before = log.count("probe v2 one");
            await().atMost(WAIT).until(() -> log.count("probe v2 one") > before + 3);
            inbox.drop("during-broken-edit.csv", """
                    ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                    EMP-1,Ada Lovelace,ada.lovelace@example.com,Charles Babbage,charles.babbage@example.com
                    """);
            assertThat(inbox.awaitResults("during-broken-edit.csv", WAIT)).extracting(ResultRow::outcome)
                    .containsExactly("sent");
            assertThat(log.count("probe v3")).isZero();
            assertThat(log.count("probe.yaml line 7, column 6")).as("one error per bad version").isEqualTo(1);

            // (c) the fix
            Files.writeString(probe, probeRoute("probe v3 {{probe.word}}"));
            await().atMost(WAIT).until(() -> log.count("probe v3 one") > 0);

            // (d) a property a route reads
            Files.writeString(properties, "probe.word = two\n");
            await().atMost(WAIT).until(() -> log.count("probe v3 two") > 0);

            // the shipped routes still work after all of it
            inbox.drop("after-reloads.csv", """
                    ExternalId,signer::Name,signer::Email,cc::Name,cc::Email
                    EMP-2,Grace Hopper,grace.hopper@example.com,Charles Babbage,charles.babbage@example.com
                    """);
            List<ResultRow> results = inbox.awaitResults("after-reloads.csv", WAIT);
            assertThat(results).extracting(ResultRow::outcome).containsExactly("sent");
            assertThat(log.text()).doesNotContain("send-envelopes.yaml reloaded");
        }
    }

    private static Path copyOfShippedRoutes(Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static String probeRoute(String message) {
        return """
                - route:
                    id: probe
                    from:
                      uri: "timer:probe"
                      parameters:
                        period: 200
                      steps:
                        - log: "%s"
                """.formatted(message);
    }
}
