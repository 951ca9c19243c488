package io.docusigncamel.reload;

import io.docusigncamel.config.Durations;
import io.docusigncamel.config.InvalidSettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies edits of the route files and of {@code application.properties} to the running service, safely: the
 * production replacement for Camel's own route reload, which is a development feature (it removes every route
 * before it loads, and a file with several routes or a broken file leaves routes removed).
 *
 * <p>Every {@code interval} it looks at the folders of the {@code file:} entries of
 * {@code camel.main.routes-include-pattern} and at the {@code file:} locations of the properties component (the SHA-256 of
 * each file's content). A changed route file is parsed and its routes are built once under
 * throw-away ids without being started (a dry run that finds YAML errors, unknown steps, unknown endpoints, missing
 * beans and missing properties) and checked for ids used by other files; only then are exactly the routes that came
 * from that file stopped (each waits for its in-flight exchanges, up to the context's shutdown time-out) and the new
 * ones added. If the new ones still fail to start, the previous version of the file is started again. A rejected
 * version is logged once, at ERROR, with file and line, and everything keeps running. A new file adds its routes, a
 * deleted one removes them. A changed properties file is reloaded into the properties component, and the route
 * files whose {@code {{...}}} placeholders now resolve differently are reloaded the same way; values that Java beans
 * read at startup need a restart.
 *
 * <p>Files holding a {@code routeConfiguration} (or rests or templates) are applied by Camel while routes are built;
 * a change to one is rejected with a message that it needs a restart.
 *
 * <p>Thread-safe: polls run on one thread and {@link #reloadNow()} takes a lock, so one reload runs at a time.
 */
public final class RouteReloader extends ServiceSupport implements CamelContextAware {

    /** How often route files and properties files are looked at; {@code 0} turns reloading off. */
    public static final String INTERVAL_KEY = "docusign.routes-reload-interval";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    static final String INCLUDE_PATTERN_KEY = "camel.main.routes-include-pattern";
    /** Appended to route ids in the dry run, so that the check never touches a running route. */
    static final String CHECK_SUFFIX = "-reload-check";

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloader.class);

    private final Duration interval;
    private final ReentrantLock lock = new ReentrantLock();
    // all guarded by lock
    private final Map<Path, FileVersion> seenRouteFiles = new HashMap<>();
    private final Map<Path, String> runningContent = new HashMap<>();
    private final Map<Path, FileVersion> seenPropertiesFiles = new HashMap<>();
    private final List<PropertiesFile> propertiesFiles = new ArrayList<>();
    private final List<WatchedFolder> folders = new ArrayList<>();
    private CamelContext camelContext;
    private ScheduledExecutorService scheduler;

    /** A {@code file:} location of the properties component, as written there and as a path. */
    private record PropertiesFile(String location, Path path) {
    }

    public RouteReloader(Duration interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** The reloader configured by {@value #INTERVAL_KEY} (default 2s); a malformed value stops startup with the key's name. */
    public static RouteReloader fromSettings(CamelContext context) {
        Optional<String> text = context.getPropertiesComponent().resolveProperty(INTERVAL_KEY);
        if (text.isEmpty()) {
            return new RouteReloader(DEFAULT_INTERVAL);
        }
        String value = text.get().trim();
        Optional<Duration> interval = value.equals("0") ? Optional.of(Duration.ZERO) : Durations.parse(value);
        if (interval.isEmpty() || interval.get().isNegative()) {
            throw new InvalidSettingsException(List.of(INTERVAL_KEY + " \"" + value
                    + "\" is not a duration: write e.g. 2s (how often route files are checked for edits) or 0 to turn reloading off"));
        }
        return new RouteReloader(interval.get());
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
        if (interval.isZero()) {
            LOG.info("Route reload is off ({} = 0): edits of route files take effect after a restart", INTERVAL_KEY);
            return;
        }
        lock.lock();
        try {
            folders.clear();
            folders.addAll(WatchedFolder.fromIncludePattern(
                    camelContext.getPropertiesComponent().resolveProperty(INCLUDE_PATTERN_KEY).orElse(null)));
            propertiesFiles.clear();
            propertiesFiles.addAll(propertiesFiles(camelContext.getPropertiesComponent()));
            // The routes Camel loaded a moment ago are the running version of each file.
            for (Map.Entry<Path, WatchedFolder> file : routeFiles().entrySet()) {
                try {
                    byte[] content = Files.readAllBytes(file.getKey());
                    seenRouteFiles.put(file.getKey(), FileVersion.of(content));
                    runningContent.put(file.getKey(), new String(content, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    LOG.warn("Route reload: cannot read {} ({}); it is reloaded when it can be read", file.getKey(), e.getMessage());
                }
            }
            for (PropertiesFile file : propertiesFiles) {
                version(file.path()).ifPresent(v -> seenPropertiesFiles.put(file.path(), v));
            }
        } finally {
            lock.unlock();
        }
        scheduler = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "route-reload");
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Route reload: every {} checking {}{}; a file that does not parse or build is rejected and the running routes stay",
                Durations.format(interval),
                folders.stream().map(f -> f.dir().resolve(f.glob()).toString()).collect(Collectors.joining(", ")),
                propertiesFiles.isEmpty() ? "" : " and " + propertiesFiles.stream().map(p -> p.path().toString())
                        .collect(Collectors.joining(", ")));
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    private void poll() {
        try {
            reloadNow();
        } catch (RuntimeException e) {
            // the poll thread must survive whatever one reload ran into
            LOG.error("Route reload failed: {}; the routes keep running as they are", e.getMessage(), e);
        }
    }

    /** Looks at every watched file once and applies what changed; returns when done. One caller at a time. */
    public void reloadNow() {
        lock.lock();
        try {
            if (!isRunAllowed() || !camelContext.isStarted() || interval.isZero()) {
                return;
            }
            Set<Path> placeholdersChanged = reloadChangedProperties();
            reloadChangedRouteFiles(placeholdersChanged);
        } finally {
            lock.unlock();
        }
    }

    // ---- properties ------------------------------------------------------------------------------------------------

    private static List<PropertiesFile> propertiesFiles(PropertiesComponent properties) {
        List<PropertiesFile> files = new ArrayList<>();
        for (String location : properties.getLocations()) {
            for (String entry : location.split(",")) {
                String e = entry.trim();
                int options = e.indexOf(';');
                String plain = options < 0 ? e : e.substring(0, options);
                if (plain.startsWith("file:")) {
                    files.add(new PropertiesFile(plain, Path.of(plain.substring("file:".length())).toAbsolutePath().normalize()));
                }
            }
        }
        return files;
    }

    /** Reloads changed properties files; returns the route files whose placeholders now resolve differently. */
    private Set<Path> reloadChangedProperties() {
        Set<Path> changed = new LinkedHashSet<>();
        for (PropertiesFile file : propertiesFiles) {
            FileVersion previous = seenPropertiesFiles.get(file.path());
            Optional<FileVersion> current = version(file.path());
            if (Objects.equals(current.orElse(null), previous)) {
                continue;
            }
            Map<Path, Map<String, String>> before = resolvedPlaceholders();
            camelContext.getPropertiesComponent().reloadProperties(file.location());
            if (current.isPresent()) {
                seenPropertiesFiles.put(file.path(), current.get());
            } else {
                seenPropertiesFiles.remove(file.path());
            }
            Map<Path, Map<String, String>> after = resolvedPlaceholders();
            Set<Path> affected = after.keySet().stream().filter(p -> !after.get(p).equals(before.get(p)))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            changed.addAll(affected);
            // values are never logged: a properties file may hold secrets
            LOG.info("{} changed: properties reloaded; {}. Values the service's Java beans read at startup (everything "
                            + "not written as {{...}} in a route file) take effect after a restart", file.path(),
                    affected.isEmpty() ? "no route file uses a changed value"
                            : "reloading the route files that use changed values: " + affected.stream().map(this::shown)
                            .collect(Collectors.joining(", ")));
        }
        return changed;
    }

    private Map<Path, Map<String, String>> resolvedPlaceholders() {
        Map<Path, Map<String, String>> resolved = new HashMap<>();
        runningContent.forEach((path, content) -> {
            Map<String, String> values = new TreeMap<>();
            for (String placeholder : Placeholders.in(content)) {
                String value;
                try {
                    value = camelContext.resolvePropertyPlaceholders("{{" + placeholder + "}}");
                } catch (RuntimeException missing) {
                    value = "\u0000unresolved";
                }
                values.put(placeholder, value);
            }
            resolved.put(path, values);
        });
        return resolved;
    }

    // ---- route files -----------------------------------------------------------------------------------------------

    private void reloadChangedRouteFiles(Set<Path> placeholdersChanged) {
        Map<Path, WatchedFolder> current = routeFiles();
        Set<Path> all = new TreeSet<>(current.keySet());
        all.addAll(seenRouteFiles.keySet());
        all.addAll(placeholdersChanged);
        for (Path path : all) {
            if (!current.containsKey(path)) {
                if (seenRouteFiles.remove(path) != null || runningContent.containsKey(path)) {
                    removeRoutesOfDeletedFile(path);
                }
                continue;
            }
            FileVersion previous = seenRouteFiles.get(path);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException gone) {
                continue; // deleted between listing and reading: the next poll sees it gone
            } catch (IOException e) {
                LOG.warn("Route reload: cannot read {} ({}); trying again at the next check", shown(path), e.getMessage());
                continue;
            }
            FileVersion version = FileVersion.of(bytes);
            seenRouteFiles.put(path, version);
            boolean edited = !version.equals(previous);
            if (edited) {
                apply(path, new String(bytes, StandardCharsets.UTF_8), true);
            } else if (placeholdersChanged.contains(path) && runningContent.containsKey(path)) {
                // the file is as it was: rebuild the running version with the new property values
                apply(path, runningContent.get(path), false);
            }
        }
    }

    private Map<Path, WatchedFolder> routeFiles() {
        Map<Path, WatchedFolder> files = new LinkedHashMap<>();
        for (WatchedFolder folder : folders) {
            if (!Files.isDirectory(folder.dir())) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder.dir())) {
                list.filter(Files::isRegularFile).filter(folder::matches)
                        .forEach(p -> files.putIfAbsent(p.toAbsolutePath().normalize(), folder));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder.dir(), e);
            }
        }
        return files;
    }

    /** The version of a file, or empty if it cannot be read (an optional properties file that does not exist). */
    private static Optional<FileVersion> version(Path file) {
        try {
            return Optional.of(FileVersion.of(Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Validates {@code content} as the new version of {@code path} and, if it is valid, swaps the file's routes.
     *
     * @param edited whether the content is a new version (false: the running version rebuilt for new property values)
     */
    private void apply(Path path, String content, boolean edited) {
        String shown = shown(path);
        String location = "file:" + shown;
        Set<String> previousIds = routeIdsFrom(path);
        List<RouteDefinition> routes;
        try {
            Parsed parsed = parse(location, content);
            if (!parsed.others().isEmpty() && edited && !content.equals(runningContent.get(path))) {
                reject(path, shown + " holds " + String.join(", ", parsed.others()) + ", which Camel applies while "
                        + "routes are built: a change to it takes effect after a restart");
                return;
            }
            routes = parsed.routes();
            Optional<String> idProblem = idProblem(shown, routes, previousIds);
            if (idProblem.isPresent()) {
                reject(path, idProblem.get());
                return;
            }
            dryRun(shown, location, content);
        } catch (Exception e) {
            reject(path, describe(shown, e, Map.of()));
            return;
        }
        if (routes.isEmpty() && previousIds.isEmpty()) {
            runningContent.put(path, content);
            return;
        }
        swap(path, shown, location, content, previousIds);
    }

    private void swap(Path path, String shown, String location, String content, Set<String> previousIds) {
        ModelCamelContext model = (ModelCamelContext) camelContext;
        removeRoutes(previousIds);
        List<RouteDefinition> routes;
        try {
            routes = parse(location, content).routes();
            model.addRouteDefinitions(routes);
        } catch (Exception e) {
            removeRoutes(routeIdsFrom(path));
            String problem = describe(shown, e, Map.of());
            String previous = runningContent.get(path);
            if (previous == null) {
                LOG.error("{} — the new routes failed to start; no routes of {} run", problem, shown);
                return;
            }
            try {
                model.addRouteDefinitions(parse(location, previous).routes());
                LOG.error("{} — the new routes failed to start; the previous version of {} was started again", problem, shown);
            } catch (Exception again) {
                LOG.error("{} — the new routes failed to start, and so did the previous version of {} ({}): its routes {} are stopped",
                        problem, shown, again.getMessage(), previousIds);
            }
            return;
        }
        runningContent.put(path, content);
        Set<String> ids = routes.stream().map(RouteDefinition::getId).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> removed = new LinkedHashSet<>(previousIds);
        removed.removeAll(ids);
        LOG.info("{} reloaded: routes {}{}", shown, ids, removed.isEmpty() ? "" : ", removed " + removed);
    }

    private void removeRoutesOfDeletedFile(Path path) {
        Set<String> ids = routeIdsFrom(path);
        removeRoutes(ids);
        runningContent.remove(path);
        LOG.info("{} was deleted: its routes {} were stopped and removed", shown(path), ids);
    }

    /** Stops (waiting for in-flight exchanges up to the shutdown time-out) and removes each route. */
    private void removeRoutes(Collection<String> ids) {
        for (String id : ids) {
            try {
                camelContext.getRouteController().stopRoute(id);
                camelContext.removeRoute(id);
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop route " + id + ": " + e.getMessage(), e);
            }
        }
    }

    private void reject(Path path, String problem) {
        Set<String> running = routeIdsFrom(path);
        LOG.error("{} — this version is rejected; {}", problem, running.isEmpty()
                ? "no routes of " + shown(path) + " run"
                : "the routes of " + shown(path) + " keep running as they were " + running);
    }

    private Optional<String> idProblem(String shown, List<RouteDefinition> routes, Set<String> ownIds) {
        Set<String> ids = new HashSet<>();
        for (RouteDefinition route : routes) {
            String id = route.getId();
            if (id == null || id.isBlank()) {
                return Optional.of(shown + " line " + route.getLineNumber() + ": the route has no id; give every route an "
                        + "id, so that a reload replaces exactly that route");
            }
            if (!ids.add(id)) {
                return Optional.of(shown + " line " + route.getLineNumber() + ": route id " + id + " is used twice in the file");
            }
            Route running = camelContext.getRoute(id);
            if (running != null && !ownIds.contains(id)) {
                String source = Optional.ofNullable(running.getSourceResource()).map(Resource::getLocation).orElse("another source");
                return Optional.of(shown + " line " + route.getLineNumber() + ": route id " + id + " is already used by "
                        + source + "; route ids must be unique across files");
            }
        }
        return Optional.empty();
    }

    /** Builds the routes under throw-away ids, not started, and removes them again; throws what building threw. */
    private void dryRun(String shown, String location, String content) throws Exception {
        List<RouteDefinition> routes = parse(location, content).routes();
        Map<String, Integer> lines = new HashMap<>();
        for (RouteDefinition route : routes) {
            route.setId(route.getId() + CHECK_SUFFIX);
            route.setAutoStartup("false");
            lines.put(route.getId(), route.getLineNumber());
        }
        try {
            ((ModelCamelContext) camelContext).addRouteDefinitions(routes);
        } catch (Exception e) {
            throw new RouteFileRejected(describe(shown, e, lines), e);
        } finally {
            for (RouteDefinition route : routes) {
                if (camelContext.getRoute(route.getId()) != null) {
                    camelContext.removeRoute(route.getId());
                }
            }
        }
    }

    private static String describe(String shown, Exception e, Map<String, Integer> lines) {
        if (e instanceof RouteFileRejected rejected) {
            return rejected.getMessage();
        }
        return RouteFileProblem.describe(shown, e, id -> Optional.ofNullable(lines.get(id))).replace(CHECK_SUFFIX, "");
    }

    /** A route file's content as Camel's YAML DSL reads it: its routes, and what else it holds. */
    private record Parsed(List<RouteDefinition> routes, List<String> others) {
    }

    private Parsed parse(String location, String content) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camelContext)
                .findRoutesBuilders(ResourceHelper.fromString(location, content));
        List<RouteDefinition> routes = new ArrayList<>();
        Set<String> others = new LinkedHashSet<>();
        for (RoutesBuilder builder : builders) {
            if (!(builder instanceof RouteBuilder routeBuilder)) {
                others.add(builder.getClass().getSimpleName());
                continue;
            }
            routes.addAll(routeBuilder.configureRoutes(camelContext).getRoutes());
            if (!routeBuilder.getRestCollection().getRests().isEmpty()) {
                others.add("rest");
            }
            if (!routeBuilder.getRouteTemplateCollection().getRouteTemplates().isEmpty()
                    || !routeBuilder.getTemplatedRouteCollection().getTemplatedRoutes().isEmpty()) {
                others.add("route templates");
            }
            if (builder instanceof RouteConfigurationBuilder configurations) {
                configurations.getRouteConfigurationCollection().setCamelContext(camelContext);
                configurations.configuration();
                if (!configurations.getRouteConfigurationCollection().getRouteConfigurations().isEmpty()) {
                    others.add("a routeConfiguration");
                }
            }
        }
        return new Parsed(routes, List.copyOf(others));
    }

    /** The ids of the running routes that came from {@code file}. */
    private Set<String> routeIdsFrom(Path file) {
        Set<String> ids = new LinkedHashSet<>();
        for (Route route : camelContext.getRoutes()) {
            Resource source = route.getSourceResource();
            if (source != null && file.equals(pathOf(source.getLocation())) && !route.getId().endsWith(CHECK_SUFFIX)) {
                ids.add(route.getId());
            }
        }
        return ids;
    }

    private static Path pathOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        return Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
    }

    private String shown(Path file) {
        for (WatchedFolder folder : folders) {
            if (folder.matches(file)) {
                return folder.shown(file);
            }
        }
        return file.toString();
    }

    /** A rejection already described with file and line. */
    private static final class RouteFileRejected extends Exception {
        RouteFileRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
