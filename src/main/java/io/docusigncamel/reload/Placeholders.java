package io.docusigncamel.reload;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property placeholders ({@code {{inbox.dir}}}, {@code {{env:HTTP_PORT:8080}}}) a route file refers to, so that a
 * change of {@code application.properties} reloads only the files whose placeholders now resolve differently.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");

    private Placeholders() {
    }

    /** The placeholders of {@code text} as written between the braces, in order of first appearance. */
    public static Set<String> in(String text) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            keys.add(m.group(1).trim());
        }
        return keys;
    }
}
