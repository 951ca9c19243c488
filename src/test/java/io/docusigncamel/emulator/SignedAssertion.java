package io.docusigncamel.emulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Builds a JWT Grant assertion the way DocuSign's clients do (docusign-api.md §1.2), with every claim adjustable so
 * a test can break exactly one. Starts valid for the emulator's demo integration. Not thread-safe.
 */
final class SignedAssertion {

    private PrivateKey key;
    private String issuer;
    private String subject;
    private String audience;
    private Instant issuedAt;
    private Instant expiresAt;
    private Instant notBefore;
    private String scope = "signature impersonation";

    private SignedAssertion() {
    }

    /** A valid assertion for the emulator's demo integration key and user, issued at {@code now}, one hour long. */
    static SignedAssertion forDemo(DocuSignEmulator emulator, PrivateKey key, Instant now) {
        SignedAssertion a = new SignedAssertion();
        a.key = key;
        a.issuer = emulator.integrationKey();
        a.subject = emulator.userId();
        a.audience = emulator.oauthBasePath();
        a.issuedAt = now;
        a.expiresAt = now.plus(Duration.ofHours(1));
        return a;
    }

    SignedAssertion key(PrivateKey value) {
        key = value;
        return this;
    }

    SignedAssertion issuer(String value) {
        issuer = value;
        return this;
    }

    SignedAssertion subject(String value) {
        subject = value;
        return this;
    }

    SignedAssertion audience(String value) {
        audience = value;
        return this;
    }

    SignedAssertion issuedAt(Instant value) {
        issuedAt = value;
        return this;
    }

    /** {@code null} leaves {@code exp} out. */
    SignedAssertion expiresAt(Instant value) {
        expiresAt = value;
        return this;
    }

    SignedAssertion notBefore(Instant value) {
        notBefore = value;
        return this;
    }

    SignedAssertion scope(String value) {
        scope = value;
        return this;
    }

    String sign() {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .claim("scope", scope);
        if (issuedAt != null) {
            claims.issueTime(Date.from(issuedAt));
        }
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        if (notBefore != null) {
            claims.notBeforeTime(Date.from(notBefore));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
