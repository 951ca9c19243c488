package io.docusigncamel.emulator.envelope;

/** One role of a registered server template: its case-sensitive name and the kind of recipient it stands for. */
record TemplateRole(String roleName, RecipientType recipientType) {
}
