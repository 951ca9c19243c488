package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxSettingsTest {

    @TempDir
    Path dir;

    @Test
    void hasDocumentedDefaults() {
        InboxSettings settings = InboxSettings.defaults();

        assertThat(settings.mode()).isEqualTo(EnvelopeMode.TEMPLATE);
        assertThat(settings.templateId()).isEmpty();
        assertThat(settings.roles()).containsExactly("signer", "cc");
        assertThat(settings.requiredRoles()).containsExactly("signer");
        assertThat(settings.defaultRole()).isEqualTo("signer");
        assertThat(settings.ccRoles()).containsExactly("cc");
        assertThat(settings.emailSubject()).isEqualTo("Please sign your documents");
        assertThat(settings.emailBlurb()).isEmpty();
        assertThat(settings.documentsDir()).isEqualTo(Path.of("documents"));
        assertThat(settings.signAnchor()).contains("/sn1/");
        assertThat(settings.signX()).isEqualTo(72);
        assertThat(settings.signY()).isEqualTo(650);
        assertThat(settings.delimiter()).isEqualTo(',');
        assertThat(settings.mappingFile()).isEmpty();
        assertThat(settings.concurrency()).isEqualTo(4);
        assertThat(settings.maxFileSize()).isEqualTo(1L << 30);
    }

    @Test
    void readsEveryKey() throws Exception {
        Path mapping = Files.writeString(dir.resolve("m.yaml"), "recipients: []");
        InboxSettings settings = read(Map.ofEntries(
                Map.entry("inbox.mode", "Documents"),
                Map.entry("inbox.template-id", "8c7a6b5d-1234-4e5f-9a8b-0c1d2e3f4a5b"),
                Map.entry("inbox.roles", "employee, manager, hr"),
                Map.entry("inbox.required-roles", "employee,manager"),
                Map.entry("inbox.default-role", "employee"),
                Map.entry("inbox.cc-roles", "hr"),
                Map.entry("inbox.email-subject", "Sign, please"),
                Map.entry("inbox.email-blurb", "Thanks"),
                Map.entry("inbox.documents-dir", dir.toString()),
                Map.entry("inbox.sign-anchor", ""),
                Map.entry("inbox.sign-x", "100"),
                Map.entry("inbox.sign-y", "700"),
                Map.entry("inbox.delimiter", "tab"),
                Map.entry("inbox.mapping-file", mapping.toString()),
                Map.entry("inbox.concurrency", "64"),
                Map.entry("inbox.max-file-size", "500MB"))).orThrow();

        assertThat(settings).isEqualTo(new InboxSettings(EnvelopeMode.DOCUMENTS,
                Optional.of("8c7a6b5d-1234-4e5f-9a8b-0c1d2e3f4a5b"), List.of("employee", "manager", "hr"),
                List.of("employee", "manager"), "employee", List.of("hr"), "Sign, please",
                Optional.of("Thanks"), dir, Optional.empty(), 100, 700, '\t', Optional.of(mapping), 64, 500L << 20));
    }

    @Test
    void namesEveryBadKeyAndTheFix() {
        InboxSettings.Result result = read(Map.ofEntries(
                Map.entry("inbox.mode", "pdf"),
                Map.entry("inbox.template-id", "onboarding"),
                Map.entry("inbox.roles", "signer,cc,signer"),
                Map.entry("inbox.required-roles", "manager"),
                Map.entry("inbox.default-role", "employee"),
                Map.entry("inbox.cc-roles", "observer"),
                Map.entry("inbox.email-subject", "S".repeat(101)),
                Map.entry("inbox.sign-x", "-1"),
                Map.entry("inbox.delimiter", "\""),
                Map.entry("inbox.mapping-file", dir.resolve("missing.yaml").toString()),
                Map.entry("inbox.concurrency", "65"),
                Map.entry("inbox.max-file-size", "lots")));

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).containsExactly(
                "inbox.mode: \"pdf\" is not a mode; set template or documents",
                "inbox.template-id: \"onboarding\" is not a template ID; set the template's GUID"
                        + " (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) from DocuSign's Templates page",
                "inbox.roles: \"signer\" is listed twice; list each role once",
                "inbox.required-roles: \"manager\" is not among inbox.roles (signer, cc); add it there or remove it here",
                "inbox.default-role: \"employee\" is not among inbox.roles (signer, cc); set the role that plain"
                        + " Name/Email columns address",
                "inbox.cc-roles: \"observer\" is not among inbox.roles (signer, cc); add it there or remove it here",
                "inbox.email-subject: is 101 characters; DocuSign allows at most 100, shorten it",
                "inbox.sign-x: \"-1\" is not a position; set pixels from 0 to 10000 (default 72)",
                "inbox.delimiter: \"\"\" is not a delimiter; set one character such as , or ; (or tab)",
                "inbox.mapping-file: cannot read " + dir.resolve("missing.yaml").toAbsolutePath() + "; set the path of a"
                        + " YAML mapping file or remove the key to use the column conventions",
                "inbox.concurrency: \"65\" is out of range; set a whole number from 1 to 64 (default 4)",
                "inbox.max-file-size: \"lots\" is not a size; write e.g. 500MB or 2GB (default 1GB)");
    }

    @Test
    void requiresTheDocumentsFolderInDocumentsMode() {
        Path missing = dir.resolve("pdfs");
        assertThat(read(Map.of("inbox.mode", "documents", "inbox.documents-dir", missing.toString())).problems())
                .containsExactly("inbox.documents-dir: " + missing.toAbsolutePath() + " is not a folder; create it and"
                        + " put the PDFs there, or set the folder that holds them");
    }

    @Test
    void defaultsCarbonCopiesToNoneWhenThereIsNoCcRole() {
        InboxSettings settings = read(Map.of("inbox.roles", "signer,manager")).orThrow();

        assertThat(settings.ccRoles()).isEmpty();
        assertThat(settings.isCarbonCopy("manager")).isFalse();
    }

    @Test
    void refusesToRequireOnlyCarbonCopies() {
        assertThat(read(Map.of("inbox.required-roles", "cc")).problems()).containsExactly(
                "inbox.required-roles: only carbon-copy roles (cc) are required; require at least one signing role,"
                        + " e.g. signer");
    }

    @Test
    void takesTheEmulatorsTemplateLater() {
        assertThat(InboxSettings.defaults().withTemplateId("8c7a6b5d-1234-4e5f-9a8b-0c1d2e3f4a5b").templateId())
                .contains("8c7a6b5d-1234-4e5f-9a8b-0c1d2e3f4a5b");
    }

    private static InboxSettings.Result read(Map<String, String> properties) {
        return InboxSettings.read(key -> Optional.ofNullable(properties.get(key)));
    }
}
