package io.docusigncamel.inbox;

import io.docusigncamel.inbox.EnvelopeRequest.CustomField;
import io.docusigncamel.inbox.EnvelopeRequest.Field;
import io.docusigncamel.inbox.EnvelopeRequest.RecipientRequest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A declarative mapping from an arbitrary CSV layout (an HR or CRM export) to envelopes, read from a YAML file
 * ({@code inbox.mapping-file}). Every text value may refer to columns as {@code ${column}} ({@link FieldExpression}):
 *
 * <pre>
 * rowKey: "${employee_id}"            # optional; default: SHA-256 of the row's content
 * mode: template                      # or documents; default inbox.mode
 * templateId: "xxxxxxxx-…"            # optional; default inbox.template-id (template mode)
 * emailSubject: "Welcome, ${first_name}"  # optional; default inbox.email-subject
 * emailBlurb: "Please sign before ${start_date}."  # optional; default inbox.email-blurb
 * recipients:                         # at least one; each role once, every required role present
 *   - role: signer                    # one of inbox.roles
 *     name: "${first_name} ${last_name}"
 *     email: "${work_email}"
 *   - role: cc
 *     name: "Hiring manager"
 *     email: "${manager_email}"
 *     optional: true                  # no recipient when the e-mail is empty
 * textTabs:                           # template mode: text tabs by label, on every signing role
 *   startDate: "${start_date}"
 * customFields:                       # extra hidden envelope text custom fields
 *   employeeId: "${employee_id}"
 * document: "${contract_file}"        # documents mode: a PDF file name in inbox.documents-dir
 * </pre>
 *
 * <p>The file is checked completely at load ({@link MappingFileException} lists every problem with its key path);
 * the columns it refers to are checked against each CSV header ({@link #checkHeader}), and each row against DocuSign's
 * rules like the column conventions. Immutable apart from the documents cache; thread-safe.
 */
public final class MappingFile implements EnvelopeMapping {

    private static final Set<String> KEYS = Set.of("rowKey", "mode", "templateId", "emailSubject", "emailBlurb",
            "recipients", "textTabs", "customFields", "document");
    private static final Set<String> RECIPIENT_KEYS = Set.of("role", "name", "email", "optional");

    /** An expression and the key path it was written at. */
    private record Located(String path, FieldExpression expression) {
        /** The column for a plain {@code ${column}}, else the key path and the expression as written. */
        String label() {
            return expression.singleColumn().orElse(path + " (\"" + expression.source() + "\")");
        }

        Field field(Map<String, String> values) {
            return new Field(label(), expression.expand(values));
        }
    }

    private record MappedRecipient(String role, Located name, Located email, boolean optional) {
    }

    private final Path file;
    private final InboxSettings settings;
    private final Located rowKey;
    private final EnvelopeMode mode;
    private final Located templateId;
    private final Located emailSubject;
    private final Located emailBlurb;
    private final List<MappedRecipient> recipients;
    private final Map<String, Located> textTabs;
    private final Map<String, Located> customFields;
    private final Located document;
    private final EnvelopeAssembler assembler;

    private MappingFile(Path file, InboxSettings settings, Located rowKey, EnvelopeMode mode, Located templateId,
                        Located emailSubject, Located emailBlurb, List<MappedRecipient> recipients,
                        Map<String, Located> textTabs, Map<String, Located> customFields, Located document) {
        this.file = file;
        this.settings = settings;
        this.rowKey = rowKey;
        this.mode = mode;
        this.templateId = templateId;
        this.emailSubject = emailSubject;
        this.emailBlurb = emailBlurb;
        this.recipients = List.copyOf(recipients);
        this.textTabs = textTabs;
        this.customFields = customFields;
        this.document = document;
        this.assembler = new EnvelopeAssembler(settings, " or templateId in " + file.getFileName());
    }

    /** Reads and checks {@code file}; every problem is reported at once. */
    public static MappingFile load(Path file, InboxSettings settings) throws MappingFileException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoadSettings loadSettings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build();
            document = new Load(loadSettings).loadFromReader(reader);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                    .orElse("YAML");
            throw new MappingFileException(file, List.of(where + ": " + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new MappingFileException(file, List.of("not YAML: " + e.getMessage()));
        } catch (IOException e) {
            throw new MappingFileException(file, List.of("cannot be read: " + e.getMessage()));
        }
        return new Loader(file, settings).read(document);
    }

    @Override
    public Optional<String> checkHeader(List<String> header) {
        Set<String> columns = Set.copyOf(header);
        List<String> missing = new ArrayList<>();
        for (Located located : expressions()) {
            for (String column : located.expression().columns()) {
                if (!columns.contains(column)) {
                    missing.add(located.path() + " \"" + located.expression().source() + "\" refers to column \"" + column
                            + "\"");
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("mapping file " + file + " refers to columns this file does not have: " + String.join("; ", missing)
                + "; the file's columns are: " + String.join(", ", header));
    }

    private List<Located> expressions() {
        List<Located> all = new ArrayList<>();
        for (Located located : new Located[] {rowKey, templateId, emailSubject, emailBlurb, document}) {
            if (located != null) {
                all.add(located);
            }
        }
        for (MappedRecipient recipient : recipients) {
            all.add(recipient.name());
            all.add(recipient.email());
        }
        all.addAll(textTabs.values());
        all.addAll(customFields.values());
        return all;
    }

    @Override
    public MappedRow map(CsvRow row, String sourceFileName) {
        if (row.problem().isPresent()) {
            return new MappedRow.Rejected(null, row.problem().get());
        }
        Map<String, String> values = row.values();
        List<String> problems = new ArrayList<>();
        String key = rowKey == null ? "" : rowKey.expression().expand(values);
        String resolvedKey;
        if (key.isEmpty()) {
            resolvedKey = RowKey.contentHash(row);
        } else {
            Optional<String> keyProblem = RowKey.problemWith(rowKey.label(), key);
            keyProblem.ifPresent(problems::add);
            resolvedKey = keyProblem.isPresent() ? null : key;
        }
        List<RecipientRequest> requests = new ArrayList<>();
        for (MappedRecipient recipient : recipients) {
            requests.add(new RecipientRequest(recipient.role(), recipient.name().field(values),
                    recipient.email().field(values), !recipient.optional(), !recipient.name().expression().isLiteral()));
        }
        Map<String, String> tabs = new LinkedHashMap<>();
        textTabs.forEach((label, located) -> {
            String value = located.expression().expand(values);
            if (!value.isEmpty()) {
                tabs.put(label, value);
            }
        });
        List<CustomField> fields = new ArrayList<>();
        customFields.forEach((name, located) -> fields.add(new CustomField(name,
                new Field(located.path(), located.expression().expand(values)))));
        EnvelopeRequest request = new EnvelopeRequest(row.row(), resolvedKey, sourceFileName, mode,
                field(templateId, values), field(emailSubject, values), field(emailBlurb, values), requests, tabs, fields,
                field(document, values));
        return assembler.assemble(request, problems);
    }

    private static Field field(Located located, Map<String, String> values) {
        return located == null ? null : located.field(values);
    }

    /** The mapping file, for callers that log which mapping is in use. */
    public Path file() {
        return file;
    }

    /** Checks the loaded YAML tree; collects every problem with its key path. */
    private static final class Loader {
        private final Path file;
        private final InboxSettings settings;
        private final Roles roles;
        private final List<String> problems = new ArrayList<>();

        Loader(Path file, InboxSettings settings) {
            this.file = file;
            this.settings = settings;
            this.roles = new Roles(settings.roles());
        }

        MappingFile read(Object tree) throws MappingFileException {
            if (!(tree instanceof Map<?, ?> root)) {
                throw new MappingFileException(file, List.of("the file must be a YAML mapping with keys such as"
                        + " recipients, rowKey, emailSubject (it is " + (tree == null ? "empty" : "a "
                        + describe(tree)) + ")"));
            }
            for (Object key : root.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    problems.add(key + ": unknown key; the keys are " + String.join(", ", sorted(KEYS)));
                }
            }
            Located rowKey = expression(root, "rowKey", "rowKey");
            EnvelopeMode mode = settings.mode();
            Object modeValue = root.get("mode");
            if (modeValue != null) {
                Optional<EnvelopeMode> parsed = modeValue instanceof String s ? EnvelopeMode.parse(s) : Optional.empty();
                if (parsed.isEmpty()) {
                    problems.add("mode: \"" + modeValue + "\" is not a mode; write template or documents");
                } else {
                    mode = parsed.get();
                }
            }
            Located templateId = expression(root, "templateId", "templateId");
            if (templateId != null && templateId.expression().isLiteral()
                    && !Guids.isGuid(templateId.expression().expand(Map.of()))) {
                problems.add("templateId: \"" + templateId.expression().source() + "\" is not a template ID (a GUID like "
                        + Guids.EXAMPLE + "); omit templateId to use " + InboxSettings.TEMPLATE_ID);
            }
            Located subject = expression(root, "emailSubject", "emailSubject");
            if (subject != null && subject.expression().isLiteral()
                    && subject.expression().expand(Map.of()).length() > InboxSettings.MAX_SUBJECT_LENGTH) {
                problems.add("emailSubject: is longer than " + InboxSettings.MAX_SUBJECT_LENGTH
                        + " characters, DocuSign's limit; shorten it");
            }
            Located blurb = expression(root, "emailBlurb", "emailBlurb");
            List<MappedRecipient> recipients = recipients(root.get("recipients"));
            Map<String, Located> textTabs = namedExpressions(root.get("textTabs"), "textTabs");
            Map<String, Located> customFields = namedExpressions(root.get("customFields"), "customFields");
            for (Map.Entry<String, Located> field : customFields.entrySet()) {
                String name = field.getKey();
                if (name.equals(EnvelopeAssembler.ROW_KEY_FIELD) || name.equals(EnvelopeAssembler.SOURCE_FILE_FIELD)) {
                    problems.add("customFields." + name + ": the service sets this field itself; choose another name");
                } else if (name.length() > EnvelopeAssembler.MAX_CUSTOM_FIELD_LENGTH) {
                    problems.add("customFields." + name + ": the name is longer than "
                            + EnvelopeAssembler.MAX_CUSTOM_FIELD_LENGTH + " characters, DocuSign's limit");
                }
                Located value = field.getValue();
                if (value.expression().isLiteral()
                        && value.expression().expand(Map.of()).length() > EnvelopeAssembler.MAX_CUSTOM_FIELD_LENGTH) {
                    problems.add("customFields." + name + ": the value is longer than "
                            + EnvelopeAssembler.MAX_CUSTOM_FIELD_LENGTH + " characters, DocuSign's limit");
                }
            }
            Located document = expression(root, "document", "document");
            if (mode == EnvelopeMode.DOCUMENTS) {
                if (document == null) {
                    problems.add("document: is required in documents mode; write e.g. document: \"${contract_file}\"");
                }
                if (!textTabs.isEmpty()) {
                    problems.add("textTabs: only template mode pre-fills text tabs; remove them or set mode: template");
                }
                if (templateId != null) {
                    problems.add("templateId: only template mode uses a template; remove it or set mode: template");
                }
            } else if (document != null) {
                problems.add("document: only documents mode sends a PDF; remove it or set mode: documents");
            }
            if (!problems.isEmpty()) {
                throw new MappingFileException(file, problems);
            }
            return new MappingFile(file, settings, rowKey, mode, templateId, subject, blurb, recipients, textTabs,
                    customFields, document);
        }

        private List<MappedRecipient> recipients(Object value) {
            List<MappedRecipient> recipients = new ArrayList<>();
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                problems.add("recipients: " + (value == null ? "is required" : "must be a list") + "; list at least one"
                        + " recipient with role, name and email");
                return recipients;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "recipients[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> entry)) {
                    problems.add(path + ": must be a mapping with role, name and email");
                    continue;
                }
                for (Object key : entry.keySet()) {
                    if (!RECIPIENT_KEYS.contains(String.valueOf(key))) {
                        problems.add(path + "." + key + ": unknown key; the keys are " + String.join(", ",
                                sorted(RECIPIENT_KEYS)));
                    }
                }
                Object roleValue = entry.get("role");
                String role = null;
                if (!(roleValue instanceof String written) || written.isBlank()) {
                    problems.add(path + ".role: is required; write one of " + roles.list());
                } else {
                    Optional<String> resolved = roles.resolve(written.trim());
                    if (resolved.isEmpty()) {
                        problems.add(path + ".role: \"" + written + "\" is not among " + InboxSettings.ROLES + " ("
                                + roles.list() + ")");
                    } else if (!seen.add(resolved.get())) {
                        problems.add(path + ".role: role " + resolved.get() + " is listed twice; list each role once");
                    } else {
                        role = resolved.get();
                    }
                }
                Located name = expression(entry, "name", path + ".name");
                Located email = expression(entry, "email", path + ".email");
                if (name == null && !entry.containsKey("name")) {
                    problems.add(path + ".name: is required");
                }
                if (email == null && !entry.containsKey("email")) {
                    problems.add(path + ".email: is required");
                }
                if (email != null && email.expression().isLiteral()
                        && !EmailAddresses.isValid(email.expression().expand(Map.of()))) {
                    problems.add(path + ".email: \"" + email.expression().source() + "\" is not an e-mail address");
                }
                Object optionalValue = entry.get("optional");
                boolean optional = false;
                if (optionalValue instanceof Boolean b) {
                    optional = b;
                } else if (optionalValue != null) {
                    problems.add(path + ".optional: \"" + optionalValue + "\" is not true or false");
                }
                if (role != null && optional && settings.requiredRoles().contains(role)) {
                    problems.add(path + ".optional: role " + role + " is required (" + InboxSettings.REQUIRED_ROLES
                            + "); remove optional or the role from that setting");
                }
                if (role != null && name != null && email != null) {
                    recipients.add(new MappedRecipient(role, name, email, optional));
                }
            }
            for (String required : settings.requiredRoles()) {
                if (!seen.contains(required)) {
                    problems.add("recipients: no recipient for required role " + required + " ("
                            + InboxSettings.REQUIRED_ROLES + "); add one");
                }
            }
            return recipients;
        }

        private Map<String, Located> namedExpressions(Object value, String path) {
            Map<String, Located> named = new LinkedHashMap<>();
            if (value == null) {
                return named;
            }
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + ": must be a mapping of name: \"value\"");
                return named;
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = entry.getKey() == null ? "" : String.valueOf(entry.getKey()).trim();
                if (name.isEmpty()) {
                    problems.add(path + ": a name is empty");
                    continue;
                }
                Located located = expression(map, entry.getKey(), path + "." + name);
                if (located != null) {
                    named.put(name, located);
                }
            }
            return named;
        }

        /** The expression at {@code key}, or null when absent or broken (then a problem is recorded). */
        private Located expression(Map<?, ?> map, Object key, String path) {
            if (!map.containsKey(key)) {
                return null;
            }
            Object value = map.get(key);
            if (value == null) {
                problems.add(path + ": is empty; write a value or remove the key");
                return null;
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                problems.add(path + ": must be text, not a " + describe(value));
                return null;
            }
            try {
                return new Located(path, FieldExpression.parse(String.valueOf(value)));
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
                return null;
            }
        }

        private static String describe(Object value) {
            return value instanceof Map<?, ?> ? "mapping" : value instanceof List<?> ? "list" : "single value";
        }

        private static List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }
    }
}
