package io.docusigncamel.emulator;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST host's front door ({@code demo.docusign.net/restapi} in real life): checks the bearer token and that the
 * account in the path is one of the token user's, applies the per-account rate limits, stamps the rate-limit
 * headers on every answer, and only then hands the call to the envelope world. The envelope world never sees a
 * token. Thread-safe: its collaborators are.
 */
final class RestGate {

    static final Pattern ACCOUNT_PATH = Pattern.compile("/restapi/v2\\.1/accounts/([^/]+)(/.*)?");

    private final AccessTokens tokens;
    private final IdentityStore identities;
    private final RateWindows rates;
    private final Supplier<EmulatorSettings> settings;
    private final EnvelopeEndpoints envelopes;

    RestGate(AccessTokens tokens, IdentityStore identities, RateWindows rates, Supplier<EmulatorSettings> settings,
             EnvelopeEndpoints envelopes) {
        this.tokens = tokens;
        this.identities = identities;
        this.rates = rates;
        this.settings = settings;
        this.envelopes = envelopes;
    }

    /** The account id named by a REST path, or {@code null} when the path names none. */
    static String accountOf(String path) {
        Matcher m = ACCOUNT_PATH.matcher(path);
        return m.matches() ? m.group(1) : null;
    }

    EmulatorResponse answer(IncomingRequest request) {
        Matcher m = ACCOUNT_PATH.matcher(request.path());
        if (!m.matches() || m.group(2) == null) {
            return notFound();
        }
        String accountId = m.group(1);
        String rest = m.group(2);
        EmulatorSettings current = settings.get();
        String token = OAuthHost.bearerToken(request.authorization());
        if (token == null) {
            return stamped(EmulatorResponse.restError(401, "PARTNER_AUTHENTICATION_FAILED",
                    "The specified Integrator Key was not found or is disabled. An Integrator key was not specified."),
                    rates.peek(accountId, current));
        }
        AccessTokens.Grant grant = tokens.live(token);
        if (grant == null) {
            return stamped(EmulatorResponse.restError(401, "AUTHORIZATION_INVALID_TOKEN",
                    "The access token provided is expired, revoked or malformed."), rates.peek(accountId, current));
        }
        EmulatorUser user = identities.user(grant.userId());
        EmulatorAccount account = user == null ? null : user.account(accountId);
        if (account == null) {
            // Message unverified (docusign-api.md §11); the errorCode is DocuSign's.
            return stamped(EmulatorResponse.restError(400, "USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT",
                    "The specified User is not a member of the specified Account."), rates.peek(accountId, current));
        }
        RateWindows.Snapshot snapshot = rates.acquire(account.accountId(), current);
        if (snapshot.exceeded() == RateWindows.Exceeded.HOURLY) {
            return stamped(EmulatorResponse.restError(current.limitStatus(), "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
                    "The maximum number of hourly API invocations has been exceeded. The hourly limit is "
                            + current.hourlyLimit() + "."), snapshot);
        }
        if (snapshot.exceeded() == RateWindows.Exceeded.BURST) {
            return stamped(EmulatorResponse.restError(current.limitStatus(), "BURST_APIINVOCATION_LIMIT_EXCEEDED",
                    "The maximum number of burst API invocations has been exceeded. The burst limit is "
                            + current.burstLimit() + "."), snapshot);
        }
        EmulatorResponse answer = envelopes.handleRest(request.method(), account.accountId(), user.userId(), rest,
                request.query(), request.body());
        if (answer == null) {
            throw new IllegalStateException("the envelope endpoints answered null for " + request.method() + " "
                    + RequestLog.normalize(request.path()));
        }
        return stamped(answer, snapshot);
    }

    /**
     * A scripted fault's answer on the REST host still carries the rate-limit headers, as every REST answer does;
     * it does not count against the limits since the call never reached the API.
     */
    EmulatorResponse stampFault(String path, EmulatorResponse faultAnswer) {
        String accountId = accountOf(path);
        return accountId == null ? faultAnswer : stamped(faultAnswer, rates.peek(accountId, settings.get()));
    }

    static EmulatorResponse notFound() {
        return EmulatorResponse.restError(404, "RESOURCE_NOT_FOUND", "The URL provided does not resolve to a resource.");
    }

    private static EmulatorResponse stamped(EmulatorResponse response, RateWindows.Snapshot snapshot) {
        EmulatorResponse out = response;
        for (Map.Entry<String, String> header : snapshot.headers().entrySet()) {
            out = out.withHeader(header.getKey(), header.getValue());
        }
        return out;
    }
}
