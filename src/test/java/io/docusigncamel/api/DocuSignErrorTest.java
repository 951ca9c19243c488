package io.docusigncamel.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocuSignErrorTest {

    @Test
    void aValidationErrorIsABusinessRefusalDescribedByCodeAndMessage() {
        DocuSignError error = DocuSignError.of(400, "{\n  \"errorCode\": \"INVALID_EMAIL_ADDRESS_FOR_RECIPIENT\",\n"
                + "  \"message\": \"The email address for the recipient is invalid.\"\n}");

        assertThat(error.businessRefusal()).isTrue();
        assertThat(error.rateLimited()).isFalse();
        assertThat(error.serverFault()).isFalse();
        assertThat(error.describe()).isEqualTo("INVALID_EMAIL_ADDRESS_FOR_RECIPIENT: The email address for the recipient is invalid.");
    }

    @Test
    void accountLimitsAreRateLimitsWhetherAnswered429Or400() {
        assertThat(DocuSignError.of(429, "").rateLimited()).isTrue();
        assertThat(DocuSignError.of(400, "{\"errorCode\":\"HOURLY_APIINVOCATION_LIMIT_EXCEEDED\",\"message\":\"x\"}").rateLimited()).isTrue();
        assertThat(DocuSignError.of(400, "{\"errorCode\":\"BURST_APIINVOCATION_LIMIT_EXCEEDED\"}").businessRefusal()).isFalse();
    }

    @Test
    void perEnvelopeLimitsInDocuSignsMixedCaseAreRateLimits() {
        assertThat(DocuSignError.of(400, "{\"errorCode\":\"Hourly_Envelope_Polling_Limit_Exceeded\"}").rateLimited()).isTrue();
        assertThat(DocuSignError.of(400, "{\"errorCode\":\"Burst_APIInvocation_Envelope_Limit_Exceeded\"}").rateLimited()).isTrue();
    }

    @Test
    void serverFaultsAndAuthenticationFailuresAreNotRefusals() {
        assertThat(DocuSignError.of(503, "<html>Service Unavailable</html>").serverFault()).isTrue();
        assertThat(DocuSignError.of(503, "<html>Service Unavailable</html>").businessRefusal()).isFalse();
        assertThat(DocuSignError.of(401, "{\"errorCode\":\"AUTHORIZATION_INVALID_TOKEN\"}").authenticationFailed()).isTrue();
        assertThat(DocuSignError.of(401, "{\"errorCode\":\"AUTHORIZATION_INVALID_TOKEN\"}").businessRefusal()).isFalse();
    }

    @Test
    void aBodyThatIsNotDocuSignsJsonKeepsTheStatus() {
        DocuSignError error = DocuSignError.of(500, "<html>oops</html>");

        assertThat(error.errorCode()).isEmpty();
        assertThat(error.describe()).isEqualTo("HTTP_500");
    }
}
