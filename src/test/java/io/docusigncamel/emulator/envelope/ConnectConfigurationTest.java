package io.docusigncamel.emulator.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation of Connect configurations and the Connect time format inside {@code envelopeSummary}. */
class ConnectConfigurationTest {

    @Test
    void defaultsRequireAcknowledgmentAndSendEveryEvent() {
        ConnectConfiguration configuration = ConnectConfiguration.to("https://127.0.0.1:9443/connect");

        assertThat(configuration.requireAcknowledgment()).isTrue();
        assertThat(configuration.maxAttempts()).isEqualTo(ConnectConfiguration.DEFAULT_MAX_ATTEMPTS);
        assertThat(configuration.hmacKeys()).isEmpty();
        assertThat(configuration.includeData()).isEmpty();
        assertThat(ConnectConfiguration.EMITTED_EVENTS).allMatch(configuration::sends);
    }

    @Test
    void normalizesIncludeDataAndEvents() {
        ConnectConfiguration configuration = ConnectConfiguration.to("http://localhost:1/x")
                .withIncludeData(" Custom_Fields", "recipients", "custom_fields").withEvents("ENVELOPE-COMPLETED");

        assertThat(configuration.includeData()).containsExactly("custom_fields", "recipients");
        assertThat(configuration.events()).containsExactly("envelope-completed");
        assertThat(configuration.sends("envelope-sent")).isFalse();
    }

    @Test
    void refusesWhatCouldNeverBeDelivered() {
        assertThatThrownBy(() -> ConnectConfiguration.to("ftp://localhost/x")).hasMessageContaining("http");
        assertThatThrownBy(() -> ConnectConfiguration.to("/relative")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> ConnectConfiguration.to("http://localhost:1/x").withEvents("recipient-sent"))
                .hasMessageContaining("events");
        assertThatThrownBy(() -> ConnectConfiguration.to("http://localhost:1/x").withIncludeData("everything"))
                .hasMessageContaining("includeData");
        assertThatThrownBy(() -> ConnectConfiguration.to("http://localhost:1/x").withRetries(0, Duration.ZERO))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> ConnectConfiguration.to("http://localhost:1/x").withHmacKeys(""))
                .hasMessageContaining("HMAC");
    }

    @Test
    void connectTrimsTheTrailingZerosOfTheFraction() {
        assertThat(ConnectEmitter.trimTime("2022-09-22T15:19:24.5000000Z")).isEqualTo("2022-09-22T15:19:24.5Z");
        assertThat(ConnectEmitter.trimTime("2022-09-22T15:19:41.0900000Z")).isEqualTo("2022-09-22T15:19:41.09Z");
        assertThat(ConnectEmitter.trimTime("2022-09-22T15:19:40.4030000Z")).isEqualTo("2022-09-22T15:19:40.403Z");
        assertThat(ConnectEmitter.trimTime("2022-09-22T15:19:40.1234567Z")).isEqualTo("2022-09-22T15:19:40.1234567Z");
        assertThat(ConnectEmitter.trimTime("2022-09-22T15:19:40.0000000Z")).isEqualTo("2022-09-22T15:19:40Z");
        assertThat(ConnectEmitter.trimTime("not a time")).isEqualTo("not a time");
    }

    @Test
    void keysAreKeptInOrderButNeverPrinted() {
        ConnectConfiguration configuration = ConnectConfiguration.to("http://localhost:1/x").withHmacKeys("k-one", "k-two");

        assertThat(configuration.hmacKeys()).isEqualTo(List.of("k-one", "k-two"));
        assertThat(configuration.toString()).doesNotContain("k-one").doesNotContain("k-two");
    }
}
