package io.docusigncamel.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;

/**
 * A {@link HttpClient} for tests that trusts exactly the emulator's generated truststore (no trust-all), with
 * shortcuts for the calls the tests make. Thread-safe as {@link HttpClient} is.
 */
final class EmulatorHttpClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;

    EmulatorHttpClient(Path truststore, String password) {
        this.http = HttpClient.newBuilder().sslContext(trusting(truststore, password))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static EmulatorHttpClient forEmulator(DocuSignEmulator emulator) {
        return new EmulatorHttpClient(emulator.truststoreFile(), emulator.truststorePassword());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).GET().build());
    }

    HttpResponse<String> postJson(String url, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.build());
    }

    HttpResponse<String> putJson(String url, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).DELETE().build());
    }

    /** {@code POST /oauth/token} with a JWT-bearer form, as DocuSign's SDKs send it. */
    HttpResponse<String> requestToken(DocuSignEmulator emulator, String grantType, String assertion)
            throws IOException, InterruptedException {
        String form = "grant_type=" + URLEncoder.encode(grantType, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(emulator.oauthBaseUrl() + "/oauth/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    HttpResponse<String> requestToken(DocuSignEmulator emulator, String assertion)
            throws IOException, InterruptedException {
        return requestToken(emulator, JwtGrant.GRANT_TYPE, assertion);
    }

    /** A fresh access token for {@code assertion}; fails the test when none is issued. */
    String accessToken(DocuSignEmulator emulator, String assertion) throws IOException, InterruptedException {
        HttpResponse<String> response = requestToken(emulator, assertion);
        if (response.statusCode() != 200) {
            throw new AssertionError("expected a token, got " + response.statusCode() + " " + response.body());
        }
        return json(response).get("access_token").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private static SSLContext trusting(Path truststore, String password) {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load truststore " + truststore, e);
        }
    }
}
