package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What an operator reads when the ledger database cannot be used: the property to fix and no secret. */
class LedgerOpenErrorsTest {

    private static final String PASSWORD = "s3cr3t-Ledger-Pw";

    @Test
    void anUnreachablePostgresqlNamesThePropertyAndWhatToCheck() {
        // Port 1 on the loopback interface: refused at once, no network involved.
        LedgerException e = catchThrowableOfType(LedgerException.class,
                () -> Ledger.open("jdbc:postgresql://127.0.0.1:1/ledger?connectTimeout=2", "ledger", PASSWORD.toCharArray()));

        assertThat(e.getMessage())
                .contains("ledger.jdbc-url=jdbc:postgresql://127.0.0.1:1/ledger")
                .contains("PostgreSQL is unreachable")
                .contains("host and port");
        assertNoMessageContainsThePassword(e);
    }

    @Test
    void anH2FileHeldByAnotherProcessNamesThePropertyAndTheOtherProcess() throws Exception {
        Path database = LedgerFiles.newDatabasePath("locked");
        String url = LedgerFiles.urlOf(database);
        Ledger.open(url, null, null).close();
        Path file = Path.of(database + ".mv.db");

        // Another process holding the file looks to H2 exactly like this lock on it.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             FileChannel channel = raf.getChannel();
             FileLock lock = channel.lock()) {
            LedgerException e = catchThrowableOfType(LedgerException.class,
                    () -> Ledger.open(url, "sa", PASSWORD.toCharArray()));

            assertThat(lock.isValid()).isTrue();
            assertThat(e.getMessage())
                    .contains("ledger.jdbc-url=" + url)
                    .contains("Another process holds this H2 file");
            assertNoMessageContainsThePassword(e);
        }
    }

    @Test
    void aWrongPasswordSaysSoWithoutRepeatingIt() {
        String url = LedgerFiles.newFileUrl("wrong-password");
        Ledger.open(url, "owner", "right-password".toCharArray()).close();

        LedgerException e = catchThrowableOfType(LedgerException.class,
                () -> Ledger.open(url, "owner", PASSWORD.toCharArray()));

        assertThat(e.getMessage()).contains("ledger.jdbc-url=").contains("user name or password");
        assertNoMessageContainsThePassword(e);
    }

    @Test
    void aPasswordInsideTheUrlIsMaskedInMessages() {
        String url = "jdbc:postgresql://127.0.0.1:1/ledger?user=ledger&password=" + PASSWORD + "&connectTimeout=2";

        LedgerException e = catchThrowableOfType(LedgerException.class, () -> Ledger.open(url, null, null));

        assertThat(e.getMessage()).contains("password=***");
        assertNoMessageContainsThePassword(e);
    }

    @Test
    void anEmptyUrlNamesTheProperty() {
        LedgerException e = catchThrowableOfType(LedgerException.class, () -> Ledger.open(" ", null, null));

        assertThat(e.getMessage()).startsWith("ledger.jdbc-url is empty");
    }

    @Test
    void aUrlNoDriverUnderstandsSaysWhichUrlsWork() {
        LedgerException e = catchThrowableOfType(LedgerException.class,
                () -> Ledger.open("jdbc:nosuchdb://x/y", null, PASSWORD.toCharArray()));

        assertThat(e.getMessage()).contains("ledger.jdbc-url=jdbc:nosuchdb://x/y").contains("jdbc:postgresql://");
        assertNoMessageContainsThePassword(e);
    }

    @Test
    void redactsEveryPasswordParameterSpelling() {
        assertThat(LedgerException.redact("jdbc:h2:file:./x;PASSWORD=abc;FILE_PASSWORD=def;USER=sa"))
                .isEqualTo("jdbc:h2:file:./x;PASSWORD=***;FILE_PASSWORD=***;USER=sa");
        assertThat(LedgerException.redact("jdbc:postgresql://h/db?pwd=abc&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?pwd=***&ssl=true");
    }

    private static void assertNoMessageContainsThePassword(Throwable thrown) {
        List<String> texts = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
        }
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD));
    }
}
