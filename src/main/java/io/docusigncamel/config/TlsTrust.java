package io.docusigncamel.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust the service uses towards DocuSign: the JVM's default trust, or a PKCS#12 truststore (the embedded
 * emulator's self-signed certificate, or a corporate TLS proxy's CA). Host names are always verified. Immutable.
 */
public final class TlsTrust {

    private final Optional<Path> truststoreFile;
    private final Optional<Secret> password;

    public TlsTrust(Optional<Path> truststoreFile, Optional<Secret> password) {
        this.truststoreFile = truststoreFile;
        this.password = password;
    }

    public static TlsTrust of(ServiceSettings settings) {
        return new TlsTrust(settings.truststoreFile(), settings.truststorePassword());
    }

    public Optional<Path> truststoreFile() {
        return truststoreFile;
    }

    public Optional<Secret> password() {
        return password;
    }

    /** An SSL context trusting the truststore's certificates, or the JVM default when none is configured. */
    public SSLContext sslContext() {
        try {
            if (truststoreFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] pw = password.map(Secret::chars).orElse(null);
            try (InputStream in = Files.newInputStream(truststoreFile.get())) {
                store.load(in, pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the truststore " + truststoreFile.map(Path::toString).orElse("")
                    + " (" + SettingsReader.TRUSTSTORE_FILE + ", " + SettingsReader.TRUSTSTORE_PASSWORD + "): " + e.getMessage(), e);
        }
    }
}
