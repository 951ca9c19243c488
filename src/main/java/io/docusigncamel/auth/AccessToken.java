package io.docusigncamel.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A DocuSign access token and the instant it stops working. Immutable and thread-safe. The value is a secret:
 * {@link #toString()} shows only the expiry.
 */
public final class AccessToken {

    private final String value;
    private final Instant expiresAt;

    public AccessToken(String value, Instant expiresAt) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an access token needs a value");
        }
        this.value = value;
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The bearer token, for the {@code Authorization} header only. */
    public String value() {
        return value;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessToken that && value.equals(that.value) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", value=(secret)]";
    }
}
