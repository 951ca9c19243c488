package io.docusigncamel.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens the emulator has issued. Tokens are opaque random strings (clients must not parse them,
 * docusign-api.md §1.4); each maps to the integration key and user it was issued for and its expiry. Revoking
 * consent does not touch them, as at DocuSign; {@link #expireAll()} is the test's way to force a renewal.
 * Thread-safe.
 */
final class AccessTokens {

    /** What a token stands for. Its {@code toString} never shows the token itself, which is not part of it. */
    record Grant(String integrationKey, String userId, Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    AccessTokens(Clock clock) {
        this.clock = clock;
    }

    String issue(String integrationKey, String userId, Duration lifetime) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(integrationKey, userId, clock.instant().plus(lifetime)));
        dropExpired();
        return token;
    }

    /** The live grant behind {@code token}, or {@code null} when it is unknown or expired. */
    Grant live(String token) {
        if (token == null) {
            return null;
        }
        Grant grant = grants.get(token);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return null;
        }
        return grant;
    }

    /** Ends every issued token now; returns how many were live. */
    int expireAll() {
        int live = (int) grants.values().stream().filter(g -> clock.instant().isBefore(g.expiresAt())).count();
        grants.clear();
        return live;
    }

    int liveCount() {
        return (int) grants.values().stream().filter(g -> clock.instant().isBefore(g.expiresAt())).count();
    }

    /** Keeps the map from growing in a long run; expired tokens answer exactly like unknown ones anyway. */
    private void dropExpired() {
        Instant now = clock.instant();
        grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    }
}
