package io.docusigncamel.emulator.envelope;

import java.util.List;

/**
 * A registered server template: roles in routing order and the labels of the text tabs a sender may pre-fill.
 * The emulator keeps no template document; envelopes made from a template get one generated PDF page named after
 * the template. Immutable.
 */
record Template(String templateId, String name, String emailSubject, List<TemplateRole> roles, List<String> textTabLabels) {

    Template {
        roles = List.copyOf(roles);
        textTabLabels = List.copyOf(textTabLabels);
    }

    boolean hasRole(String roleName) {
        return roles.stream().anyMatch(role -> role.roleName().equals(roleName));
    }
}
