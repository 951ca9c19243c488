package io.docusigncamel.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.ledger.Ledger;
import org.apache.camel.health.HealthCheck;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class LedgerReadinessTest {

    @Test
    void upWhileTheLedgerAnswersDownWithTheErrorWhenItDoesNot() {
        Ledger ledger = Ledger.open("jdbc:h2:mem:readiness-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", null, null);
        LedgerReadiness readiness = new LedgerReadiness(ledger);
        assertThat(readiness.isLiveness()).isFalse();
        assertThat(readiness.isReadiness()).isTrue();
        assertThat(readiness.getId()).isEqualTo("ledger");

        HealthCheck.Result up = readiness.call();
        assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(up.getDetails()).containsEntry("schemaVersion", ledger.schemaVersion());

        ledger.close();
        HealthCheck.Result down = readiness.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).get(InstanceOfAssertFactories.STRING)
                .startsWith("the ledger does not answer: ").contains("closed");
        assertThat(down.getError()).isPresent();
    }
}
