package io.docusigncamel.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.config.InvalidSettingsException;
import io.docusigncamel.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link TrackingSettings#read}: the defaults of every {@code status.*}, {@code connect.*} and {@code events.*} key;
 * one problem line per invalid value that names the key; Connect enabled without HMAC keys is a problem; the keys
 * are {@link Secret}s that never print.
 */
class TrackingSettingsTest {

    private static TrackingSettings.Result read(Map<String, String> properties) {
        return TrackingSettings.read(key -> Optional.ofNullable(properties.get(key)));
    }

    private static TrackingSettings.Result read(String key, String value) {
        return read(Map.of(key, value));
    }

    @Test
    void everyKeyHasADefault() {
        TrackingSettings settings = TrackingSettings.defaults();

        assertThat(settings.pollOverlap()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.pageSize()).isEqualTo(1000);
        assertThat(settings.trackAllEnvelopes()).isFalse();
        assertThat(settings.initialLookback()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.emulatorPollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.archiveCompleted()).isTrue();
        assertThat(settings.connectEnabled()).isFalse();
        assertThat(settings.connectPath()).isEqualTo("/docusign/connect");
        assertThat(settings.connectHmacKeys()).isEmpty();
        assertThat(settings.connectMaxBodySize()).isEqualTo(1_000_000);
        assertThat(settings.webhookUrl()).isEmpty();
        assertThat(settings.webhookRetryMaxBackoff()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void blankValuesCountAsUnset() {
        Map<String, String> blanks = new HashMap<>();
        for (String key : List.of(TrackingSettings.POLL_OVERLAP, TrackingSettings.PAGE_SIZE, TrackingSettings.TRACK_ALL,
                TrackingSettings.CONNECT_PATH, TrackingSettings.WEBHOOK_URL, TrackingSettings.CONNECT_HMAC_KEYS)) {
            blanks.put(key, "  ");
        }

        assertThat(read(blanks).orThrow()).isEqualTo(TrackingSettings.defaults());
    }

    @Test
    void readsValidValues() {
        Map<String, String> properties = new HashMap<>();
        properties.put(TrackingSettings.POLL_OVERLAP, "0s");
        properties.put(TrackingSettings.PAGE_SIZE, " 250 ");
        properties.put(TrackingSettings.TRACK_ALL, "TRUE");
        properties.put(TrackingSettings.INITIAL_LOOKBACK, "2d");
        properties.put(TrackingSettings.EMULATOR_POLL_INTERVAL, "500ms");
        properties.put(TrackingSettings.ARCHIVE_COMPLETED, "false");
        properties.put(TrackingSettings.CONNECT_ENABLED, "true");
        properties.put(TrackingSettings.CONNECT_PATH, "/hooks/docusign-connect_v2.1");
        properties.put(TrackingSettings.CONNECT_HMAC_KEYS, " key-one ,, key-two ");
        properties.put(TrackingSettings.CONNECT_MAX_BODY_SIZE, "1024");
        properties.put(TrackingSettings.WEBHOOK_URL, "https://erp.example.com/docusign-events");
        properties.put(TrackingSettings.WEBHOOK_RETRY_MAX_BACKOFF, "PT1H");

        TrackingSettings settings = read(properties).orThrow();

        assertThat(settings.pollOverlap()).isZero();
        assertThat(settings.pageSize()).isEqualTo(250);
        assertThat(settings.trackAllEnvelopes()).isTrue();
        assertThat(settings.initialLookback()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.emulatorPollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.archiveCompleted()).isFalse();
        assertThat(settings.connectEnabled()).isTrue();
        assertThat(settings.connectPath()).isEqualTo("/hooks/docusign-connect_v2.1");
        assertThat(settings.connectHmacKeys()).hasSize(2);
        assertThat(settings.connectHmacKeys()).map(key -> new String(key.chars())).containsExactly("key-one", "key-two");
        assertThat(settings.connectMaxBodySize()).isEqualTo(1024);
        assertThat(settings.webhookUrl()).contains(URI.create("https://erp.example.com/docusign-events"));
        assertThat(settings.webhookRetryMaxBackoff()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void eachInvalidValueIsOneProblemNamingItsKey() {
        String[][] cases = {
                {TrackingSettings.POLL_OVERLAP, "ten minutes"},
                {TrackingSettings.POLL_OVERLAP, "-PT5M"},
                {TrackingSettings.PAGE_SIZE, "0"},
                {TrackingSettings.PAGE_SIZE, "1001"},
                {TrackingSettings.PAGE_SIZE, "many"},
                {TrackingSettings.PAGE_SIZE, "99999999999"},
                {TrackingSettings.TRACK_ALL, "yes"},
                {TrackingSettings.INITIAL_LOOKBACK, "0s"},
                {TrackingSettings.INITIAL_LOOKBACK, "30 days"},
                {TrackingSettings.EMULATOR_POLL_INTERVAL, "0ms"},
                {TrackingSettings.ARCHIVE_COMPLETED, "1"},
                {TrackingSettings.CONNECT_ENABLED, "on"},
                {TrackingSettings.CONNECT_PATH, "docusign/connect"},
                {TrackingSettings.CONNECT_PATH, "/docusign connect"},
                {TrackingSettings.CONNECT_PATH, "/connect?x=1"},
                {TrackingSettings.CONNECT_MAX_BODY_SIZE, "1023"},
                {TrackingSettings.CONNECT_MAX_BODY_SIZE, "1000001"},
                {TrackingSettings.CONNECT_MAX_BODY_SIZE, "1MB"},
                {TrackingSettings.WEBHOOK_URL, "ftp://erp.example.com/events"},
                {TrackingSettings.WEBHOOK_URL, "erp.example.com/events"},
                {TrackingSettings.WEBHOOK_URL, "https://"},
                {TrackingSettings.WEBHOOK_URL, "http://exa mple.com/"},
                {TrackingSettings.WEBHOOK_RETRY_MAX_BACKOFF, "0s"},
                {TrackingSettings.WEBHOOK_RETRY_MAX_BACKOFF, "5 minutes"},
        };
        for (String[] keyAndValue : cases) {
            TrackingSettings.Result result = read(keyAndValue[0], keyAndValue[1]);

            assertThat(result.settings()).as("%s=%s", keyAndValue[0], keyAndValue[1]).isEmpty();
            assertThat(result.problems()).as("%s=%s", keyAndValue[0], keyAndValue[1]).singleElement()
                    .asString().startsWith(keyAndValue[0] + ": ").contains(keyAndValue[1].trim());
        }
    }

    @Test
    void reportsEveryProblemAtOnce() {
        TrackingSettings.Result result = read(Map.of(TrackingSettings.PAGE_SIZE, "0", TrackingSettings.TRACK_ALL, "maybe",
                TrackingSettings.WEBHOOK_URL, "mailto:ops@example.com"));

        assertThat(result.problems()).hasSize(3);
        assertThatThrownBy(result::orThrow).isInstanceOf(InvalidSettingsException.class);
    }

    @Test
    void connectEnabledWithoutKeysIsAProblem() {
        TrackingSettings.Result noKeys = read(TrackingSettings.CONNECT_ENABLED, "true");
        TrackingSettings.Result onlyCommas = read(Map.of(TrackingSettings.CONNECT_ENABLED, "true",
                TrackingSettings.CONNECT_HMAC_KEYS, " , ,"));

        for (TrackingSettings.Result result : List.of(noKeys, onlyCommas)) {
            assertThat(result.settings()).isEmpty();
            assertThat(result.problems()).singleElement().asString()
                    .startsWith(TrackingSettings.CONNECT_HMAC_KEYS + ": ")
                    .contains(TrackingSettings.CONNECT_ENABLED);
        }
        assertThat(read(TrackingSettings.CONNECT_ENABLED, "false").problems()).isEmpty();
    }

    @Test
    void hmacKeysAreSecretsThatNeverPrint() {
        String key = "9Xj0/5q+2kP4eOQ1xZ3cH6t8mR7wB1vN0aL2sD4fG5k=";
        TrackingSettings settings = read(Map.of(TrackingSettings.CONNECT_ENABLED, "true",
                TrackingSettings.CONNECT_HMAC_KEYS, key + ",second-rotated-test-key")).orThrow();

        assertThat(settings.connectHmacKeys()).allSatisfy(secret -> assertThat(secret).isInstanceOf(Secret.class)
                .hasToString("****"));
        assertThat(settings.toString()).doesNotContain(key).doesNotContain("second-rotated-test-key");
        assertThat(settings.connectHmacKeys().toString()).doesNotContain(key);
    }

    @Test
    void aProblemWithAnHmacValueNeverEchoesTheKeys() {
        String key = "super-secret-hmac";
        TrackingSettings.Result result = read(Map.of(TrackingSettings.CONNECT_HMAC_KEYS, key,
                TrackingSettings.PAGE_SIZE, "x"));

        assertThat(result.problems()).noneMatch(problem -> problem.contains(key));
        assertThatThrownBy(result::orThrow).message().doesNotContain(key);
    }

    @Test
    void theSettingsListOfKeysCannotBeChangedFromOutside() {
        TrackingSettings settings = read(Map.of(TrackingSettings.CONNECT_HMAC_KEYS, "a,b")).orThrow();

        assertThatThrownBy(() -> settings.connectHmacKeys().add(Secret.of("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDurationTooLargeToHoldIsOneProblemNotACrash() {
        for (String value : List.of("999999999999999d", "99999999999999999999m")) {
            TrackingSettings.Result result = read(TrackingSettings.POLL_OVERLAP, value);

            assertThat(result.problems()).as(value).singleElement().asString()
                    .startsWith(TrackingSettings.POLL_OVERLAP + ": ");
        }
    }
}
