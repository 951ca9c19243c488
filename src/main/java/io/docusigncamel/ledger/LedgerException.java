package io.docusigncamel.ledger;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The ledger could not do what was asked: its database is unreachable or refused an operation, or the caller asked
 * for something the ledger's rules forbid. Messages say what failed and, for connection problems, name
 * {@code ledger.jdbc-url} and what to check. They never contain a password: URL parameters that carry one are
 * masked, and a driver message that would repeat the password is replaced.
 */
public class LedgerException extends RuntimeException {

    static final String URL_PROPERTY = "ledger.jdbc-url";

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:file_)?password|pwd)=[^;&]*");
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_WRONG_USER_OR_PASSWORD = 28000;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Opening the database or migrating its schema failed. */
    static LedgerException cannotOpen(String jdbcUrl, char[] password, Exception cause) {
        String message = "Cannot open the ledger database " + URL_PROPERTY + "=" + redact(jdbcUrl) + ": "
                + firstLine(cause) + ". " + hint(jdbcUrl, cause);
        return new LedgerException(mask(message, password), safeCause(cause, password));
    }

    /** An operation on an open ledger failed; a lost connection also names the property. */
    static LedgerException operationFailed(String what, String redactedUrl, SQLException cause) {
        String message = "Ledger " + what + " failed: " + firstLine(cause);
        if (isConnectionProblem(cause)) {
            message += ". The ledger database at " + URL_PROPERTY + "=" + redactedUrl
                    + " is not reachable; check that it is running and reachable from this host";
        }
        return new LedgerException(message, cause);
    }

    /** The URL with password parameters masked, fit to be logged. */
    static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1=***");
    }

    private static String hint(String jdbcUrl, Exception cause) {
        SQLException sql = cause instanceof SQLException e ? e : null;
        int code = sql == null ? 0 : sql.getErrorCode();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
        if (h2 && code == H2_DATABASE_ALREADY_OPEN) {
            return "Another process holds this H2 file: an embedded H2 ledger belongs to one service instance. Stop the"
                    + " other process, or point every instance at a shared jdbc:postgresql: URL.";
        }
        if (h2 && code == H2_FILE_CORRUPTED) {
            return "The H2 file is damaged; restore it from a backup or move it aside to start an empty ledger"
                    + " (rows sent before would then be sendable again).";
        }
        if (code == H2_WRONG_USER_OR_PASSWORD || state.startsWith("28")) {
            return "The database refused the user name or password; check the ledger user and password.";
        }
        if (state.equals("3D000")) {
            return "The database named in the URL does not exist; create it or correct the URL.";
        }
        if (h2) {
            return "Check that the folder of the H2 file exists or can be created and is writable by this service's"
                    + " user, and that no other process holds the file.";
        }
        if (state.startsWith("08") && sql != null && String.valueOf(sql.getMessage()).contains("No suitable driver")) {
            return "The URL is not one the ledger can use; use jdbc:h2:file:<path> or jdbc:postgresql://host:port/db.";
        }
        if (state.startsWith("08")) {
            return "PostgreSQL is unreachable; check the host and port in the URL, that the server is running and"
                    + " accepts connections from this host (listen_addresses, pg_hba.conf, firewall).";
        }
        return "Check the URL, and that the ledger user may create tables in that database.";
    }

    private static boolean isConnectionProblem(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static String mask(String text, char[] password) {
        String masked = redact(text);
        if (password != null && password.length > 0) {
            masked = masked.replace(new String(password), "***");
        }
        return masked;
    }

    /** The cause itself, or, if any message in its chain repeats the password, a masked copy without that chain. */
    private static Throwable safeCause(Throwable cause, char[] password) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !mask(message, password).equals(message)) {
                SQLException copy = new SQLException(mask(String.valueOf(cause.getMessage()), password),
                        cause instanceof SQLException s ? s.getSQLState() : null,
                        cause instanceof SQLException s ? s.getErrorCode() : 0);
                copy.setStackTrace(cause.getStackTrace());
                return copy;
            }
        }
        return cause;
    }
}
