package io.docusigncamel.reload;

import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.FailedToCreateRouteException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Turns why a route file was rejected into one line an operator can act on, naming the file and, where known, the
 * line: {@code routes/poll-status.yaml line 12, column 6: expected <block end>, but found '<block mapping start>'}.
 * YAML syntax errors and unknown steps carry SnakeYAML's mark; a route that cannot be built (unknown endpoint,
 * missing bean or property) names its route, whose line the caller knows.
 */
public final class RouteFileProblem {

    private RouteFileProblem() {
    }

    /**
     * @param shownFile  the file as the operator knows it, e.g. {@code routes/poll-status.yaml}
     * @param problem    what the YAML DSL or Camel threw
     * @param routeLine  the line of a route by its id, when the file's routes were parsed
     */
    public static String describe(String shownFile, Throwable problem, Function<String, Optional<Integer>> routeLine) {
        Optional<MarkedYamlEngineException> yaml = cause(problem, MarkedYamlEngineException.class);
        if (yaml.isPresent()) {
            MarkedYamlEngineException e = yaml.get();
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String where = mark.map(m -> " line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            String what = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
            String context = e.getContext() != null && e.getProblem() != null ? " (" + e.getContext() + ")" : "";
            return shownFile + where + ": " + firstLine(what) + context;
        }
        Optional<FailedToCreateRouteException> route = cause(problem, FailedToCreateRouteException.class);
        if (route.isPresent() && route.get().getRouteId() != null) {
            String id = route.get().getRouteId();
            String where = routeLine.apply(id).map(line -> " line " + line).orElse("");
            return shownFile + where + " (route " + id + "): " + firstLine(rootMessage(problem));
        }
        return shownFile + ": " + firstLine(rootMessage(problem));
    }

    private static <T extends Throwable> Optional<T> cause(Throwable problem, Class<T> type) {
        for (Throwable t = problem; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable problem) {
        Throwable root = problem;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
