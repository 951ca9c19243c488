package io.docusigncamel.ledger;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;

/** Fresh H2 ledger databases for tests, each in its own file under {@code target/ledger-tests/}. */
final class LedgerFiles {

    private LedgerFiles() {
    }

    /** The path (without H2's .mv.db suffix) of a database no other test uses. */
    static Path newDatabasePath(String testName) {
        return Path.of("target", "ledger-tests", testName + "-" + UUID.randomUUID(), "ledger").toAbsolutePath();
    }

    static String urlOf(Path databasePath) {
        return "jdbc:h2:file:" + databasePath;
    }

    static String newFileUrl(String testName) {
        return urlOf(newDatabasePath(testName));
    }

    /** A syntactically valid SHA-256 (64 hex digits) that differs per {@code seed}. */
    static String sha256(int seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
