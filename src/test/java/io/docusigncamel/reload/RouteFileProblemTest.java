package io.docusigncamel.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;

class RouteFileProblemTest {

    @Test
    void aRouteThatCannotBeBuiltIsNamedWithItsLineAndTheRootCause() {
        Exception problem = new FailedToCreateRouteException("send-envelopes", "Route(send-envelopes)", "to[foo:bar]",
                new IllegalArgumentException("No endpoint could be found for: foo://bar"));

        assertThat(RouteFileProblem.describe("routes/send-envelopes.yaml", problem,
                id -> id.equals("send-envelopes") ? Optional.of(7) : Optional.empty()))
                .isEqualTo("routes/send-envelopes.yaml line 7 (route send-envelopes): No endpoint could be found for: foo://bar");
    }

    @Test
    void anyOtherProblemNamesTheFileAndTheFirstLineOfTheRootCause() {
        Exception problem = new IllegalStateException("outer", new IllegalArgumentException("inner\nsecond line"));

        assertThat(RouteFileProblem.describe("routes/x.yaml", problem, id -> Optional.empty()))
                .isEqualTo("routes/x.yaml: inner");
    }
}
