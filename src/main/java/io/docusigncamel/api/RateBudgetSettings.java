package io.docusigncamel.api;

import io.docusigncamel.config.Durations;
import io.docusigncamel.config.InvalidSettingsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of the {@link RateBudget}: {@code docusign.rate-limit-reserve} (the share of the hourly API limit
 * that sending leaves to status tracking and downloads) and {@code docusign.burst-window} (DocuSign's burst window).
 * Immutable.
 */
public record RateBudgetSettings(double reserve, Duration burstWindow) {

    public static final String RESERVE = "docusign.rate-limit-reserve";
    public static final String BURST_WINDOW = "docusign.burst-window";

    /** The outcome of {@link #read}: settings when there is no problem, otherwise one line per problem. */
    public record Result(Optional<RateBudgetSettings> settings, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public RateBudgetSettings orThrow() {
            return settings.orElseThrow(() -> new InvalidSettingsException(problems));
        }
    }

    public static Result read(Function<String, Optional<String>> properties) {
        List<String> problems = new ArrayList<>();
        double reserve = 0.2;
        Optional<String> reserveText = properties.apply(RESERVE).map(String::trim).filter(v -> !v.isEmpty());
        if (reserveText.isPresent()) {
            try {
                reserve = Double.parseDouble(reserveText.get());
            } catch (NumberFormatException e) {
                reserve = -1;
            }
            if (!(reserve >= 0 && reserve <= 0.9)) {
                problems.add(RESERVE + ": \"" + reserveText.get() + "\" must be a share from 0 to 0.9, e.g. 0.2 (a fifth "
                        + "of the hourly API limit stays for status tracking and downloads)");
                reserve = 0.2;
            }
        }
        Duration window = Duration.ofSeconds(30);
        Optional<String> windowText = properties.apply(BURST_WINDOW).map(String::trim).filter(v -> !v.isEmpty());
        if (windowText.isPresent()) {
            Optional<Duration> parsed = Durations.parse(windowText.get()).filter(d -> !d.isZero() && !d.isNegative());
            if (parsed.isEmpty()) {
                problems.add(BURST_WINDOW + ": \"" + windowText.get() + "\" is not a positive duration; write e.g. 30s");
            } else {
                window = parsed.get();
            }
        }
        return problems.isEmpty() ? new Result(Optional.of(new RateBudgetSettings(reserve, window)), problems)
                : new Result(Optional.empty(), problems);
    }

    public RateBudget budget(Clock clock) {
        return new RateBudget(reserve, burstWindow, clock);
    }
}
