package io.docusigncamel.inbox;

import io.docusigncamel.config.InvalidSettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every {@code inbox.*} setting that shapes how CSV rows become envelopes, validated and typed. Read with
 * {@link #read}, which reports every bad key at once, one line each naming the key and the fix. Immutable and
 * thread-safe.
 *
 * @param mode            {@code inbox.mode}: envelopes from a server template (default) or from PDF documents
 * @param templateId      {@code inbox.template-id}: the server template of rows without a {@code TemplateId} value;
 *                        empty until set (the embedded emulator supplies its own through {@link #withTemplateId})
 * @param roles           {@code inbox.roles}: the roles an envelope may address (the template's role names)
 * @param requiredRoles   {@code inbox.required-roles}: roles every row must fill with a name and an e-mail
 * @param defaultRole     {@code inbox.default-role}: the role of plain {@code Name}/{@code Email} columns
 * @param ccRoles         {@code inbox.cc-roles}: roles that receive a copy (documents mode: {@code carbonCopies});
 *                        they get no sign-here and no text tabs
 * @param emailSubject    {@code inbox.email-subject}: subject of rows without their own
 * @param emailBlurb      {@code inbox.email-blurb}: e-mail body of rows without their own
 * @param documentsDir    {@code inbox.documents-dir}: where {@code Document} file names are looked up
 * @param signAnchor      {@code inbox.sign-anchor}: anchor text of the signers' sign-here tab in documents mode;
 *                        empty for a positioned tab at ({@code signX}, {@code signY}) on page 1
 * @param signX           {@code inbox.sign-x}: x of the positioned sign-here tab, in pixels from the left
 * @param signY           {@code inbox.sign-y}: y of the positioned sign-here tab, in pixels from the top
 * @param delimiter       {@code inbox.delimiter}: the CSV value separator
 * @param mappingFile     {@code inbox.mapping-file}: a YAML mapping for arbitrary CSV layouts instead of SPEC §4's
 *                        column conventions
 * @param concurrency     {@code inbox.concurrency}: rows of one file sent in parallel
 * @param maxFileSize     {@code inbox.max-file-size}: bigger CSV files are rejected unread, in bytes
 */
public record InboxSettings(
        EnvelopeMode mode,
        Optional<String> templateId,
        List<String> roles,
        List<String> requiredRoles,
        String defaultRole,
        List<String> ccRoles,
        String emailSubject,
        Optional<String> emailBlurb,
        Path documentsDir,
        Optional<String> signAnchor,
        int signX,
        int signY,
        char delimiter,
        Optional<Path> mappingFile,
        int concurrency,
        long maxFileSize) {

    public static final String MODE = "inbox.mode";
    public static final String TEMPLATE_ID = "inbox.template-id";
    public static final String ROLES = "inbox.roles";
    public static final String REQUIRED_ROLES = "inbox.required-roles";
    public static final String DEFAULT_ROLE = "inbox.default-role";
    public static final String CC_ROLES = "inbox.cc-roles";
    public static final String EMAIL_SUBJECT = "inbox.email-subject";
    public static final String EMAIL_BLURB = "inbox.email-blurb";
    public static final String DOCUMENTS_DIR = "inbox.documents-dir";
    public static final String SIGN_ANCHOR = "inbox.sign-anchor";
    public static final String SIGN_X = "inbox.sign-x";
    public static final String SIGN_Y = "inbox.sign-y";
    public static final String DELIMITER = "inbox.delimiter";
    public static final String MAPPING_FILE = "inbox.mapping-file";
    public static final String CONCURRENCY = "inbox.concurrency";
    public static final String MAX_FILE_SIZE = "inbox.max-file-size";

    public static final String DEFAULT_EMAIL_SUBJECT = "Please sign your documents";
    public static final String DEFAULT_SIGN_ANCHOR = "/sn1/";
    /** DocuSign's limit for the subject, merged fields included; longer is an error, not truncated. */
    public static final int MAX_SUBJECT_LENGTH = 100;
    /** DocuSign's documented maximum length of an e-mail body. */
    public static final int MAX_BLURB_LENGTH = 10_000;
    static final int MAX_CONCURRENCY = 64;
    static final long DEFAULT_MAX_FILE_SIZE = 1L << 30;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    public InboxSettings {
        roles = List.copyOf(roles);
        requiredRoles = List.copyOf(requiredRoles);
        ccRoles = List.copyOf(ccRoles);
    }

    /** The outcome of {@link #read}: settings when there is no problem, otherwise one line per problem. */
    public record Result(Optional<InboxSettings> settings, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }

        /** The settings, or an exception whose message lists every problem on its own line. */
        public InboxSettings orThrow() {
            return settings.orElseThrow(() -> new InvalidSettingsException(problems));
        }
    }

    /**
     * Reads every {@code inbox.*} key through {@code properties} (key → value if set). Blank values count as unset,
     * except for {@code inbox.sign-anchor}, where blank (or {@code none}) asks for a positioned tab.
     */
    public static Result read(Function<String, Optional<String>> properties) {
        return new Reader(properties).read();
    }

    /** The settings with every key at its default. */
    public static InboxSettings defaults() {
        return read(key -> Optional.empty()).orThrow();
    }

    /** The same settings with {@code templateId} as {@code inbox.template-id} (e.g. the embedded emulator's template). */
    public InboxSettings withTemplateId(String templateId) {
        return new InboxSettings(mode, Optional.of(templateId), roles, requiredRoles, defaultRole, ccRoles, emailSubject,
                emailBlurb, documentsDir, signAnchor, signX, signY, delimiter, mappingFile, concurrency, maxFileSize);
    }

    /** The same settings with another documents folder. */
    public InboxSettings withDocumentsDir(Path dir) {
        return new InboxSettings(mode, templateId, roles, requiredRoles, defaultRole, ccRoles, emailSubject,
                emailBlurb, dir, signAnchor, signX, signY, delimiter, mappingFile, concurrency, maxFileSize);
    }

    /** Whether {@code role} (as configured) receives a copy rather than signing. */
    public boolean isCarbonCopy(String role) {
        return ccRoles.contains(role);
    }

    /** Reads and checks the keys; collects problems instead of stopping at the first. */
    private static final class Reader {
        private final Function<String, Optional<String>> properties;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> properties) {
            this.properties = properties;
        }

        Result read() {
            EnvelopeMode mode = value(MODE).map(v -> EnvelopeMode.parse(v).orElseGet(() -> {
                problem(MODE, quoted(v) + " is not a mode; set template or documents");
                return EnvelopeMode.TEMPLATE;
            })).orElse(EnvelopeMode.TEMPLATE);

            Optional<String> templateId = value(TEMPLATE_ID).map(String::trim);
            templateId.filter(id -> !Guids.isGuid(id)).ifPresent(id -> problem(TEMPLATE_ID, quoted(id)
                    + " is not a template ID; set the template's GUID (" + Guids.EXAMPLE + ") from DocuSign's Templates page"));

            List<String> roles = roleList(ROLES, "signer,cc");
            if (roles.isEmpty()) {
                roles = List.of("signer", "cc");
            }
            List<String> requiredRoles = roleList(REQUIRED_ROLES, "signer");
            for (String role : requiredRoles) {
                if (!roles.contains(role)) {
                    problem(REQUIRED_ROLES, quoted(role) + " is not among " + ROLES + " (" + String.join(", ", roles)
                            + "); add it there or remove it here");
                }
            }
            String defaultRole = value(DEFAULT_ROLE).map(String::trim).orElse("signer");
            if (!roles.contains(defaultRole)) {
                problem(DEFAULT_ROLE, quoted(defaultRole) + " is not among " + ROLES + " (" + String.join(", ", roles)
                        + "); set the role that plain Name/Email columns address");
            }
            List<String> ccRoles;
            if (value(CC_ROLES).isPresent()) {
                ccRoles = roleList(CC_ROLES, "cc");
                for (String role : ccRoles) {
                    if (!roles.contains(role)) {
                        problem(CC_ROLES, quoted(role) + " is not among " + ROLES + " (" + String.join(", ", roles)
                                + "); add it there or remove it here");
                    }
                }
            } else {
                // The default "cc" only applies when such a role exists, so that inbox.roles=signer,manager works alone.
                ccRoles = roles.contains("cc") ? List.of("cc") : List.of();
            }
            if (ccRoles.containsAll(requiredRoles) && !requiredRoles.isEmpty() && roles.containsAll(requiredRoles)) {
                problem(REQUIRED_ROLES, "only carbon-copy roles (" + String.join(", ", requiredRoles)
                        + ") are required; require at least one signing role, e.g. signer");
            }

            String subject = value(EMAIL_SUBJECT).map(String::trim).orElse(DEFAULT_EMAIL_SUBJECT);
            if (subject.length() > MAX_SUBJECT_LENGTH) {
                problem(EMAIL_SUBJECT, "is " + subject.length() + " characters; DocuSign allows at most "
                        + MAX_SUBJECT_LENGTH + ", shorten it");
            }
            Optional<String> blurb = value(EMAIL_BLURB).map(String::trim);
            blurb.filter(b -> b.length() > MAX_BLURB_LENGTH).ifPresent(b -> problem(EMAIL_BLURB, "is " + b.length()
                    + " characters; DocuSign allows at most " + MAX_BLURB_LENGTH + ", shorten it"));

            Path documentsDir = Path.of(value(DOCUMENTS_DIR).map(String::trim).orElse("documents"));
            if (mode == EnvelopeMode.DOCUMENTS && !Files.isDirectory(documentsDir)) {
                problem(DOCUMENTS_DIR, documentsDir.toAbsolutePath() + " is not a folder; create it and put the PDFs"
                        + " there, or set the folder that holds them");
            }
            Optional<String> anchor = signAnchor();
            int signX = coordinate(SIGN_X, 72);
            int signY = coordinate(SIGN_Y, 650);
            char delimiter = delimiter();

            Optional<Path> mappingFile = value(MAPPING_FILE).map(v -> Path.of(v.trim()));
            mappingFile.filter(p -> !Files.isRegularFile(p) || !Files.isReadable(p)).ifPresent(p -> problem(MAPPING_FILE,
                    "cannot read " + p.toAbsolutePath() + "; set the path of a YAML mapping file or remove the key to use"
                            + " the column conventions"));

            int concurrency = value(CONCURRENCY).map(v -> {
                try {
                    int n = Integer.parseInt(v.trim());
                    if (n >= 1 && n <= MAX_CONCURRENCY) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below, with the accepted range
                }
                problem(CONCURRENCY, quoted(v) + " is out of range; set a whole number from 1 to " + MAX_CONCURRENCY
                        + " (default 4)");
                return 4;
            }).orElse(4);
            long maxFileSize = value(MAX_FILE_SIZE).map(v -> {
                Matcher m = SIZE.matcher(v.trim());
                if (m.matches() && Long.parseLong(m.group(1)) > 0) {
                    return Long.parseLong(m.group(1)) * unit(m.group(2));
                }
                problem(MAX_FILE_SIZE, quoted(v) + " is not a size; write e.g. 500MB or 2GB (default 1GB)");
                return DEFAULT_MAX_FILE_SIZE;
            }).orElse(DEFAULT_MAX_FILE_SIZE);

            if (!problems.isEmpty()) {
                return new Result(Optional.empty(), problems);
            }
            return new Result(Optional.of(new InboxSettings(mode, templateId, roles, requiredRoles, defaultRole, ccRoles,
                    subject, blurb, documentsDir, anchor, signX, signY, delimiter, mappingFile, concurrency,
                    maxFileSize)), List.of());
        }

        private static long unit(String unit) {
            if (unit == null) {
                return 1;
            }
            return switch (unit.toUpperCase(Locale.ROOT)) {
                case "KB" -> 1L << 10;
                case "MB" -> 1L << 20;
                case "GB" -> 1L << 30;
                default -> 1;
            };
        }

        private List<String> roleList(String key, String defaultValue) {
            String raw = value(key).orElse(defaultValue);
            Set<String> roles = new LinkedHashSet<>();
            for (String part : raw.split(",")) {
                String role = part.trim();
                if (role.isEmpty()) {
                    continue;
                }
                if (role.contains("::")) {
                    problem(key, quoted(role) + " contains \"::\", which separates role and field in column names;"
                            + " use the template's role name alone");
                } else if (!roles.add(role)) {
                    problem(key, quoted(role) + " is listed twice; list each role once");
                }
            }
            if (roles.isEmpty()) {
                problem(key, "lists no role; set comma-separated role names, e.g. " + defaultValue);
            }
            return List.copyOf(roles);
        }

        private Optional<String> signAnchor() {
            Optional<String> raw = properties.apply(SIGN_ANCHOR);
            if (raw.isEmpty()) {
                return Optional.of(DEFAULT_SIGN_ANCHOR);
            }
            String anchor = raw.get().trim();
            if (anchor.isEmpty() || anchor.equalsIgnoreCase("none")) {
                return Optional.empty();
            }
            return Optional.of(anchor);
        }

        private int coordinate(String key, int defaultValue) {
            return value(key).map(v -> {
                try {
                    int n = Integer.parseInt(v.trim());
                    if (n >= 0 && n <= 10_000) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problem(key, quoted(v) + " is not a position; set pixels from 0 to 10000 (default " + defaultValue + ")");
                return defaultValue;
            }).orElse(defaultValue);
        }

        private char delimiter() {
            Optional<String> raw = properties.apply(DELIMITER).filter(v -> !v.isEmpty());
            if (raw.isEmpty()) {
                return ',';
            }
            String v = raw.get();
            if (v.equals("\\t") || v.equalsIgnoreCase("tab") || v.equals("\t")) {
                return '\t';
            }
            String trimmed = v.trim();
            // The pre-scan follows quoting byte by byte, so the delimiter must be one ASCII character.
            if (trimmed.length() != 1 || trimmed.charAt(0) > 0x7E || trimmed.charAt(0) < 0x20 || trimmed.charAt(0) == '"') {
                problem(DELIMITER, quoted(v) + " is not a delimiter; set one character such as , or ; (or tab)");
                return ',';
            }
            return trimmed.charAt(0);
        }

        private Optional<String> value(String key) {
            return properties.apply(key).filter(v -> !v.isBlank());
        }

        private void problem(String key, String text) {
            problems.add(key + ": " + text);
        }

        private static String quoted(String v) {
            return "\"" + v + "\"";
        }
    }
}
