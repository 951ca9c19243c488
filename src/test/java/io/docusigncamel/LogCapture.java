package io.docusigncamel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log line of the process, formatted with the service's own layout (so the product's masking applies),
 * at a chosen level for the root and the service's loggers, while it is open. Thread-safe.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Appender appender;
    private final LoggerContext context;
    private final Level previousRoot;
    private final List<String> raisedLoggers = List.of("io.docusigncamel", "org.apache.camel");
    private final List<Level> previousLevels = new CopyOnWriteArrayList<>();

    private LogCapture(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        PatternLayout layout = config.getAppenders().values().stream()
                .map(Appender::getLayout).filter(PatternLayout.class::isInstance).map(PatternLayout.class::cast)
                .findFirst().orElseGet(() -> PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build());
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(((PatternLayout) getLayout()).toSerializable(event));
            }
        };
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        previousRoot = root.getLevel();
        root.addAppender(appender, level, null);
        root.setLevel(level);
        for (String name : raisedLoggers) {
            LoggerConfig lc = config.getLoggerConfig(name);
            previousLevels.add(lc.getLevel());
            if (lc.getName().equals(name)) {
                lc.setLevel(level);
            }
        }
        context.updateLoggers();
    }

    /** Starts capturing at {@code level} (e.g. DEBUG to prove that even DEBUG output holds no secret). */
    public static LogCapture at(Level level) {
        return new LogCapture(level);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("", lines);
    }

    public long count(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getRootLogger().setLevel(previousRoot);
        for (int i = 0; i < raisedLoggers.size(); i++) {
            LoggerConfig lc = config.getLoggerConfig(raisedLoggers.get(i));
            if (lc.getName().equals(raisedLoggers.get(i))) {
                lc.setLevel(previousLevels.get(i));
            }
        }
        context.updateLoggers();
        appender.stop();
    }
}
