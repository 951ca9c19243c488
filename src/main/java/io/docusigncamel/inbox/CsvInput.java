package io.docusigncamel.inbox;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file in the inbox, read as a stream of data rows in constant memory whatever the file size.
 *
 * <p>{@link #open} first checks the whole file in one streaming pass over its bytes (UTF-8, binary content,
 * emptiness; SHA-256 of the content; where a quote is left open), then reads the header and asks the mapping whether
 * the header can address recipients. Anything wrong at file level is a {@link FileRejectedException}. Problems of
 * single rows do not stop the file: such a row carries its problem, and the caller rejects it. A quoted value that is
 * never closed would swallow the rest of the file, so the rows before it are read normally and the rest becomes one
 * row with a problem naming the line where the quote opened; iteration ends there. Blank lines are not rows.
 *
 * <p>RFC 4180 quoting (commons-csv) with the configured delimiter; header names are trimmed; a UTF-8 BOM is skipped.
 * Not thread-safe: one reader per file, closed by the caller.
 */
public final class CsvInput implements Iterator<CsvRow>, Closeable {

    private final Path file;
    private final FilePreScan.Result scan;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final long headerEndLine;
    private final List<String> header;

    private long lastRecordEndLine;
    private int rowNumber;
    private CsvRow next;
    private boolean unclosedReported;

    private CsvInput(Path file, FilePreScan.Result scan, CSVParser parser, List<String> header, long headerEndLine) {
        this.headerEndLine = headerEndLine;
        this.file = file;
        this.scan = scan;
        this.parser = parser;
        this.records = parser.iterator();
        this.header = header;
        this.lastRecordEndLine = headerEndLine;
    }

    /**
     * Checks {@code file} and reads its header.
     *
     * @throws FileRejectedException the file cannot be processed at all; the message says why and what to do
     * @throws IOException           the file could not be read (a disk or permission problem, not bad input)
     */
    public static CsvInput open(Path file, InboxSettings settings, EnvelopeMapping mapping)
            throws FileRejectedException, IOException {
        long size = Files.size(file);
        if (size > settings.maxFileSize()) {
            throw new FileRejectedException("the file is " + Sizes.describe(size) + "; "
                    + InboxSettings.MAX_FILE_SIZE + " allows " + Sizes.describe(settings.maxFileSize())
                    + " — split it into smaller files");
        }
        FilePreScan.Result scan = FilePreScan.scan(file, settings.delimiter());
        InputStream in = Files.newInputStream(file);
        CSVParser parser = null;
        boolean handedOver = false;
        try {
            in.skipNBytes(scan.bomLength());
            if (scan.hasUnclosedQuote()) {
                // Feed the parser only the records before the broken one; it would otherwise hold the rest in memory.
                in = new LimitedInputStream(in, scan.unclosedQuote().recordOffset() - scan.bomLength());
            }
            CSVFormat format = CSVFormat.RFC4180.builder()
                    .setDelimiter(settings.delimiter())
                    // Blank lines come through as records so that line numbers stay exact; they are skipped below.
                    .setIgnoreEmptyLines(false)
                    // "Smith" Jr reads as Smith Jr instead of failing the rest of the file.
                    .setTrailingData(true)
                    .get();
            parser = CSVParser.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024),
                    format);
            CsvInput input = readHeader(file, scan, parser, mapping);
            handedOver = true;
            return input;
        } finally {
            if (!handedOver) {
                in.close();
            }
        }
    }

    private static CsvInput readHeader(Path file, FilePreScan.Result scan, CSVParser parser, EnvelopeMapping mapping)
            throws FileRejectedException, IOException {
        Iterator<CSVRecord> records = parser.iterator();
        CSVRecord first = null;
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (!isBlank(record)) {
                    first = record;
                    break;
                }
            }
        } catch (UncheckedIOException e) {
            throw new FileRejectedException("the header row cannot be read: " + e.getCause().getMessage());
        }
        if (first == null) {
            if (scan.hasUnclosedQuote()) {
                throw new FileRejectedException("the header row has a quote that opens on line "
                        + FilePreScan.number(scan.unclosedQuote().quoteLine()) + " and is never closed; close it");
            }
            throw new FileRejectedException("the file has no header row");
        }
        List<String> header = new ArrayList<>(first.size());
        Map<String, Integer> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i).trim();
            if (name.isEmpty()) {
                problems.add("column " + (i + 1) + " of the header has no name; name every column");
            } else {
                Integer earlier = seen.putIfAbsent(name, i + 1);
                if (earlier != null) {
                    problems.add("the header names column \"" + name + "\" twice (columns " + earlier + " and " + (i + 1)
                            + "); rename or remove one");
                }
            }
            header.add(name);
        }
        if (!problems.isEmpty()) {
            throw new FileRejectedException(String.join("; ", problems));
        }
        Optional<String> headerProblem = mapping.checkHeader(List.copyOf(header));
        if (headerProblem.isPresent()) {
            throw new FileRejectedException(headerProblem.get());
        }
        return new CsvInput(file, scan, parser, List.copyOf(header), parser.getCurrentLineNumber());
    }

    /** The column names, trimmed, in file order. */
    public List<String> header() {
        return header;
    }

    /** Lowercase hex SHA-256 of the file's bytes as dropped (BOM included), from the pre-scan. */
    public String contentSha256() {
        return scan.sha256();
    }

    /**
     * About how many data rows the file has, from the pre-scan's line count (exact unless values span lines or
     * lines are blank): enough for a progress estimate, never used to decide anything.
     */
    public long approximateRows() {
        return Math.max(0, scan.lines() - headerEndLine);
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readNext();
        }
        return next != null;
    }

    @Override
    public CsvRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in " + file.getFileName());
        }
        CsvRow row = next;
        next = null;
        return row;
    }

    private CsvRow readNext() {
        while (records.hasNext()) {
            CSVRecord record = records.next();
            long startLine = lastRecordEndLine + 1;
            lastRecordEndLine = parser.getCurrentLineNumber();
            if (isBlank(record)) {
                continue;
            }
            rowNumber++;
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(record.size(), header.size()); i++) {
                values.put(header.get(i), record.get(i));
            }
            Optional<String> problem = record.size() == header.size() ? Optional.empty()
                    : Optional.of("row " + rowNumber + ": " + record.size() + (record.size() == 1 ? " value" : " values")
                    + " but the header has " + header.size() + " columns");
            return new CsvRow(rowNumber, startLine, values, problem);
        }
        if (scan.hasUnclosedQuote() && !unclosedReported) {
            unclosedReported = true;
            rowNumber++;
            FilePreScan.Unclosed unclosed = scan.unclosedQuote();
            String lines = unclosed.recordLine() == scan.lines() ? "line " + FilePreScan.number(unclosed.recordLine())
                    : "lines " + FilePreScan.number(unclosed.recordLine()) + "–" + FilePreScan.number(scan.lines());
            return new CsvRow(rowNumber, unclosed.recordLine(), Map.of(), Optional.of("row " + rowNumber
                    + ": a quote opened on line " + FilePreScan.number(unclosed.quoteLine())
                    + " is never closed, so the rest of the file (" + lines + ") cannot be read as rows;"
                    + " close the quote and drop the file again"));
        }
        return null;
    }

    /** A blank line parses as one empty value. */
    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Ends the stream after {@code limit} bytes. */
    private static final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
