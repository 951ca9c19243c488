package io.docusigncamel;

import io.docusigncamel.config.Secret;
import io.docusigncamel.config.TlsTrust;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** HTTP clients for tests that talk to the emulator directly, trusting its generated certificate (not trust-all). */
public final class EmulatorClients {

    private EmulatorClients() {
    }

    public static HttpClient trusting(Path truststore, String password) {
        return HttpClient.newBuilder()
                .sslContext(new TlsTrust(Optional.of(truststore), Optional.of(Secret.of(password))).sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
