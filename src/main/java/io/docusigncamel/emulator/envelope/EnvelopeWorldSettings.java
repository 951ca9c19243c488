package io.docusigncamel.emulator.envelope;

import java.time.Duration;

/**
 * The envelope world's tunable behaviour: the points where public sources disagree or are silent (see
 * {@code docusign-api.md} §13) and the limits tests want to lower. Immutable; change with the {@code with...}
 * methods, starting from {@link #defaults()}.
 *
 * @param missingEnvelopeStatus        HTTP status of {@code ENVELOPE_DOES_NOT_EXIST} (404; some doubles use 400)
 * @param envelopeHourlyGetLimit       GETs per envelope per rolling hour before
 *                                     {@code Hourly_Envelope_Polling_Limit_Exceeded}; 0 = no limit (DocuSign does not
 *                                     publish it)
 * @param envelopeBurstGetLimit        GETs per envelope per rolling 30 s before
 *                                     {@code Burst_Envelope_Polling_Limit_Exceeded}; 0 = no limit
 * @param pollingFlagInterval          a second status GET of one envelope within this span is logged as flagged
 *                                     (DocuSign: once per 15 minutes)
 * @param combinedDownloadsPerHour     downloads of {@code combined} per envelope per rolling hour (3)
 * @param combinedDownloadsPerSixHours ... per rolling six hours (5)
 * @param documentDownloadsPerHour     downloads of any other document per envelope and document per hour (10)
 * @param documentDownloadsPerSixHours ... per six hours (20)
 * @param throttleOnlyInProgress       whether download limits apply only while the envelope is not yet completed,
 *                                     declined or voided (DocuSign words the limits as "in-progress")
 * @param omitEmptyEnvelopesArray      whether a list with no results leaves out {@code envelopes} (unverified
 *                                     either way; clients must accept both)
 * @param tickInterval                 how often a background thread applies due signer actions; zero = never, the
 *                                     owner calls {@link EnvelopeWorld#tick()}
 */
public record EnvelopeWorldSettings(
        int missingEnvelopeStatus,
        int envelopeHourlyGetLimit,
        int envelopeBurstGetLimit,
        Duration pollingFlagInterval,
        int combinedDownloadsPerHour,
        int combinedDownloadsPerSixHours,
        int documentDownloadsPerHour,
        int documentDownloadsPerSixHours,
        boolean throttleOnlyInProgress,
        boolean omitEmptyEnvelopesArray,
        Duration tickInterval) {

    public EnvelopeWorldSettings {
        if (missingEnvelopeStatus < 400 || missingEnvelopeStatus > 499) {
            throw new IllegalArgumentException("missingEnvelopeStatus must be a 4xx status, was " + missingEnvelopeStatus);
        }
        if (envelopeHourlyGetLimit < 0 || envelopeBurstGetLimit < 0 || combinedDownloadsPerHour < 0
                || combinedDownloadsPerSixHours < 0 || documentDownloadsPerHour < 0 || documentDownloadsPerSixHours < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 = no limit)");
        }
        if (pollingFlagInterval.isNegative() || tickInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** DocuSign's documented values; per-envelope polling limits off; background ticks every 200 ms. */
    public static EnvelopeWorldSettings defaults() {
        return new EnvelopeWorldSettings(404, 0, 0, Duration.ofMinutes(15), 3, 5, 10, 20, true, true,
                Duration.ofMillis(200));
    }

    public EnvelopeWorldSettings withMissingEnvelopeStatus(int status) {
        return new EnvelopeWorldSettings(status, envelopeHourlyGetLimit, envelopeBurstGetLimit, pollingFlagInterval,
                combinedDownloadsPerHour, combinedDownloadsPerSixHours, documentDownloadsPerHour,
                documentDownloadsPerSixHours, throttleOnlyInProgress, omitEmptyEnvelopesArray, tickInterval);
    }

    public EnvelopeWorldSettings withEnvelopeGetLimits(int hourly, int burst) {
        return new EnvelopeWorldSettings(missingEnvelopeStatus, hourly, burst, pollingFlagInterval,
                combinedDownloadsPerHour, combinedDownloadsPerSixHours, documentDownloadsPerHour,
                documentDownloadsPerSixHours, throttleOnlyInProgress, omitEmptyEnvelopesArray, tickInterval);
    }

    public EnvelopeWorldSettings withPollingFlagInterval(Duration interval) {
        return new EnvelopeWorldSettings(missingEnvelopeStatus, envelopeHourlyGetLimit, envelopeBurstGetLimit, interval,
                combinedDownloadsPerHour, combinedDownloadsPerSixHours, documentDownloadsPerHour,
                documentDownloadsPerSixHours, throttleOnlyInProgress, omitEmptyEnvelopesArray, tickInterval);
    }

    public EnvelopeWorldSettings withDownloadLimits(int combinedPerHour, int combinedPerSixHours, int documentPerHour,
                                                    int documentPerSixHours, boolean onlyInProgress) {
        return new EnvelopeWorldSettings(missingEnvelopeStatus, envelopeHourlyGetLimit, envelopeBurstGetLimit,
                pollingFlagInterval, combinedPerHour, combinedPerSixHours, documentPerHour, documentPerSixHours,
                onlyInProgress, omitEmptyEnvelopesArray, tickInterval);
    }

    public EnvelopeWorldSettings withOmitEmptyEnvelopesArray(boolean omit) {
        return new EnvelopeWorldSettings(missingEnvelopeStatus, envelopeHourlyGetLimit, envelopeBurstGetLimit,
                pollingFlagInterval, combinedDownloadsPerHour, combinedDownloadsPerSixHours, documentDownloadsPerHour,
                documentDownloadsPerSixHours, throttleOnlyInProgress, omit, tickInterval);
    }

    public EnvelopeWorldSettings withTickInterval(Duration interval) {
        return new EnvelopeWorldSettings(missingEnvelopeStatus, envelopeHourlyGetLimit, envelopeBurstGetLimit,
                pollingFlagInterval, combinedDownloadsPerHour, combinedDownloadsPerSixHours, documentDownloadsPerHour,
                documentDownloadsPerSixHours, throttleOnlyInProgress, omitEmptyEnvelopesArray, interval);
    }
}
