package io.docusigncamel.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeLookupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void findsTheEnvelopeWhoseRowKeyCustomFieldMatchesAndIgnoresExtraneousOnes() throws Exception {
        String answer = """
                {"resultSetSize":"2","envelopes":[
                  {"envelopeId":"other","customFields":{"textCustomFields":[{"name":"rowKey","value":"EMP-2"}]}},
                  {"envelopeId":"mine","customFields":{"textCustomFields":[{"name":"sourceFile","value":"a.csv"},
                                                                          {"name":"rowKey","value":"EMP-1"}]}}]}""";

        assertThat(EnvelopeLookup.envelopeFor(JSON.readTree(answer), "EMP-1")).contains("mine");
        assertThat(EnvelopeLookup.envelopeFor(JSON.readTree(answer), "EMP-3")).isEmpty();
    }

    @Test
    void anEmptyAnswerWithoutAnEnvelopesArrayFindsNothing() throws Exception {
        assertThat(EnvelopeLookup.envelopeFor(JSON.readTree("{\"resultSetSize\":\"0\"}"), "EMP-1")).isEmpty();
    }

    @Test
    void theQueryEncodesTheRowKeyAndStartsADayBeforeTheClaim() {
        String query = EnvelopeLookup.query("A&B =1", Instant.parse("2026-03-02T10:15:30.123Z"));

        assertThat(query).isEqualTo("from_date=2026-03-01T10%3A15%3A30Z&custom_field=rowKey%3DA%26B%20%3D1"
                + "&include=custom_fields&status=any");
    }
}
