package io.docusigncamel.emulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides a JWT Grant token request the way DocuSign's observable results suggest (docusign-api.md §2 and §11):
 * which error a faulty assertion earns, in which order the checks apply, and whether consent covers the request.
 * It never sees or keeps more of the assertion than the decision needs. Thread-safe: stateless apart from the
 * thread-safe {@link IdentityStore}.
 */
final class JwtGrant {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** The scopes a JWT Grant needs consent for; without {@code impersonation} DocuSign answers consent_required. */
    static final Set<String> REQUIRED_CONSENT = Set.of("signature", "impersonation");
    /** DocuSign's documented maximum assertion lifetime. */
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);
    /** Tolerated clock difference for {@code iat}/{@code nbf} in the future, so a client a second ahead still works. */
    static final Duration SKEW = Duration.ofSeconds(30);

    /** How a token request ended; {@link #label} is the counter name and the OAuth error description. */
    enum Outcome {
        ISSUED("issued"),
        UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
        INVALID_REQUEST("invalid_request"),
        ISSUER_NOT_FOUND("issuer_not_found"),
        NO_VALID_KEYS_OR_SIGNATURES("no_valid_keys_or_signatures"),
        EXPIRED_GRANT("expired_grant"),
        USER_NOT_FOUND("user_not_found"),
        CONSENT_REQUIRED("consent_required");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /** The decision; {@code integrationKey}/{@code userId} are set when the outcome is {@link Outcome#ISSUED}. */
    record Decision(Outcome outcome, String integrationKey, String userId) {
        static Decision failed(Outcome outcome) {
            return new Decision(outcome, null, null);
        }
    }

    private final IdentityStore identities;
    private final Clock clock;

    JwtGrant(IdentityStore identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
    }

    /**
     * @param grantType        the form's {@code grant_type}
     * @param assertion        the form's {@code assertion}
     * @param expectedAudience the emulator's OAuth authority, {@code host:port}
     * @param rejectLong       whether {@code exp - iat > 3600} is refused
     */
    Decision decide(String grantType, String assertion, String expectedAudience, boolean rejectLong) {
        if (!GRANT_TYPE.equals(grantType)) {
            return Decision.failed(Outcome.UNSUPPORTED_GRANT_TYPE);
        }
        if (assertion == null || assertion.isBlank()) {
            return Decision.failed(Outcome.INVALID_REQUEST);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Decision.failed(Outcome.INVALID_REQUEST);
        }
        String issuer = claims.getIssuer();
        if (issuer == null || !identities.hasIntegration(issuer)) {
            return Decision.failed(Outcome.ISSUER_NOT_FOUND);
        }
        Instant now = clock.instant();
        if (!signedByRegisteredKey(jwt, identities.publicKeys(issuer))
                || !hasValidTimesAndAudience(claims, expectedAudience, now, rejectLong)) {
            return Decision.failed(Outcome.NO_VALID_KEYS_OR_SIGNATURES);
        }
        if (!claims.getExpirationTime().toInstant().isAfter(now)) {
            return Decision.failed(Outcome.EXPIRED_GRANT);
        }
        String subject = claims.getSubject();
        EmulatorUser user = subject == null ? null : identities.user(subject);
        if (user == null) {
            return Decision.failed(Outcome.USER_NOT_FOUND);
        }
        if (!consentCovers(identities.consentedScopes(issuer, user.userId()), requestedScopes(claims))) {
            return Decision.failed(Outcome.CONSENT_REQUIRED);
        }
        return new Decision(Outcome.ISSUED, issuer, user.userId());
    }

    private static boolean signedByRegisteredKey(SignedJWT jwt, List<RSAPublicKey> keys) {
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        for (RSAPublicKey key : keys) {
            try {
                if (jwt.verify(new RSASSAVerifier(key))) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A key that cannot verify this JWS is simply not the matching key; the next one may be.
                continue;
            }
        }
        return false;
    }

    private static boolean hasValidTimesAndAudience(JWTClaimsSet claims, String expectedAudience, Instant now,
                                                    boolean rejectLong) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return false;
        }
        // DocuSign wants the bare authority: "https://..." or a trailing slash fail (docusign-api.md §2).
        List<String> audience = claims.getAudience();
        if (audience.size() != 1 || !expectedAudience.equals(audience.get(0))) {
            return false;
        }
        Instant latestAcceptable = now.plus(SKEW);
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(latestAcceptable)) {
            return false;
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(latestAcceptable)) {
            return false;
        }
        return !(rejectLong && iat != null
                && Duration.between(iat.toInstant(), exp.toInstant()).compareTo(MAX_ASSERTION_LIFETIME) > 0);
    }

    /**
     * The assertion's scopes; an assertion without {@code scope} asks for {@code signature}, the scope every
     * eSignature call needs.
     */
    private static Set<String> requestedScopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        String text = scope instanceof String s ? s : null;
        if (text == null || text.isBlank()) {
            return Set.of("signature");
        }
        return Arrays.stream(text.trim().split("\\s+")).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static boolean consentCovers(Set<String> consented, Set<String> requested) {
        return consented.containsAll(REQUIRED_CONSENT) && consented.containsAll(requested);
    }
}
