package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.TableId;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** MariaDB and MySQL: backtick quoting, ON DUPLICATE KEY UPDATE, schema = database. */
public class MariaDbDialect extends StandardDialect {
    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:");
    }

    @Override
    public String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    /** MariaDB's driver only takes jdbc:mysql: URLs when told to. */
    @Override
    public String driverUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:mysql:") && !jdbcUrl.contains("permitMysqlScheme")) {
            return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        return jdbcUrl;
    }

    @Override
    protected String quoteString() {
        return "`";
    }

    /** Milliseconds, as MariaDB's driver takes them. */
    @Override
    public Map<String, String> connectTimeoutProperties(int seconds) {
        String ms = Integer.toString(seconds * 1000);
        return Map.of("connectTimeout", ms, "socketTimeout", ms);
    }

    /** 64 characters whatever their bytes: MariaDB stores names as UTF-8 and counts characters. */
    @Override
    public IdentifierLimit identifierLimit(Connection conn) {
        return IdentifierLimit.characters(name(), 64);
    }

    @Override
    protected Set<String> systemSchemas() {
        return Set.of("information_schema", "mysql", "performance_schema", "sys");
    }

    @Override
    protected String nullSafeEquals(String quotedColumn) {
        return quotedColumn + " <=> ?";
    }

    /** 1062 duplicate entry, 1586 duplicate entry for a named key. */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && (((SQLException) t).getErrorCode() == 1062
                    || ((SQLException) t).getErrorCode() == 1586)) {
                return true;
            }
        }
        return super.isUniqueViolation(e);
    }

    @Override
    public boolean schemaIsCatalog() {
        return true;
    }

    @Override
    protected String decimalType(int scale) {
        return "DECIMAL(65," + Math.min(scale, 30) + ")";
    }

    @Override
    protected String timeType() {
        return "TIME(6)";
    }

    @Override
    protected String timestampType() {
        return "DATETIME(6)";
    }

    @Override
    protected String localTimestampType() {
        return "DATETIME(6)";
    }

    @Override
    protected String anyScaleDecimalType() {
        return "DECIMAL(65,30)";
    }

    @Override
    protected String jsonType() {
        return "JSON";
    }

    @Override
    protected String stringType() {
        return "LONGTEXT";
    }

    @Override
    protected String bytesType() {
        return "LONGBLOB";
    }

    @Override
    protected String keyStringType() {
        return "VARCHAR(255)";
    }

    @Override
    public String columnType(org.apache.kafka.connect.data.Schema schema, boolean primaryKey) {
        switch (schema.type()) {
            case INT8:
                return schema.name() == null ? "TINYINT" : super.columnType(schema, primaryKey);
            case FLOAT32:
                return schema.name() == null ? "FLOAT" : super.columnType(schema, primaryKey);
            case FLOAT64:
                return schema.name() == null ? "DOUBLE" : super.columnType(schema, primaryKey);
            default:
                return super.columnType(schema, primaryKey);
        }
    }

    @Override
    public String upsert(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        List<String> updates = columns.stream().filter(c -> !keyColumns.contains(c))
                .map(c -> quote(c) + " = VALUES(" + quote(c) + ")").toList();
        if (updates.isEmpty()) {
            return insertIgnoringDuplicates(table, columns, keyColumns, rows);
        }
        return insert(table, columns, rows) + " ON DUPLICATE KEY UPDATE " + String.join(", ", updates);
    }

    /** A no-op update rather than INSERT IGNORE, which would also hide truncation and type errors. */
    @Override
    public String insertIgnoringDuplicates(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        String k = quote(keyColumns.get(0));
        return insert(table, columns, rows) + " ON DUPLICATE KEY UPDATE " + k + " = " + k;
    }

    @Override
    public int maxBindParameters() {
        return 65535;
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                int code = ((SQLException) t).getErrorCode();
                // 1205 lock wait timeout, 1213 deadlock, 1927 connection killed, 2006/2013 server gone
                if (code == 1205 || code == 1213 || code == 1927 || code == 2006 || code == 2013) {
                    return true;
                }
            }
        }
        return super.isTransient(e);
    }

    @Override
    public String limitClause(int rows) {
        return " LIMIT " + rows;
    }

    /**
     * InnoDB transactions of the whole server (they may write any database) that have written or locked
     * something: MariaDB stamps NOW() at each statement and takes auto-increment values as it inserts, so a
     * transaction that has not written yet can only write above what is visible now; one that has wrote
     * after its trx_started (kept to the second, so this errs early). Read-only snapshots, and what the
     * cached list still shows of sessions that have gone (they cannot commit any more), do not hold reads back.
     */
    @Override
    public String openTransactionsQuery(String marker) {
        return "SELECT (SELECT MIN(trx_started) FROM information_schema.innodb_trx "
                + "WHERE trx_mysql_thread_id <> CONNECTION_ID() AND (trx_rows_modified > 0 OR trx_lock_structs > 0) "
                + "AND trx_mysql_thread_id IN (SELECT ID FROM information_schema.PROCESSLIST)), NOW(6), "
                + "EXISTS (SELECT 1 FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID() "
                + "AND trx_query LIKE '%" + marker + "%')";
    }

    /**
     * The InnoDB transaction cache behind information_schema.innodb_trx is refreshed at most every 100 ms,
     * and only once nobody has read it for 100 ms: clients that read it more often keep it old. So the
     * query also says whether the cache holds this very statement (its marker in the connection's trx_query):
     * only then was it filled after the reading transaction began; otherwise it is asked again. The
     * connection's entry alone does not tell: a cache filled during the connection's previous read holds it
     * too, and trusting that once let a reader pass a transaction that began after the fill (seen in CI).
     */
    @Override
    public long openTransactionsLagMs() {
        return 250;
    }

    /** InnoDB registers a transaction only at its first read; a consistent snapshot starts one (and its read view) now. */
    @Override
    public String beginReadStatement() {
        return "START TRANSACTION WITH CONSISTENT SNAPSHOT";
    }

    @Override
    public String openTransactionsPrivilege() {
        return "the PROCESS privilege (GRANT PROCESS ON *.* TO <user>)";
    }

    /** information_schema.innodb_trx answers only with PROCESS; without it the query fails, which the caller reports. */
    @Override
    public boolean seesAllTransactions(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.innodb_trx")) {
            return rs.next();
        } catch (SQLException e) {
            if (isTransient(e)) {
                throw e;
            }
            return false;
        }
    }
}
