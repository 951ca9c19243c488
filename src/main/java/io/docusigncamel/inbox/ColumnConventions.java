package io.docusigncamel.inbox;

import io.docusigncamel.inbox.EnvelopeRequest.Field;
import io.docusigncamel.inbox.EnvelopeRequest.RecipientRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SPEC §4's column conventions, compatible with DocuSign Bulk Send CSVs: {@code <Role>::Name} and
 * {@code <Role>::Email} per role of {@code inbox.roles}; plain {@code Name}/{@code Email} for
 * {@code inbox.default-role}; optional {@code ExternalId}, {@code TemplateId}, {@code Document}, {@code EmailSubject},
 * {@code EmailBlurb}; every other column pre-fills the template text tab with the same label (not used in documents
 * mode).
 *
 * <p>Role names in headers match the configured roles exactly, or ignoring case when only one role matches that way
 * ({@link Roles}); the fixed column names and the {@code Name}/{@code Email} parts match ignoring case. Everything
 * about the header is checked once per file ({@link #checkHeader}): a column naming an unknown role is a file-level
 * problem, because every row of the file would fail the same way.
 *
 * <p>A row whose {@code Document} is filled becomes a documents-mode envelope even when {@code inbox.mode} is
 * {@code template}; in documents mode a row with a {@code TemplateId} and no {@code Document} uses the template.
 * Immutable apart from a one-entry header cache; thread-safe.
 */
public final class ColumnConventions implements EnvelopeMapping {

    public static final String EXTERNAL_ID = "ExternalId";
    public static final String TEMPLATE_ID = "TemplateId";
    public static final String DOCUMENT = "Document";
    public static final String EMAIL_SUBJECT = "EmailSubject";
    public static final String EMAIL_BLURB = "EmailBlurb";
    private static final String NAME = "Name";
    private static final String EMAIL = "Email";
    private static final String SEPARATOR = "::";

    private final InboxSettings settings;
    private final Roles roles;
    private final EnvelopeAssembler assembler;
    /** Rows of one file share a header; parse it once. The layout is immutable, so a plain volatile suffices. */
    private volatile Layout lastLayout;

    ColumnConventions(InboxSettings settings) {
        this.settings = settings;
        this.roles = new Roles(settings.roles());
        this.assembler = new EnvelopeAssembler(settings, " or fill the " + TEMPLATE_ID + " column");
    }

    /** The columns of a header, by meaning. */
    private record Layout(List<String> header, Map<String, String[]> roleColumns, String externalId, String templateId,
                          String document, String emailSubject, String emailBlurb, List<String> dataColumns,
                          List<String> problems) {
    }

    @Override
    public Optional<String> checkHeader(List<String> header) {
        Layout layout = layout(header);
        return layout.problems().isEmpty() ? Optional.empty() : Optional.of(String.join("; ", layout.problems()));
    }

    @Override
    public MappedRow map(CsvRow row, String sourceFileName) {
        if (row.problem().isPresent()) {
            return new MappedRow.Rejected(null, row.problem().get());
        }
        Layout layout = layout(List.copyOf(row.values().keySet()));
        if (!layout.problems().isEmpty()) {
            return new MappedRow.Rejected(null, "row " + row.row() + ": " + String.join("; ", layout.problems()));
        }
        List<String> problems = new ArrayList<>();
        String rowKey;
        String externalId = layout.externalId() == null ? "" : row.value(layout.externalId()).trim();
        if (externalId.isEmpty()) {
            rowKey = RowKey.contentHash(row);
        } else {
            Optional<String> keyProblem = RowKey.problemWith(layout.externalId(), externalId);
            keyProblem.ifPresent(problems::add);
            rowKey = keyProblem.isPresent() ? null : externalId;
        }

        Field document = field(row, layout.document());
        Field templateId = field(row, layout.templateId());
        EnvelopeMode mode;
        if (document != null && !document.isBlank()) {
            mode = EnvelopeMode.DOCUMENTS;
        } else if (settings.mode() == EnvelopeMode.DOCUMENTS && (templateId == null || templateId.isBlank())) {
            mode = EnvelopeMode.DOCUMENTS;
        } else {
            mode = EnvelopeMode.TEMPLATE;
        }

        List<RecipientRequest> recipients = new ArrayList<>();
        for (String role : settings.roles()) {
            String[] columns = layout.roleColumns().get(role);
            if (columns != null) {
                recipients.add(new RecipientRequest(role, field(row, columns[0]), field(row, columns[1]),
                        settings.requiredRoles().contains(role), true));
            }
        }
        Map<String, String> textTabs = new LinkedHashMap<>();
        for (String column : layout.dataColumns()) {
            String value = row.value(column).trim();
            if (!value.isEmpty()) {
                textTabs.put(column, value);
            }
        }
        EnvelopeRequest request = new EnvelopeRequest(row.row(), rowKey, sourceFileName, mode, templateId,
                field(row, layout.emailSubject()), field(row, layout.emailBlurb()), recipients, textTabs, List.of(),
                document);
        return assembler.assemble(request, problems);
    }

    private static Field field(CsvRow row, String column) {
        return column == null ? null : new Field(column, row.value(column));
    }

    private Layout layout(List<String> header) {
        Layout last = lastLayout;
        if (last != null && last.header().equals(header)) {
            return last;
        }
        Layout layout = parse(header);
        lastLayout = layout;
        return layout;
    }

    private Layout parse(List<String> header) {
        List<String> problems = new ArrayList<>();
        if (header.size() == 1 && !delimiterHint(header).isEmpty()) {
            // A file saved with another delimiter: its one column name would only produce confusing follow-up problems.
            problems.add(noRecipientColumns(header));
            return new Layout(header, Map.of(), null, null, null, null, null, List.of(), problems);
        }
        Map<String, String[]> roleColumns = new LinkedHashMap<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        List<String> dataColumns = new ArrayList<>();
        for (String column : header) {
            int separator = column.indexOf(SEPARATOR);
            if (separator >= 0) {
                String writtenRole = column.substring(0, separator).trim();
                String part = column.substring(separator + SEPARATOR.length()).trim();
                int index = part.equalsIgnoreCase(NAME) ? 0 : part.equalsIgnoreCase(EMAIL) ? 1 : -1;
                Optional<String> role = roles.resolve(writtenRole);
                if (index < 0) {
                    problems.add("column \"" + column + "\" is not understood: after \"::\" only Name or Email may follow"
                            + " (e.g. " + writtenRole + "::Email)");
                } else if (role.isEmpty()) {
                    problems.add("column \"" + column + "\" names role \"" + writtenRole + "\", which is not among "
                            + InboxSettings.ROLES + " (" + roles.list() + "); rename the column or add the role to "
                            + InboxSettings.ROLES);
                } else {
                    assign(roleColumns, role.get(), index, column, problems);
                }
            } else if (column.equalsIgnoreCase(NAME)) {
                assign(roleColumns, settings.defaultRole(), 0, column, problems);
            } else if (column.equalsIgnoreCase(EMAIL)) {
                assign(roleColumns, settings.defaultRole(), 1, column, problems);
            } else {
                String known = knownColumn(column);
                if (known == null) {
                    dataColumns.add(column);
                } else if (fixed.putIfAbsent(known, column) != null) {
                    problems.add("columns \"" + fixed.get(known) + "\" and \"" + column + "\" are both " + known
                            + "; keep one");
                }
            }
        }
        for (Map.Entry<String, String[]> entry : roleColumns.entrySet()) {
            String[] columns = entry.getValue();
            if (columns[0] == null) {
                problems.add("column \"" + columns[1] + "\" has no matching name column for role " + entry.getKey()
                        + "; add " + prefixOf(columns[1]) + NAME);
            } else if (columns[1] == null) {
                problems.add("column \"" + columns[0] + "\" has no matching e-mail column for role " + entry.getKey()
                        + "; add " + prefixOf(columns[0]) + EMAIL);
            }
        }
        if (roleColumns.isEmpty() && problems.isEmpty()) {
            problems.add(noRecipientColumns(header));
        } else {
            for (String required : settings.requiredRoles()) {
                if (!roleColumns.containsKey(required)) {
                    problems.add("the header has no columns for required role " + required + ": add " + capitalized(required)
                            + "::Name and " + capitalized(required) + "::Email"
                            + (required.equals(settings.defaultRole()) ? " (or Name and Email)" : ""));
                }
            }
        }
        if (settings.mode() == EnvelopeMode.DOCUMENTS && !fixed.containsKey(DOCUMENT) && !fixed.containsKey(TEMPLATE_ID)) {
            problems.add("the header has no " + DOCUMENT + " column, which " + InboxSettings.MODE
                    + "=documents needs: the file name of a PDF in the documents folder, per row");
        }
        return new Layout(header, roleColumns, fixed.get(EXTERNAL_ID), fixed.get(TEMPLATE_ID), fixed.get(DOCUMENT),
                fixed.get(EMAIL_SUBJECT), fixed.get(EMAIL_BLURB), List.copyOf(dataColumns), List.copyOf(problems));
    }

    private String noRecipientColumns(List<String> header) {
        return "the header has no recipient columns: it needs Name and Email, or <Role>::Name and <Role>::Email for a role"
                + " among " + roles.list() + "; the header reads \"" + abbreviate(String.join(",", header)) + "\""
                + delimiterHint(header);
    }

    private static void assign(Map<String, String[]> roleColumns, String role, int index, String column,
                               List<String> problems) {
        String[] columns = roleColumns.computeIfAbsent(role, r -> new String[2]);
        if (columns[index] != null) {
            problems.add("columns \"" + columns[index] + "\" and \"" + column + "\" both give the "
                    + (index == 0 ? "name" : "e-mail") + " of role " + role + "; keep one");
        } else {
            columns[index] = column;
        }
    }

    private static String knownColumn(String column) {
        for (String known : List.of(EXTERNAL_ID, TEMPLATE_ID, DOCUMENT, EMAIL_SUBJECT, EMAIL_BLURB)) {
            if (known.equalsIgnoreCase(column)) {
                return known;
            }
        }
        return null;
    }

    private static String prefixOf(String column) {
        int separator = column.indexOf(SEPARATOR);
        return separator < 0 ? "" : column.substring(0, separator + SEPARATOR.length());
    }

    private static String capitalized(String role) {
        return role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** One column that holds separators is the usual sign of a file saved with another delimiter. */
    private String delimiterHint(List<String> header) {
        if (header.size() != 1) {
            return " — is the header row missing?";
        }
        for (char candidate : new char[] {';', '\t', ',', '|'}) {
            if (candidate != settings.delimiter() && header.get(0).indexOf(candidate) >= 0) {
                String shown = candidate == '\t' ? "tab" : String.valueOf(candidate);
                return " — the values look separated by \"" + shown + "\"; set " + InboxSettings.DELIMITER + "=" + shown;
            }
        }
        return "";
    }
}
