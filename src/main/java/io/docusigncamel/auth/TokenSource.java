package io.docusigncamel.auth;

/**
 * How an access token is obtained: one round trip to an authorization server, no caching.
 * {@link TokenProvider} decides when to call it. Implementations must be safe to call from any thread.
 */
public interface TokenSource {

    /** Requests a new token; each call is a new request. */
    AccessToken requestToken() throws TokenException;
}
