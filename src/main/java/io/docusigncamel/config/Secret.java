package io.docusigncamel.config;

/**
 * A configured secret (a passphrase, a password) that must never reach a log, an exception or an output:
 * {@link #toString()} prints a mask. Immutable.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret's characters, for the one place that needs them (decrypting a key, opening a keystore). */
    public char[] chars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return "****";
    }
}
