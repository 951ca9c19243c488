package io.docusigncamel.doctor;

import io.docusigncamel.config.Secret;
import io.docusigncamel.config.ServiceSettings;
import io.docusigncamel.config.SettingsReader;
import io.docusigncamel.ledger.Ledger;
import io.docusigncamel.ledger.LedgerException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The ledger database can be opened (and its schema created or upgraded, as the service would at start) and
 * closed. An embedded H2 file that another process holds is most likely the running service itself: that is a WARN
 * (doctor could not look inside, but nothing is wrong with it while the service runs), not a FAIL.
 */
final class LedgerCheck {

    /** H2's "Database may be already in use" ({@code ErrorCode.DATABASE_ALREADY_OPEN_1}). */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final String KEY = SettingsReader.LEDGER_JDBC_URL;
    private static final Pattern PASSWORD = Pattern.compile("(?i)((?:file_)?password|pwd)=[^;&]*");

    private LedgerCheck() {
    }

    static Finding check(ServiceSettings settings) {
        String url = settings.ledgerJdbcUrl();
        char[] password = settings.ledgerPassword().map(Secret::chars).orElse(null);
        try (Ledger ledger = Ledger.open(url, settings.ledgerUser().orElse(null), password)) {
            return Finding.pass(KEY + "=" + redact(url) + " opened, schema version " + ledger.schemaVersion());
        } catch (LedgerException e) {
            return classify(url, e);
        }
    }

    static Finding classify(String url, LedgerException e) {
        if (url.startsWith("jdbc:h2:") && heldByAnotherProcess(e)) {
            return Finding.warn(KEY + "=" + redact(url) + " is in use by a running service (another process holds "
                            + "the embedded H2 file), so doctor could not open it; that is expected while the service runs",
                    "none if the service is running; otherwise stop the other process holding it. "
                            + "For several instances set " + KEY + " to a shared jdbc:postgresql: URL");
        }
        return Finding.fail(e.getMessage(), null);
    }

    private static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    static String redact(String url) {
        return PASSWORD.matcher(url).replaceAll("$1=***");
    }
}
