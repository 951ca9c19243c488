package io.docusigncamel.inbox;

import java.util.List;
import java.util.Optional;

/**
 * Turns CSV rows into DocuSign envelope definitions, validating each row completely before anything is sent.
 * Two forms: SPEC §4's column conventions ({@link ColumnConventions}), or a YAML mapping file for arbitrary layouts
 * ({@link MappingFile}). Implementations are immutable apart from bounded caches and are thread-safe: rows of one
 * file are mapped in parallel.
 */
public sealed interface EnvelopeMapping permits ColumnConventions, MappingFile {

    /**
     * The file-level problem of a header, if any (no recipient columns, unknown role columns, a mapping that refers
     * to columns the file lacks), as a reason a person understands.
     */
    Optional<String> checkHeader(List<String> header);

    /**
     * The envelope for {@code row}, or its rejection with every problem of the row.
     *
     * @param sourceFileName the input file's name, kept on the envelope as hidden custom field {@code sourceFile}
     */
    MappedRow map(CsvRow row, String sourceFileName);

    /** The mapping file when {@code inbox.mapping-file} is set, else the column conventions. */
    static EnvelopeMapping from(InboxSettings settings) throws MappingFileException {
        if (settings.mappingFile().isPresent()) {
            return MappingFile.load(settings.mappingFile().get(), settings);
        }
        return new ColumnConventions(settings);
    }
}
