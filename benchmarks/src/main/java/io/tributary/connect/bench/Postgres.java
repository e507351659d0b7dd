package io.tributary.connect.bench;

import io.tributary.connect.testkit.Services;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark's PostgreSQL: the test services' endpoint, from the same environment variables. */
final class Postgres {
    final String url = Services.postgresUrl();
    final String user = Services.postgresUser();
    final String password = Services.postgresPassword();

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes out every dirty page now, so that the run that follows starts a fresh checkpoint cycle
     * and no run pays for a checkpoint that an earlier run's writes brought on. Without the
     * privilege (PostgreSQL 15's pg_checkpoint role or superuser) runs go on without it.
     */
    void checkpoint() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            System.out.println("  (no CHECKPOINT before the run: " + e.getMessage() + ")");
        }
    }

    long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Orders rewritten by the sink in a table prefilled with store 'old' (a scan). */
    long updatedOrders(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM " + table + " WHERE store <> 'old'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The table's main fork size in bytes: a catalog look-up, no scan. */
    long relationSize(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_relation_size('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String serverVersion() {
        try (Connection c = connect()) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** Whether the server runs on this machine, where its processes' CPU use can be read. */
    boolean isLocal() {
        String host = psqlTarget()[0];
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** host, port and database for psql, parsed from the JDBC URL. */
    String[] psqlTarget() {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String db = uri.getPath().replaceFirst("^/", "");
        return new String[]{uri.getHost(), Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()), db};
    }
}
