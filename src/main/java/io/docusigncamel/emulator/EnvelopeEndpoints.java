package io.docusigncamel.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The seam between the emulator's HTTP front (TLS, OAuth, bearer tokens, rate limits, faults) and its envelope
 * world (envelopes, templates, documents, status progression). The front authenticates the caller and checks that
 * the account belongs to the token's user before it calls {@link #handleRest}; the world never sees tokens.
 * Implementations must be thread-safe.
 */
public interface EnvelopeEndpoints {

    /**
     * A REST call under {@code /restapi/v2.1/accounts/{accountId}}.
     *
     * @param method  HTTP method, upper case
     * @param accountId the account id from the path
     * @param path    the rest of the path after the account id, e.g. {@code /envelopes} or
     *                {@code /envelopes/{id}/documents/combined}; never empty
     * @param query   decoded query parameters (a name may repeat)
     * @param body    the raw request body (empty when none)
     */
    EmulatorResponse handleRest(String method, String accountId, String path, Map<String, List<String>> query, byte[] body);

    /**
     * {@link #handleRest(String, String, String, Map, byte[])} with the id of the user the bearer token was issued
     * to, which the world records as an envelope's sender (Connect messages carry it as {@code data.userId}).
     * Worlds that do not need the user ignore it.
     */
    default EmulatorResponse handleRest(String method, String accountId, String userId, String path,
                                        Map<String, List<String>> query, byte[] body) {
        return handleRest(method, accountId, path, query, body);
    }

    /**
     * A control call under the emulator's control prefix {@code /emulator}, for the part that concerns envelopes,
     * i.e. paths starting with {@code /envelopes}, {@code /templates} or {@code /connect} (e.g.
     * {@code POST /envelopes/{id}/advance}, {@code PUT /connect}).
     * {@code path} is given without the {@code /emulator} prefix.
     */
    EmulatorResponse handleControl(String method, String path, Map<String, List<String>> query, byte[] body);

    /**
     * Registers (or replaces) a server template: its signer roles and carbon-copy roles (case-sensitive role names,
     * signers first in routing order) and the labels of the text tabs it carries (pre-fillable through
     * {@code templateRoles[].tabs.textTabs[].tabLabel}).
     */
    void registerTemplate(String templateId, String name, List<String> signerRoles, List<String> carbonCopyRoles,
                          List<String> textTabLabels);

    /**
     * How long after sending every recipient acts on its own (first delivered, then completed, each after this
     * delay); {@code null} or zero means recipients act only through control calls.
     */
    void setSignerDelay(Duration delay);

    /** Forgets every envelope and counter; registered templates stay. */
    void reset();
}
