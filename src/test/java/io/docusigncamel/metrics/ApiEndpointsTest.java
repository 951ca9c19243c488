package io.docusigncamel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiEndpointsTest {

    private static final String BASE = "https://demo.docusign.net:443/restapi";
    private static final String ACCOUNT = "8f6afb81-b06c-4a85-b046-d36b31ca3411";
    private static final String ENVELOPE = "3df72625-04e2-4a87-bd1c-5f0faaf93726";

    @Test
    void createAndListAreTheEnvelopesCollectionWithTheAccountAsAPlaceholder() {
        assertThat(ApiEndpoints.template("POST", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes"))
                .isEqualTo("POST /v2.1/accounts/{accountId}/envelopes");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes"
                + "?from_date=2025-01-01T00:00:00Z&custom_field=rowKey%3DEMP-1"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/envelopes");
    }

    @Test
    void idsBecomePlaceholdersNamedAfterTheirCollectionAndWordsStay() {
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/" + ENVELOPE
                + "/documents/combined")).isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/combined");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/" + ENVELOPE
                + "/documents/1")).isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/documents/{documentId}");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/" + ENVELOPE
                + "/recipients")).isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/recipients");
        assertThat(ApiEndpoints.template("PUT", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/status"))
                .isEqualTo("PUT /v2.1/accounts/{accountId}/envelopes/status");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/" + ENVELOPE
                + "/custom_fields")).isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}/custom_fields");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/widgets/12345"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/widgets/{id}");
    }

    @Test
    void theAccountIsAlwaysAPlaceholderEvenIfItLooksLikeAWord() {
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/demo/envelopes"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/envelopes");
    }

    @Test
    void encodedOrOddSegmentsNeverReachTheLabel() {
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/a%20b"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}");
        assertThat(ApiEndpoints.template("GET", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes/" + ENVELOPE + "#x"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/envelopes/{envelopeId}");
    }

    @Test
    void callsOutsideTheVersionedRestApiAreOther() {
        assertThat(ApiEndpoints.template("POST", "https://erp.example.com/docusign-events?token=secret"))
                .isEqualTo("POST other");
        assertThat(ApiEndpoints.template("POST", "http://localhost:8080")).isEqualTo("POST other");
        assertThat(ApiEndpoints.template("GET", null)).isEqualTo("GET other");
    }

    @Test
    void theMethodIsUpperCaseAndAnUnknownOneIsHttp() {
        assertThat(ApiEndpoints.template("post", BASE + "/v2/accounts/" + ACCOUNT + "/envelopes"))
                .isEqualTo("POST /v2/accounts/{accountId}/envelopes");
        assertThat(ApiEndpoints.template(null, BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes"))
                .isEqualTo("HTTP /v2.1/accounts/{accountId}/envelopes");
        assertThat(ApiEndpoints.template("GET /x", BASE + "/v2.1/accounts/" + ACCOUNT + "/envelopes"))
                .isEqualTo("HTTP /v2.1/accounts/{accountId}/envelopes");
    }

    @Test
    void camelsSchemeWithoutSlashesIsUnderstood() {
        assertThat(ApiEndpoints.template("GET", "https:demo.docusign.net/restapi/v2.1/accounts/" + ACCOUNT + "/envelopes"))
                .isEqualTo("GET /v2.1/accounts/{accountId}/envelopes");
    }
}
