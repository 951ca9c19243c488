package io.docusigncamel.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.LogCapture;
import io.docusigncamel.config.InvalidSettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reloader against a plain Camel context with routes loaded from files the way camel-main loads them; each test
 * edits files and calls {@link RouteReloader#reloadNow()} (the poll interval is an hour, so nothing runs by itself).
 */
class RouteReloaderTest {

    @TempDir
    Path dir;

    private Path routes;
    private Path properties;
    private CamelContext context;
    private RouteReloader reloader;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        routes = Files.createDirectories(dir.resolve("routes"));
        properties = dir.resolve("application.properties");
        Files.writeString(properties, "greeting = hello\n");
        Files.writeString(routes.resolve("a.yaml"), answering("a1", "a-one", "a2", "a-two"));
        Files.writeString(routes.resolve("b.yaml"), answering("b1", "b-{{greeting}}"));
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("file:" + properties + ";optional=true");
        context.getPropertiesComponent().addOverrideProperty(RouteReloader.INCLUDE_PATTERN_KEY, "file:" + routes + "/*.yaml");
        for (String name : new String[] {"a.yaml", "b.yaml"}) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "file:" + routes.resolve(name)));
        }
        reloader = new RouteReloader(Duration.ofHours(1));
        context.addService(reloader, true, true);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void anEditedFileReplacesExactlyItsOwnRoutes() throws Exception {
        Route untouched = context.getRoute("b1");
        Files.writeString(routes.resolve("a.yaml"), answering("a1", "a-one-edited", "a3", "a-three"));

        reloader.reloadNow();

        assertThat(call("a1")).isEqualTo("a-one-edited");
        assertThat(call("a3")).isEqualTo("a-three");
        assertThat(context.getRoute("a2")).as("a route taken out of the file is removed").isNull();
        assertThat(context.getRoute("b1")).as("the other file's route was not rebuilt").isSameAs(untouched);
    }

    @Test
    void brokenYamlIsRejectedWithFileAndLineAndTheRunningRoutesStay() throws Exception {
        Route running = context.getRoute("a1");
        Files.writeString(routes.resolve("a.yaml"), """
                - route:
                    id: a1
                    from:
                      uri: direct:a1
                     steps:
                        - setBody:
                            constant: broken
                """);

        try (LogCapture log = LogCapture.at(Level.INFO)) {
            reloader.reloadNow();
            reloader.reloadNow();

            assertThat(log.count("a.yaml line 5, column 6")).as("logged once per bad version").isEqualTo(1);
            assertThat(log.text()).contains("the routes of ").contains("keep running as they were");
        }
        assertThat(context.getRoute("a1")).isSameAs(running);
        assertThat(call("a1")).isEqualTo("a-one");
        assertThat(call("a2")).isEqualTo("a-two");
    }

    @Test
    void aFileWhoseRouteCannotBeBuiltIsRejectedBeforeAnyRouteStops() throws Exception {
        Route running = context.getRoute("a1");
        Files.writeString(routes.resolve("a.yaml"), """
                - route:
                    id: a1
                    from:
                      uri: direct:a1
                      steps:
                        - to: nosuchcomponent:x
                """);

        try (LogCapture log = LogCapture.at(Level.INFO)) {
            reloader.reloadNow();

            assertThat(log.text()).contains("a.yaml line 1 (route a1): No endpoint could be found for: nosuchcomponent://x");
        }
        assertThat(context.getRoute("a1")).isSameAs(running);
        assertThat(context.getRoutes()).extracting(Route::getId).containsExactlyInAnyOrder("a1", "a2", "b1");
    }

    @Test
    void aRouteIdOfAnotherFileIsRejected() throws Exception {
        Files.writeString(routes.resolve("a.yaml"), answering("a1", "a-one", "b1", "stolen"));

        try (LogCapture log = LogCapture.at(Level.INFO)) {
            reloader.reloadNow();

            assertThat(log.text()).contains("route id b1 is already used by").contains("b.yaml");
        }
        assertThat(call("b1")).isEqualTo("b-hello");
        assertThat(call("a2")).isEqualTo("a-two");
    }

    @Test
    void aFixedFileIsLoadedAfterABrokenVersion() throws Exception {
        Files.writeString(routes.resolve("a.yaml"), "- route:\n    id: a1\n   from: x\n");
        reloader.reloadNow();
        Files.writeString(routes.resolve("a.yaml"), answering("a1", "fixed"));

        reloader.reloadNow();

        assertThat(call("a1")).isEqualTo("fixed");
        assertThat(context.getRoute("a2")).isNull();
    }

    @Test
    void aNewFileAddsItsRoutesAndADeletedFileRemovesThem() throws Exception {
        Files.writeString(routes.resolve("c.yaml"), answering("c1", "c-one"));
        Files.delete(routes.resolve("b.yaml"));

        reloader.reloadNow();

        assertThat(call("c1")).isEqualTo("c-one");
        assertThat(context.getRoute("b1")).isNull();
        assertThat(context.getRoute("a1")).isNotNull();
    }

    @Test
    void aChangedPropertyReloadsOnlyTheFilesThatUseIt() throws Exception {
        Route untouched = context.getRoute("a1");
        Files.writeString(properties, "greeting = goodbye\n");

        reloader.reloadNow();

        assertThat(call("b1")).isEqualTo("b-goodbye");
        assertThat(context.getRoute("a1")).isSameAs(untouched);
    }

    @Test
    void theSameTextSavedAgainReloadsNothing() throws Exception {
        Route running = context.getRoute("a1");
        Files.writeString(routes.resolve("a.yaml"), answering("a1", "a-one", "a2", "a-two"));

        reloader.reloadNow();

        assertThat(context.getRoute("a1")).isSameAs(running);
    }

    @Test
    void aMalformedIntervalStopsStartupNamingTheKey() {
        CamelContext other = new DefaultCamelContext();
        other.getPropertiesComponent().addOverrideProperty(RouteReloader.INTERVAL_KEY, "soon");

        assertThatThrownBy(() -> RouteReloader.fromSettings(other)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("docusign.routes-reload-interval \"soon\" is not a duration");
    }

    private String call(String routeId) {
        return template.requestBody("direct:" + routeId, "", String.class);
    }

    /** A YAML file with one direct route per id that answers with the given text. */
    private static String answering(String... idsAndAnswers) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < idsAndAnswers.length; i += 2) {
            yaml.append("""
                    - route:
                        id: %s
                        from:
                          uri: direct:%s
                          steps:
                            - setBody:
                                constant: "%s"
                    """.formatted(idsAndAnswers[i], idsAndAnswers[i], idsAndAnswers[i + 1]));
        }
        return yaml.toString();
    }
}
