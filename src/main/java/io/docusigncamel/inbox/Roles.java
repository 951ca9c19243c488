package io.docusigncamel.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matches role names written in CSV headers and mapping files to the configured roles ({@code inbox.roles}).
 * DocuSign compares template role names case-sensitively, so an envelope always carries the configured spelling; a
 * header may write it in another case ({@code Signer::Name} for role {@code signer}, as Bulk Send CSVs do) as long as
 * exactly one configured role matches that way. Immutable and thread-safe.
 */
final class Roles {

    private final List<String> configured;

    Roles(List<String> configured) {
        this.configured = List.copyOf(configured);
    }

    /** The configured role {@code written} refers to: the exact name, else the one role equal ignoring case. */
    Optional<String> resolve(String written) {
        if (configured.contains(written)) {
            return Optional.of(written);
        }
        List<String> matches = new ArrayList<>();
        for (String role : configured) {
            if (role.equalsIgnoreCase(written)) {
                matches.add(role);
            }
        }
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    List<String> all() {
        return configured;
    }

    /** "signer, cc" for messages. */
    String list() {
        return String.join(", ", configured);
    }
}
