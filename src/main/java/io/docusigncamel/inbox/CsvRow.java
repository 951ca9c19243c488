package io.docusigncamel.inbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One data row of a CSV file, as read, before mapping. Immutable.
 *
 * @param row     the 1-based data row number (the header and blank lines are not rows); results files use it
 * @param line    the physical line (1-based, header = line 1 when the file starts with it) where the row starts
 * @param values  column name → value, in header order; a row with a problem may lack columns
 * @param problem why the row cannot be used as read (e.g. a wrong number of values), starting with "row N: "
 */
public record CsvRow(int row, long line, Map<String, String> values, Optional<String> problem) {

    public CsvRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of {@code column}, or an empty string when the row lacks it. */
    public String value(String column) {
        return values.getOrDefault(column, "");
    }
}
