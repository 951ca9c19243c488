package io.docusigncamel.send;

import io.docusigncamel.inbox.CsvInput;
import io.docusigncamel.inbox.EnvelopeMapping;
import io.docusigncamel.inbox.FileProgress;
import io.docusigncamel.inbox.FileRejectedException;
import io.docusigncamel.inbox.InboxSettings;
import io.docusigncamel.inbox.ResultLine;
import io.docusigncamel.inbox.ResultsFile;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file-level steps of {@code routes/send-envelopes.yaml}: open a dropped CSV file (checks, ledger run), hand its
 * rows to the split, and at the end write the results file from the ledger and log one line with the counts. A
 * file processed again after a crash resumes its ledger run, so every row ends with exactly one results line.
 * Thread-safe: several files may be in flight.
 */
public final class InboxFiles {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Ledger ledger;
    private final InboxSettings settings;
    private final EnvelopeMapping mapping;
    private final Path resultsDir;
    private final Clock clock;
    private final RunReconciler reconciler;
    private final Map<Long, FileState> open = new ConcurrentHashMap<>();

    /** One file in flight: its input and its progress. */
    private record FileState(CsvInput input, Instant started, FileProgress progress) {
    }

    public InboxFiles(Ledger ledger, InboxSettings settings, EnvelopeMapping mapping, Path resultsDir, Clock clock,
                      RunReconciler reconciler) {
        this.ledger = ledger;
        this.settings = settings;
        this.mapping = mapping;
        this.resultsDir = resultsDir;
        this.clock = clock;
        this.reconciler = reconciler;
    }

    /**
     * Opens the file of the exchange. A file that cannot be read as CSV gets a results file saying why and goes to
     * {@code inbox/.error/}; otherwise the body becomes the file's row iterator and the run id is set.
     */
    public void open(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        exchange.setProperty(SendProperties.SOURCE_FILE, name);
        CsvInput input;
        try {
            input = CsvInput.open(file, settings, mapping);
        } catch (FileRejectedException e) {
            Path results = ResultsFile.writeFileRejected(resultsDir, name, e.getMessage());
            LOG.warn("{}: rejected, moved to .error: {} (see {})", name, e.getMessage(), results);
            exchange.setProperty(SendProperties.INBOX_TARGET, ".error");
            exchange.getMessage().setBody(Collections.emptyIterator());
            return;
        }
        Ledger.FileRun run = ledger.beginRun(name, input.contentSha256(), clock.instant());
        if (run.resumed()) {
            LOG.info("{}: resuming an interrupted run (rows already done keep their outcome)", name);
        }
        Map<String, String> lost;
        try {
            lost = reconciler.envelopesTheLedgerLacks(run.startedAt());
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
        if (!lost.isEmpty()) {
            LOG.warn("{}: DocuSign has {} envelope(s) with row keys the ledger has no record of (records lost in a"
                    + " crash, or a ledger restored from a backup); those rows are recorded with them, not sent again",
                    name, lost.size());
        }
        exchange.setProperty(SendProperties.LOST_CLAIMS, lost);
        open.put(run.id(), new FileState(input, clock.instant(),
                new FileProgress(OptionalLong.of(input.approximateRows()), PROGRESS_EVERY, clock)));
        exchange.setProperty(SendProperties.RUN_ID, run.id());
        exchange.setProperty(SendProperties.INBOX_TARGET, ".done");
        exchange.getMessage().setBody(input);
    }

    /** Counts a finished row and logs progress of long files: rows done, rate, and estimated time left. */
    public void rowDone(Exchange exchange) {
        Long runId = exchange.getProperty(SendProperties.RUN_ID, Long.class);
        FileState state = runId == null ? null : open.get(runId);
        if (state == null) {
            return;
        }
        state.progress().rowDone();
        state.progress().reportIfDue().ifPresent(line ->
                LOG.info("{}: {}", exchange.getProperty(SendProperties.SOURCE_FILE), line));
    }

    /** Writes the results file (streamed from the ledger in row order), closes the run and logs the counts. */
    public void finish(Exchange exchange) throws IOException {
        String name = exchange.getProperty(SendProperties.SOURCE_FILE, String.class);
        Long runId = exchange.getProperty(SendProperties.RUN_ID, Long.class);
        if (runId == null) {
            return; // rejected file: its results file is already written
        }
        FileState state = open.remove(runId);
        if (state != null) {
            state.input().close();
        }
        Path results = ResultsFile.write(resultsDir, name, sink -> ledger.forEachOutcome(runId,
                line -> sink.accept(new ResultLine(line.row(), line.rowKey(), line.outcome(), line.envelopeId(), line.detail()))));
        ledger.finishRun(runId, clock.instant());
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        counts.putAll(ledger.countOutcomes(runId));
        long rows = counts.values().stream().mapToLong(Long::longValue).sum();
        Duration took = state == null ? Duration.ZERO : Duration.between(state.started(), clock.instant());
        LOG.info("{}: {} rows in {} s: sent {}, duplicate {}, rejected {}, failed {}; results in {}", name, rows,
                String.format("%.1f", took.toMillis() / 1000.0), counts.getOrDefault(Outcome.SENT, 0L),
                counts.getOrDefault(Outcome.DUPLICATE, 0L), counts.getOrDefault(Outcome.REJECTED, 0L),
                counts.getOrDefault(Outcome.FAILED, 0L), results);
    }
}
