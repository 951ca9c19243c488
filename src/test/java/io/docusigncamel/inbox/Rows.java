package io.docusigncamel.inbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds {@link CsvRow}s for tests from alternating column names and values. */
final class Rows {

    private Rows() {
    }

    static CsvRow row(int number, String... columnsAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return new CsvRow(number, number + 1L, values, Optional.empty());
    }
}
