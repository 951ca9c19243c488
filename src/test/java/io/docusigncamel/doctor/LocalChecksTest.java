package io.docusigncamel.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.docusigncamel.doctor.Finding.Verdict;
import io.docusigncamel.ledger.LedgerException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks that need no DocuSign: folders, the ledger's verdicts, the rate-limit summary. */
class LocalChecksTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsCreatedAndProbed() {
        Finding f = FolderCheck.check("inbox.dir", dir.resolve("a/inbox"));
        assertThat(f.verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.found()).contains("created and writable (inbox.dir)");
        assertThat(dir.resolve("a/inbox")).isEmptyDirectory();
    }

    @Test
    void aFileInTheWayFailsNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "x");
        Finding f = FolderCheck.check("data.dir", file);
        assertThat(f.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.found()).startsWith("data.dir=" + file).contains("is a file, not a folder");
        assertThat(f.fix()).startsWith("set data.dir to a folder");
    }

    @Test
    void anH2FileHeldByAnotherProcessIsAWarningNotAFailure() {
        LedgerException held = new LedgerException("Cannot open the ledger database ...",
                new SQLException("Database may be already in use", "90020", LedgerCheck.H2_DATABASE_ALREADY_OPEN));
        Finding f = LedgerCheck.classify("jdbc:h2:file:./data/ledger", held);
        assertThat(f.verdict()).isEqualTo(Verdict.WARN);
        assertThat(f.found()).contains("in use by a running service");

        Finding other = LedgerCheck.classify("jdbc:postgresql://db/x",
                new LedgerException("Cannot open the ledger database ledger.jdbc-url=jdbc:postgresql://db/x: refused"));
        assertThat(other.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(other.found()).contains("ledger.jdbc-url");
    }

    @Test
    void ledgerPasswordsAreMasked() {
        assertThat(LedgerCheck.redact("jdbc:postgresql://db/x?user=a&password=secret"))
                .isEqualTo("jdbc:postgresql://db/x?user=a&password=***");
    }

    @Test
    void summarisesTheRateLimitHeaders() {
        HttpHeaders headers = HttpHeaders.of(Map.of("X-RateLimit-Remaining", List.of("2998"),
                "X-RateLimit-Limit", List.of("3000"), "X-RateLimit-Reset", List.of("1700000000"),
                "X-BurstLimit-Remaining", List.of("198"), "X-BurstLimit-Limit", List.of("200")), (k, v) -> true);
        assertThat(RestProbe.limits(headers))
                .isEqualTo("; rate limit 2998/3000 left this hour (reset 2023-11-14T22:13:20Z), burst 198/200 left");
        assertThat(RestProbe.limits(HttpHeaders.of(Map.of(), (k, v) -> true))).isEqualTo("; no rate-limit headers");
    }
}
