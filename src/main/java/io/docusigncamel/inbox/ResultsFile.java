package io.docusigncamel.inbox;

import io.docusigncamel.ledger.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code outbox/results/<input file name>.results.csv} (SPEC §5): header
 * {@code row,rowKey,outcome,envelopeId,detail}, one line per data row in the order given, RFC 4180 quoting, UTF-8,
 * CRLF line ends.
 *
 * <p>Formula-injection safety: a value that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a
 * carriage return is prefixed with a single quote {@code '} so that a spreadsheet shows it as text; this applies to
 * every column except the numeric {@code row}. A consumer that reads rowKey back must strip that quote.
 *
 * <p>A file rejected as a whole (moved to {@code inbox/.error/}) gets a results file of the same name and header with
 * one line: empty {@code row}, {@code rowKey} and {@code envelopeId}, outcome {@code rejected}, and the reason as
 * detail, e.g. {@code "",,rejected,,not UTF-8: invalid byte 0xE9 on line 7 — save the file as UTF-8} (RFC 4180
 * quotes an empty first value so that the line is not mistaken for a blank line; CSV readers read it as empty).
 *
 * <p>Atomic: lines are streamed to a temporary file in the same folder (named {@code .<input>.results.csv.<uuid>.tmp},
 * so it never matches {@code *.results.csv}), forced to disk, then renamed over any older results file of the same
 * name; a reader sees the old file or the complete new one, never a partial one. Stateless and thread-safe; two
 * writers of the same input file name must not run at once (the last rename wins).
 */
public final class ResultsFile {

    public static final String SUFFIX = ".results.csv";
    static final String[] HEADER = {"row", "rowKey", "outcome", "envelopeId", "detail"};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader(HEADER).get();

    private ResultsFile() {
    }

    /**
     * Writes the results of {@code inputFileName}: {@code lines} is called once with a sink and pushes every line,
     * ordered by row, so the caller can stream them from the ledger without holding them in memory.
     *
     * @return the results file
     */
    public static Path write(Path resultsDir, String inputFileName, Consumer<Consumer<ResultLine>> lines)
            throws IOException {
        return writeAtomically(resultsDir, inputFileName, printer -> lines.accept(line -> {
            try {
                printer.printRecord(Integer.toString(line.row()), safe(line.rowKey()), safe(line.outcome().label()),
                        safe(line.envelopeId()), safe(line.detail()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** Writes the one-line results file of a file rejected as a whole (see the class comment). */
    public static Path writeFileRejected(Path resultsDir, String inputFileName, String reason) throws IOException {
        return writeAtomically(resultsDir, inputFileName, printer -> {
            try {
                printer.printRecord("", "", Outcome.REJECTED.label(), "", safe(reason));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The results file's path for {@code inputFileName}. */
    public static Path pathFor(Path resultsDir, String inputFileName) {
        return resultsDir.resolve(inputFileName + SUFFIX);
    }

    /** {@code value} made safe for spreadsheets: a leading formula character gets a {@code '} before it. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }

    private static Path writeAtomically(Path resultsDir, String inputFileName, Consumer<CSVPrinter> body)
            throws IOException {
        Files.createDirectories(resultsDir);
        Path target = pathFor(resultsDir, inputFileName);
        Path temporary = resultsDir.resolve("." + inputFileName + SUFFIX + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                        StandardCharsets.UTF_8), 64 * 1024);
                CSVPrinter printer = new CSVPrinter(writer, FORMAT);
                try {
                    body.accept(printer);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                printer.flush();
                // The rename below must never publish a file whose bytes are not yet on disk.
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: the file system does not support"
                        + " atomic renames in " + resultsDir, e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory(resultsDir);
        return target;
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is then best effort. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; the rename is still atomic, only its durability is weaker.
        }
    }
}
