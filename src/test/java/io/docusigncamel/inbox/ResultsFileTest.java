package io.docusigncamel.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.docusigncamel.ledger.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    @Test
    void writesHeaderAndOneQuotedLinePerRow() throws Exception {
        Path results = dir.resolve("results");

        Path file = ResultsFile.write(results, "new-hires.csv", sink -> {
            sink.accept(new ResultLine(1, "E-1", Outcome.SENT, "44040055-4fa6-4aed-a1a4-9ed69fab8cc3", null));
            sink.accept(new ResultLine(2, "E-2", Outcome.DUPLICATE, "11111111-2222-4333-8444-555555555555",
                    "already sent on 2025-01-06"));
            sink.accept(new ResultLine(3, null, Outcome.REJECTED, null, "row 3: Signer::Email \"bob@\" is not an e-mail"
                    + " address; Signer::Name is empty"));
            sink.accept(new ResultLine(4, "E-4", Outcome.FAILED, null, "INVALID_EMAIL_ADDRESS_FOR_RECIPIENT: The email,\n"
                    + "address is invalid"));
        });

        assertThat(file).isEqualTo(results.resolve("new-hires.csv.results.csv"));
        assertThat(Files.readString(file)).isEqualTo("""
                row,rowKey,outcome,envelopeId,detail\r
                1,E-1,sent,44040055-4fa6-4aed-a1a4-9ed69fab8cc3,\r
                2,E-2,duplicate,11111111-2222-4333-8444-555555555555,already sent on 2025-01-06\r
                3,,rejected,,"row 3: Signer::Email ""bob@"" is not an e-mail address; Signer::Name is empty"\r
                4,E-4,failed,,"INVALID_EMAIL_ADDRESS_FOR_RECIPIENT: The email,
                address is invalid"\r
                """);
    }

    @Test
    void escapesEveryFormulaPrefixInEveryTextColumn() throws Exception {
        List<String> prefixes = List.of("=", "+", "-", "@", "\t", "\r");
        Path file = ResultsFile.write(dir, "f.csv", sink -> {
            int row = 0;
            for (String prefix : prefixes) {
                sink.accept(new ResultLine(++row, prefix + "key", Outcome.SENT, prefix + "id", prefix + "detail"));
            }
            sink.accept(new ResultLine(++row, "k", Outcome.REJECTED, null,
                    "=HYPERLINK(\"http://evil.example\",\"click\")"));
            sink.accept(new ResultLine(++row, "a=b", Outcome.SENT, "id", "x-y"));
        });

        List<String> lines = Files.readAllLines(file);
        assertThat(Files.readString(file)).contains(
                "1,'=key,sent,'=id,'=detail\r\n",
                "2,'+key,sent,'+id,'+detail\r\n",
                "3,'-key,sent,'-id,'-detail\r\n",
                "4,'@key,sent,'@id,'@detail\r\n",
                "5,'\tkey,sent,'\tid,'\tdetail\r\n",
                "6,\"'\rkey\",sent,\"'\rid\",\"'\rdetail\"\r\n",
                "7,k,rejected,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"\r\n",
                "8,a=b,sent,id,x-y\r\n");
        assertThat(lines.get(0)).isEqualTo("row,rowKey,outcome,envelopeId,detail");
    }

    @Test
    void writesTheOneLineResultsOfARejectedFile() throws Exception {
        Path file = ResultsFile.writeFileRejected(dir, "export.csv",
                "not UTF-8: invalid byte 0xE9 on line 7 — save the file as UTF-8");

        assertThat(Files.readString(file)).isEqualTo("row,rowKey,outcome,envelopeId,detail\r\n"
                + "\"\",,rejected,,not UTF-8: invalid byte 0xE9 on line 7 — save the file as UTF-8\r\n");
    }

    @Test
    void replacesAnOlderResultsFileAndLeavesNoTemporaryFile() throws Exception {
        ResultsFile.write(dir, "f.csv", sink -> sink.accept(new ResultLine(1, "old", Outcome.FAILED, null, "first try")));
        ResultsFile.write(dir, "f.csv", sink -> sink.accept(new ResultLine(1, "new", Outcome.SENT, "id", null)));

        assertThat(Files.readString(dir.resolve("f.csv.results.csv"))).contains("1,new,sent,id,").doesNotContain("old");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f.csv.results.csv");
        }
    }

    @Test
    void neverShowsAPartialResultsFileWhileWriting() throws Exception {
        ResultsFile.write(dir, "f.csv", sink -> sink.accept(new ResultLine(1, "old", Outcome.SENT, "id", null)));
        List<String> seenWhileWriting = new ArrayList<>();

        ResultsFile.write(dir, "f.csv", sink -> {
            sink.accept(new ResultLine(1, "new", Outcome.SENT, "id", null));
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).sorted().forEach(seenWhileWriting::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                seenWhileWriting.add(Files.readString(dir.resolve("f.csv.results.csv")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(seenWhileWriting).hasSize(3);
        assertThat(seenWhileWriting.get(0)).startsWith(".f.csv.results.csv.").endsWith(".tmp");
        assertThat(seenWhileWriting.get(1)).isEqualTo("f.csv.results.csv");
        assertThat(seenWhileWriting.get(2)).contains("1,old,sent,id,");
    }

    @Test
    void keepsTheOlderFileWhenWritingFails() throws Exception {
        ResultsFile.write(dir, "f.csv", sink -> sink.accept(new ResultLine(1, "old", Outcome.SENT, "id", null)));

        assertThatThrownBy(() -> ResultsFile.write(dir, "f.csv", sink -> {
            sink.accept(new ResultLine(1, "new", Outcome.SENT, "id", null));
            throw new IllegalStateException("ledger went away");
        })).hasMessage("ledger went away");

        assertThat(Files.readString(dir.resolve("f.csv.results.csv"))).contains("1,old,sent,id,");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
