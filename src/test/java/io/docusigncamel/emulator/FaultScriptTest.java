package io.docusigncamel.emulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultScriptTest {

    @Test
    void firstMatchingFaultWinsAndUsedUpFaultsStopMatching() {
        FaultScript script = new FaultScript(1);
        script.add(Fault.status("POST", "/a", 503, null).times(2));
        script.add(Fault.hang("*", "/a"));

        assertThat(script.hit("POST", "/a").action()).isEqualTo(FaultAction.STATUS);
        assertThat(script.hit("POST", "/a").action()).isEqualTo(FaultAction.STATUS);
        assertThat(script.hit("POST", "/a").action()).isEqualTo(FaultAction.HANG);
        assertThat(script.hit("GET", "/b")).isNull();
    }

    @Test
    void regexMustMatchTheWholePath() {
        FaultScript script = new FaultScript(1);
        script.add(Fault.reset("GET", "/restapi/.*/envelopes"));

        assertThat(script.hit("GET", "/restapi/v2.1/accounts/x/envelopes")).isNotNull();
        assertThat(script.hit("GET", "/restapi/v2.1/accounts/x/envelopes/y")).isNull();
    }

    @Test
    void sameSeedGivesTheSameProbabilisticHits() {
        assertThat(draws(42)).isEqualTo(draws(42)).contains(true, false);
        assertThat(draws(42)).isNotEqualTo(draws(7));
    }

    private static List<Boolean> draws(long seed) {
        FaultScript script = new FaultScript(seed);
        script.add(Fault.status("GET", "/x", 500, null).probability(0.5));
        List<Boolean> hits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            hits.add(script.hit("GET", "/x") != null);
        }
        return hits;
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Fault.hang("GET", "[").times(1)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Fault.hang("GET", "/x").times(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.hang("GET", "/x").probability(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultAction.fromWireName("explode")).hasMessageContaining("accept-then-hang");
    }
}
