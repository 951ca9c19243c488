package io.docusigncamel.inbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mapping-file value: literal text with {@code ${column}} references to CSV columns, e.g.
 * {@code "${first_name} ${last_name}"}. The column name is everything between {@code ${} and the next {@code }},
 * exactly as in the header (spaces included). {@code $${} writes a literal {@code ${}; any other {@code $} is literal.
 * Each referenced value is trimmed, and so is the result. Immutable and thread-safe.
 */
final class FieldExpression {

    private sealed interface Part permits Literal, ColumnRef {
    }

    private record Literal(String text) implements Part {
    }

    private record ColumnRef(String column) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private FieldExpression(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Parses {@code source}; the exception message says what is wrong with it. */
    static FieldExpression parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (source.startsWith("${", i)) {
                int end = source.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("\"${\" at position " + (i + 1) + " is not closed by \"}\";"
                            + " write ${column} (or $${ for a literal ${)");
                }
                String column = source.substring(i + 2, end);
                if (column.isBlank()) {
                    throw new IllegalArgumentException("\"${}\" at position " + (i + 1) + " names no column");
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new ColumnRef(column));
                i = end + 1;
            } else {
                literal.append(source.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new FieldExpression(source, parts);
    }

    /** The columns referred to, in order of appearance. */
    Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof ColumnRef ref) {
                columns.add(ref.column());
            }
        }
        return columns;
    }

    /** The column when the expression is exactly one reference, e.g. {@code ${work_email}}. */
    Optional<String> singleColumn() {
        return parts.size() == 1 && parts.get(0) instanceof ColumnRef ref ? Optional.of(ref.column()) : Optional.empty();
    }

    /** True when the expression refers to no column. */
    boolean isLiteral() {
        return columns().isEmpty();
    }

    /** The text with each reference replaced by the row's (trimmed) value, trimmed. */
    String expand(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof ColumnRef ref) {
                out.append(values.getOrDefault(ref.column(), "").trim());
            }
        }
        return out.toString().trim();
    }

    /** The expression as written in the mapping file. */
    String source() {
        return source;
    }
}
