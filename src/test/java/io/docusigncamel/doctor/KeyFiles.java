package io.docusigncamel.doctor;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/** Key files generated for a test; never committed. */
final class KeyFiles {

    private KeyFiles() {
    }

    /** A fresh RSA-2048 private key as PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}), as DocuSign's console gives. */
    static Path newPkcs1Key(Path dir) throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new JcaMiscPEMGenerator(generator.generateKeyPair().getPrivate()));
        }
        return Files.writeString(dir.resolve("unregistered.pem"), pem.toString());
    }
}
