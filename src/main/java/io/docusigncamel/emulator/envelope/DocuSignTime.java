package io.docusigncamel.emulator.envelope;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * DocuSign's REST time formats: what the emulator writes (UTC, seven fractional digits, {@code Z}) and what it
 * accepts in {@code from_date}/{@code to_date}. Stateless and thread-safe.
 */
final class DocuSignTime {

    private static final DateTimeFormatter REST_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** ISO date-time with an optional offset in any of the common spellings ({@code Z}, {@code +02:00}, {@code +0200}). */
    private static final DateTimeFormatter ISO_WITH_OPTIONAL_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    /** The US form .NET's {@code DateTime.Parse} accepts and DocuSign's own samples send ({@code 02/02/2018}). */
    private static final DateTimeFormatter US_DATE = new DateTimeFormatterBuilder()
            .appendPattern("M/d/uuuu")
            .optionalStart().appendLiteral(' ').appendPattern("H:mm").optionalStart().appendPattern(":ss").optionalEnd().optionalEnd()
            .toFormatter();

    /**
     * A {@code +} in an unencoded query string arrives as a space after form decoding; put it back so
     * {@code 2024-05-02T10:00:00+02:00} sent without encoding still means what the caller wrote.
     */
    private static final Pattern SPACE_FOR_PLUS_OFFSET = Pattern.compile("(T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?) (\\d{2}(?::?\\d{2})?)$");

    private DocuSignTime() {
    }

    /** The instant cut to DocuSign's 100 ns resolution, so stored values compare equal to what was emitted. */
    static Instant truncate(Instant instant) {
        return instant.minusNanos(instant.getNano() % 100);
    }

    /** {@code 2019-06-17T23:57:06.1030000Z}. */
    static String format(Instant instant) {
        return REST_FORMAT.format(instant);
    }

    /**
     * Parses a list query date; a value without an offset is taken as UTC (DocuSign uses the server's zone, and the
     * emulator's server zone is UTC). Returns {@code null} for a value it cannot read.
     */
    static Instant parseQueryDate(String raw) {
        String text = SPACE_FOR_PLUS_OFFSET.matcher(raw.trim()).replaceFirst("$1+$2");
        try {
            if (text.contains("T")) {
                TemporalAccessor parsed = ISO_WITH_OPTIONAL_OFFSET.parse(text);
                LocalDateTime local = LocalDateTime.from(parsed);
                ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
                return OffsetDateTime.of(local, offset).toInstant();
            }
            if (text.contains("/")) {
                TemporalAccessor parsed = US_DATE.parse(text);
                LocalDate date = LocalDate.from(parsed);
                LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                        ? date.atTime(parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                                parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0)
                        : date.atStartOfDay();
                return local.toInstant(ZoneOffset.UTC);
            }
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
