package io.docusigncamel.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the envelope world that records every call the front passes on and answers with minimal valid
 * DocuSign bodies: an empty {@code envelopesInformation} for a list, an {@code envelopeSummary} for a create.
 * Thread-safe.
 */
final class RecordingEnvelopeEndpoints implements EnvelopeEndpoints {

    record RestCall(String method, String accountId, String path, Map<String, List<String>> query, byte[] body) {
    }

    record ControlCall(String method, String path, Map<String, List<String>> query, byte[] body) {
    }

    record Template(String templateId, String name, List<String> roleNames, List<String> textTabLabels) {
    }

    final List<RestCall> restCalls = new CopyOnWriteArrayList<>();
    final List<ControlCall> controlCalls = new CopyOnWriteArrayList<>();
    final Map<String, Template> templates = new ConcurrentHashMap<>();
    final List<Duration> signerDelays = new CopyOnWriteArrayList<>();
    final AtomicInteger resets = new AtomicInteger();

    @Override
    public EmulatorResponse handleRest(String method, String accountId, String path, Map<String, List<String>> query,
                                       byte[] body) {
        restCalls.add(new RestCall(method, accountId, path, query, body));
        if ("GET".equals(method) && "/envelopes".equals(path)) {
            return EmulatorResponse.json(200, """
                    {"resultSetSize":"0","totalSetSize":"0","startPosition":"0","endPosition":"0",\
                    "envelopes":[]}""");
        }
        if ("POST".equals(method) && "/envelopes".equals(path)) {
            String id = UUID.randomUUID().toString();
            return EmulatorResponse.json(201, "{\"envelopeId\":\"" + id + "\",\"uri\":\"/envelopes/" + id
                    + "\",\"statusDateTime\":\"2025-05-02T16:41:13.7800000Z\",\"status\":\"sent\"}");
        }
        return EmulatorResponse.json(200, "{}").withHeader("X-Test-Double", "answered");
    }

    @Override
    public EmulatorResponse handleControl(String method, String path, Map<String, List<String>> query, byte[] body) {
        controlCalls.add(new ControlCall(method, path, query, body));
        return EmulatorResponse.json(200, "{\"forwarded\":" + EmulatorResponse.quote(path) + "}");
    }

    @Override
    public void registerTemplate(String templateId, String name, List<String> signerRoles, List<String> carbonCopyRoles,
                                 List<String> textTabLabels) {
        List<String> roleNames = new java.util.ArrayList<>(signerRoles);
        roleNames.addAll(carbonCopyRoles);
        templates.put(templateId, new Template(templateId, name, List.copyOf(roleNames), textTabLabels));
    }

    @Override
    public void setSignerDelay(Duration delay) {
        signerDelays.add(delay == null ? Duration.ZERO : delay);
    }

    @Override
    public void reset() {
        restCalls.clear();
        controlCalls.clear();
        resets.incrementAndGet();
    }

    long restCallsTo(String method, String path) {
        return restCalls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).count();
    }
}
