package io.docusigncamel.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration values operators write in {@code application.properties}: {@code 10m}, {@code 90s}, {@code 1h30m}, {@code 500ms}, {@code PT10M}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(s.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        try {
            while (m.find()) {
                if (m.start() != end) {
                    return Optional.empty();
                }
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                end = m.end();
            }
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            // a value no Duration can hold is as unusable as a typo: the caller reports it against its key
            return Optional.empty();
        }
        return end == s.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }

    /** The short form used in messages, e.g. {@code 15m} or {@code 90s}. */
    public static String format(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
