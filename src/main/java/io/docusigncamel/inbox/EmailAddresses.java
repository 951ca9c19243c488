package io.docusigncamel.inbox;

import java.util.regex.Pattern;

/**
 * The practical subset of RFC 5322 addresses that DocuSign delivers to: one {@code @}, a local part without spaces,
 * quotes or brackets and without leading, trailing or doubled dots, and a dotted domain whose last label starts with
 * a letter; at most 100 characters. Stateless and thread-safe.
 */
final class EmailAddresses {

    static final int MAX_LENGTH = 100;

    private static final Pattern ADDRESS = Pattern.compile(
            "[^\\s@\"(),:;<>\\[\\]\\\\.]+(?:\\.[^\\s@\"(),:;<>\\[\\]\\\\.]+)*"
                    + "@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+\\p{L}(?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])");

    private EmailAddresses() {
    }

    static boolean isValid(String address) {
        return address.length() <= MAX_LENGTH && ADDRESS.matcher(address).matches();
    }
}
