package io.docusigncamel.auth;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs through log4j2 (the project's SLF4J binding), from DEBUG up, until closed. */
final class CapturedLog implements AutoCloseable {

    record Line(Level level, String message) {
    }

    private final String loggerName;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    CapturedLog(Class<?> source) {
        loggerName = source.getName();
        appender = new AbstractAppender("captured-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getMessage().getFormattedMessage()));
            }
        };
        appender.start();
        Configurator.setLevel(loggerName, Level.DEBUG);
        LoggerContext context = LoggerContext.getContext(false);
        context.getConfiguration().getLoggerConfig(loggerName).addAppender(appender, Level.DEBUG, null);
        context.updateLoggers();
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> at(Level level) {
        return lines.stream().filter(line -> line.level() == level).toList();
    }

    @Override
    public void close() {
        LoggerContext context = LoggerContext.getContext(false);
        context.getConfiguration().getLoggerConfig(loggerName).removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
