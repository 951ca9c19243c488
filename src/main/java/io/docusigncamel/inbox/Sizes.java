package io.docusigncamel.inbox;

import java.util.Locale;

/** Byte counts as people read them (1.5 MB). Stateless and thread-safe. */
final class Sizes {

    private Sizes() {
    }

    static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.floor(value) ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
