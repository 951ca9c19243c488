package io.docusigncamel.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void backoffDoublesWithJitterBetweenHalfAndTheFullDelay() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoffMillis(1)).isBetween(500L, 1000L);
            assertThat(policy.backoffMillis(2)).isBetween(1000L, 2000L);
            assertThat(policy.backoffMillis(3)).isBetween(2000L, 4000L);
        }
    }

    @Test
    void backoffNeverExceedsTheMaximumEvenAfterManyAttempts() {
        for (int attempt = 1; attempt < 100; attempt++) {
            assertThat(policy.backoffMillis(attempt)).isBetween(500L, 10_000L);
        }
    }

    @Test
    void isExhaustedAtTheMaximumNumberOfAttempts() {
        assertThat(policy.exhausted(4)).isFalse();
        assertThat(policy.exhausted(5)).isTrue();
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
