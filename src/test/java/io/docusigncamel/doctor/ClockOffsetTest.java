package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.doctor.Finding.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockOffsetTest {

    private static Finding offset(long seconds) {
        return ClockOffset.classify(Duration.ofSeconds(seconds), "DocuSign");
    }

    @Test
    void upToThirtySecondsEitherWayPasses() {
        assertThat(offset(0)).isEqualTo(Finding.pass("this machine is in step with DocuSign (within 30 s)"));
        assertThat(offset(30).verdict()).isEqualTo(Verdict.PASS);
        assertThat(offset(-30).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aboveThirtySecondsWarnsWithTheNtpFix() {
        Finding behind = offset(31);
        assertThat(behind.verdict()).isEqualTo(Verdict.WARN);
        assertThat(behind.found()).isEqualTo("this machine is 31 s behind DocuSign: more than 30 s");
        assertThat(behind.fix()).startsWith("sync the clock (NTP)");
        assertThat(offset(-60).verdict()).isEqualTo(Verdict.WARN);
        assertThat(offset(300).verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void aheadByMoreThanTheAssertionBackdateFails() {
        Finding ahead = offset(-61);
        assertThat(ahead.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(ahead.found()).startsWith("this machine is 1 min 1 s ahead of DocuSign")
                .contains("no_valid_keys_or_signatures");
        assertThat(ahead.line("clock")).startsWith("FAIL  clock         this machine is 1 min 1 s ahead")
                .contains(". Fix: sync the clock (NTP)");
    }

    @Test
    void behindByMinutesFailsAndByAnHourIsExpiredGrant() {
        assertThat(offset(301).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(offset(301).found()).doesNotContain("expired_grant");
        assertThat(offset(3541).found()).contains("expired_grant");
        assertThat(offset(7200).found()).startsWith("this machine is 2 h 0 min behind DocuSign");
    }

    @Test
    void readsHttpDates() {
        assertThat(ClockOffset.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
                .contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(ClockOffset.parseHttpDate("Sun, 6 Nov 1994 08:49:37 GMT"))
                .contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(ClockOffset.parseHttpDate("yesterday")).isEmpty();
        assertThat(ClockOffset.parseHttpDate(null)).isEmpty();
    }
}
