package io.tributary.connect.jdbc.connection;

import io.tributary.connect.common.config.CredentialMask;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Why a connection could not be opened, said on the setting to change: an unknown host, a refused or
 * silent port, a database that does not exist (the URL); an unknown user or role (the user); a wrong
 * password (the password); or, where the database does not tell which, both login settings.
 * Drivers wrap the cause differently; this reads their cause chains and SQL states.
 */
public final class ConnectionDiagnosis {
    /** The setting a diagnosis points at. */
    public enum Setting { URL, USER, PASSWORD }

    private final List<Setting> settings;
    private final String message;

    private ConnectionDiagnosis(List<Setting> settings, String message) {
        this.settings = settings;
        this.message = message;
    }

    public List<Setting> settings() {
        return settings;
    }

    public String message() {
        return message;
    }

    /** No answer within the deadline: the host drops packets, or something that is not a database listens. */
    public static ConnectionDiagnosis timedOut(int seconds) {
        return new ConnectionDiagnosis(List.of(Setting.URL), "no answer within " + seconds + " s: check the host and port "
                + "in connection.url, that the database runs there, and that no firewall drops Connect's packets");
    }

    /** The driver opened a connection, but it failed the driver's validity check. */
    public static ConnectionDiagnosis invalid() {
        return new ConnectionDiagnosis(List.of(Setting.URL), "the database at connection.url did not answer a validity check");
    }

    /**
     * Reads what went wrong from the driver's exception. {@code url} is the URL as configured: a driver
     * message that quotes it is reported with its credentials masked.
     */
    public static ConnectionDiagnosis of(Throwable failure, String url, String user, int timeoutSeconds) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return onUrl("unknown host '" + t.getMessage().split(":")[0].trim() + "': no name server knows it; check "
                        + "the host name in connection.url");
            }
            if (t instanceof ConnectException) {
                return onUrl("connection refused: nothing listens at the host and port of connection.url; check the port "
                        + "and that the database is running (" + clean(failure.getMessage(), url) + ")");
            }
            if (t instanceof NoRouteToHostException) {
                return onUrl("no route to the host in connection.url (" + clean(t.getMessage(), url) + ")");
            }
            if (t instanceof SocketTimeoutException) {
                return timedOut(timeoutSeconds);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                ConnectionDiagnosis d = fromSql((SQLException) t, url, user);
                if (d != null) {
                    return d;
                }
            }
        }
        return onUrl("cannot connect: " + clean(failure.getMessage(), url) + "; check the host, port and database in "
                + "connection.url and the credentials in connection.user / connection.password");
    }

    private static ConnectionDiagnosis fromSql(SQLException e, String url, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = clean(e.getMessage(), url);
        String lower = text.toLowerCase(Locale.ROOT);
        String who = user == null || user.isEmpty() ? "the default user" : "user '" + user + "'";
        switch (e.getErrorCode()) {
            case 1045: // MariaDB/MySQL access denied: it does not say whether the user or the password is wrong
                return new ConnectionDiagnosis(List.of(Setting.USER, Setting.PASSWORD), "access denied for " + who
                        + " (" + text + "): the user does not exist for Connect's host, or connection.password is wrong");
            case 1044: // access denied to the database
                return new ConnectionDiagnosis(List.of(Setting.USER), "access denied: " + text + "; grant " + who
                        + " access to the database in connection.url, or use another connection.user");
            case 1049: // unknown database
                return onUrl("the database does not exist (" + text + "); check the database name in connection.url");
            default:
                break;
        }
        switch (state) {
            case "28P01":
                return new ConnectionDiagnosis(List.of(Setting.PASSWORD), "authentication failed for " + who + " ("
                        + text + "); check connection.password");
            case "28000":
                if (lower.contains("does not exist")) {
                    return new ConnectionDiagnosis(List.of(Setting.USER), "the role does not exist (" + text + "); check "
                            + "connection.user");
                }
                return new ConnectionDiagnosis(List.of(Setting.USER), "the server refuses this login (" + text + "); its "
                        + "access rules (PostgreSQL's pg_hba.conf) must let " + who + " in from Connect's host");
            case "3D000":
                return onUrl("the database does not exist (" + text + "); check the database name in connection.url");
            default:
                return null;
        }
    }

    /** A problem with what connection.url connects to. */
    public static ConnectionDiagnosis onUrl(String message) {
        return new ConnectionDiagnosis(List.of(Setting.URL), message);
    }

    /** A driver's message, trimmed, with any credentials it quotes masked. */
    private static String clean(String message, String url) {
        return CredentialMask.url(CredentialMask.in(String.valueOf(message).trim(), url));
    }
}
