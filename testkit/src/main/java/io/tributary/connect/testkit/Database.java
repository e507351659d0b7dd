package io.tributary.connect.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test's own view of a database: runs statements and reads rows, one short connection per call. */
public final class Database {
    private final String url;
    private final String user;
    private final String password;

    public Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static Database postgres() {
        return new Database(Services.postgresUrl(), Services.postgresUser(), Services.postgresPassword());
    }

    public static Database mariadb() {
        return new Database(Services.mariadbUrl(), Services.mariadbUser(), Services.mariadbPassword());
    }

    /**
     * The same database reached through {@code proxy}: the JDBC URL's host and port are replaced by
     * the proxy's loopback port.
     */
    public Database through(TcpProxy proxy) {
        return new Database(url.replaceFirst("//[^/?]+", "//127.0.0.1:" + proxy.port()), user, password);
    }

    /** A proxy in front of this database's server, for outage tests. */
    public TcpProxy proxy() {
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        int port = uri.getPort() > 0 ? uri.getPort() : "postgresql".equals(uri.getScheme()) ? 5432 : 3306;
        return TcpProxy.to(uri.getHost(), port);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }

    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String sql) {
        Object v = query(sql).get(0).values().iterator().next();
        return ((Number) v).longValue();
    }

    /** Waits until {@code countSql} returns {@code expected}, then returns it. */
    public long awaitCount(String countSql, long expected, java.time.Duration timeout) {
        return Await.value(timeout, "'" + countSql + "' to return " + expected, () -> count(countSql), n -> n == expected);
    }
}
