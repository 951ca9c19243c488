package io.docusigncamel.emulator.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DocuSignTimeTest {

    @Test
    void formatsUtcWithSevenFractionalDigits() {
        assertThat(DocuSignTime.format(Instant.parse("2019-06-17T23:57:06.103Z"))).isEqualTo("2019-06-17T23:57:06.1030000Z");
        assertThat(DocuSignTime.format(Instant.parse("2019-06-17T23:57:06Z"))).isEqualTo("2019-06-17T23:57:06.0000000Z");
        assertThat(DocuSignTime.format(Instant.parse("2019-06-17T23:57:06.123456789Z"))).isEqualTo("2019-06-17T23:57:06.1234567Z");
    }

    @Test
    void truncatesToDocuSignsHundredNanosecondResolution() {
        assertThat(DocuSignTime.truncate(Instant.parse("2019-06-17T23:57:06.123456789Z"))).isEqualTo(Instant.parse("2019-06-17T23:57:06.1234567Z"));
    }

    @Test
    void parsesTheQueryDateForms() {
        Instant expected = Instant.parse("2017-05-02T01:44:00Z");
        assertThat(DocuSignTime.parseQueryDate("2017-05-02T01:44Z")).isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-02T03:44:00+02:00")).isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-02T03:44:00+0200")).isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-02T03:44:00 02:00")).as("+ decoded to a space").isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-01T21:44:00-04:00")).isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-02T01:44:00.0000000")).as("no offset = UTC").isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("2017-05-02")).isEqualTo(Instant.parse("2017-05-02T00:00:00Z"));
        assertThat(DocuSignTime.parseQueryDate("05/02/2017")).isEqualTo(Instant.parse("2017-05-02T00:00:00Z"));
        assertThat(DocuSignTime.parseQueryDate("5/2/2017 1:44")).isEqualTo(expected);
        assertThat(DocuSignTime.parseQueryDate("not a date")).isNull();
        assertThat(DocuSignTime.parseQueryDate("2017-13-02")).isNull();
    }
}
