package io.docusigncamel.auth;

import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs DocuSign JWT Grant assertions: header {@code {"alg":"RS256","typ":"JWT"}}, claims {@code iss}, {@code sub},
 * {@code aud}, {@code iat}, {@code exp}, {@code scope}. {@link #createAssertion(Instant)} is a pure function of its
 * argument (RS256 signatures are deterministic), so tests can parse the result back and check every claim.
 * Thread-safe: nimbus' signer creates a {@code Signature} per call.
 */
public final class AssertionFactory {

    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build();

    private final JwtSettings settings;
    private final RSASSASigner signer;

    public AssertionFactory(JwtSettings settings, RSAPrivateKey key) {
        this.settings = Objects.requireNonNull(settings, "settings");
        // The constructor rejects keys under 2048 bits; PrivateKeys.read already reports those with the file name.
        this.signer = new RSASSASigner(Objects.requireNonNull(key, "key"));
    }

    /** The settings the assertions are built from (holds no secret). */
    public JwtSettings settings() {
        return settings;
    }

    /**
     * A signed assertion issued at {@code now - backdate}, expiring {@code assertionLifetime} later. The result is a
     * secret (it buys a token for its lifetime): do not log it.
     */
    public String createAssertion(Instant now) {
        Instant issuedAt = now.minus(settings.backdate());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.integrationKey())
                .subject(settings.userId())
                .audience(settings.audience())
                // JWT times are whole seconds; truncate first so that exp - iat is exactly the lifetime.
                .issueTime(Date.from(Instant.ofEpochSecond(issuedAt.getEpochSecond())))
                .expirationTime(Date.from(Instant.ofEpochSecond(issuedAt.getEpochSecond()).plus(settings.assertionLifetime())))
                .claim("scope", settings.scopes())
                .build();
        SignedJWT jwt = new SignedJWT(HEADER, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("RS256 signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
