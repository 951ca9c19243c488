package io.docusigncamel.doctor;

import io.docusigncamel.auth.JwtSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * This machine's clock against DocuSign's: the OAuth host's HTTP {@code Date} header compared with the local time
 * half-way through the request. The JWT assertion carries this machine's time ({@code iat} backdated by
 * {@link JwtSettings#DEFAULT_BACKDATE}, {@code exp} an hour later), so DocuSign refuses it when this machine is
 * ahead by more than the backdate ({@code no_valid_keys_or_signatures}: issued in the future) or behind by more
 * than the assertion's life ({@code expired_grant}).
 *
 * <p>Verdicts: up to {@link #WARN_ABOVE} PASS; ahead by more than the backdate, or off by more than
 * {@link #FAIL_ABOVE} either way, FAIL; in between WARN. The header has whole seconds, so the measurement is good
 * to about a second plus half the round trip.
 */
final class ClockOffset {

    static final Duration WARN_ABOVE = Duration.ofSeconds(30);
    static final Duration FAIL_ABOVE = Duration.ofMinutes(5);
    static final Duration AHEAD_LIMIT = JwtSettings.DEFAULT_BACKDATE;
    static final String FIX = "sync the clock (NTP): e.g. `timedatectl set-ntp true` or chrony/ntpd on the host "
            + "(in a container: the host's clock); DocuSign compares the JWT's iat/exp with its own time";

    private ClockOffset() {
    }

    /**
     * @param offset DocuSign's time minus this machine's: positive when this machine is behind
     * @param source where DocuSign's time came from, for the message
     */
    static Finding classify(Duration offset, String source) {
        Duration abs = offset.abs();
        String where = abs.toSeconds() == 0 ? "in step with " + source
                : describe(abs) + (offset.isNegative() ? " ahead of " : " behind ") + source;
        String text = "this machine is " + where;
        if (offset.isNegative() && abs.compareTo(AHEAD_LIMIT) > 0) {
            return Finding.fail(text + ": more than the assertion's " + AHEAD_LIMIT.toSeconds()
                    + " s backdate, so DocuSign sees the JWT issued in its future and refuses it (no_valid_keys_or_signatures)", FIX);
        }
        if (abs.compareTo(FAIL_ABOVE) > 0) {
            Duration life = JwtSettings.DEFAULT_ASSERTION_LIFETIME.minus(JwtSettings.DEFAULT_BACKDATE);
            String effect = abs.compareTo(life) > 0
                    ? "the JWT is already expired for DocuSign when it arrives (expired_grant)"
                    : "more than " + describe(FAIL_ABOVE) + ": JWT assertions expire early for DocuSign and status-poll windows are shifted";
            return Finding.fail(text + ": " + effect, FIX);
        }
        if (abs.compareTo(WARN_ABOVE) > 0) {
            return Finding.warn(text + ": more than " + WARN_ABOVE.toSeconds() + " s", FIX);
        }
        return Finding.pass(text + " (within " + WARN_ABOVE.toSeconds() + " s)");
    }

    /** "45 s", "10 min 3 s", "2 h 0 min". */
    static String describe(Duration d) {
        long s = d.abs().toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    /** Parses an HTTP {@code Date} header (IMF-fixdate; RFC 1123 also accepts a one-digit day). */
    static Optional<Instant> parseHttpDate(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The finding, and the offset when it could be measured (DocuSign's time minus this machine's). */
    record Measurement(Finding finding, Optional<Duration> offset) {

        /** "10 min 0 s ahead of DocuSign", or empty when not measured or within {@link #WARN_ABOVE}. */
        Optional<String> skew() {
            return offset.filter(o -> o.abs().compareTo(WARN_ABOVE) > 0)
                    .map(o -> describe(o) + (o.isNegative() ? " ahead of" : " behind") + " DocuSign");
        }
    }

    /** Asks {@code oauthBaseUrl} for anything and compares its {@code Date} header with {@code clock}. */
    static Measurement measure(HttpClient http, URI oauthBaseUrl, Clock clock, Duration timeout) {
        URI target = oauthBaseUrl.resolve("/");
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).GET().build();
        Instant sent = clock.instant();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Measurement(Finding.warn("not measured: interrupted", FIX), Optional.empty());
        } catch (IOException e) {
            return new Measurement(Finding.warn("not measured: " + target + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "see the token check below; make sure this machine's clock is synchronised (NTP)"), Optional.empty());
        }
        Instant received = clock.instant();
        Optional<Instant> date = response.headers().firstValue("Date").flatMap(ClockOffset::parseHttpDate);
        if (date.isEmpty()) {
            return new Measurement(Finding.warn("not measured: " + target + " sent no usable Date header",
                    "make sure this machine's clock is synchronised (NTP)"), Optional.empty());
        }
        Instant local = sent.plus(Duration.between(sent, received).dividedBy(2));
        // The header has whole seconds: compare whole seconds, so a machine in step does not show a fraction.
        Duration offset = Duration.ofSeconds(date.get().getEpochSecond() - local.getEpochSecond());
        return new Measurement(classify(offset, "DocuSign's OAuth host (Date header of " + oauthBaseUrl + ")"),
                Optional.of(offset));
    }
}
