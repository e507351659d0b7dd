package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** SQLite: type affinity, ISO-8601 text for dates and times, ON CONFLICT upserts (3.24+). */
public class SqliteDialect extends StandardDialect {
    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    @Override
    public String driverClass() {
        return "org.sqlite.JDBC";
    }

    /** SQLite sets no length; a name too long for a statement is refused by the statement itself. */
    @Override
    public IdentifierLimit identifierLimit(Connection conn) {
        return IdentifierLimit.characters(name(), 1024);
    }

    /** The database file's own schema: 'temp', searched first, is never the target. */
    @Override
    public String currentSchema(Connection conn) {
        return "main";
    }

    @Override
    protected String nullSafeEquals(String quotedColumn) {
        return quotedColumn + " IS ?";
    }

    /** SQLITE_CONSTRAINT (19) for a UNIQUE or PRIMARY KEY constraint. */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && (((SQLException) t).getErrorCode() & 0xff) == 19) {
                String message = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
                if (message.contains("UNIQUE") || message.contains("PRIMARY KEY")) {
                    return true;
                }
            }
        }
        return super.isUniqueViolation(e);
    }

    @Override
    public String columnType(org.apache.kafka.connect.data.Schema schema, boolean primaryKey) {
        String standard = super.columnType(schema, primaryKey);
        switch (standard) {
            case "SMALLINT":
            case "INTEGER":
            case "BIGINT":
            case "BOOLEAN":
                return "INTEGER";
            case "REAL":
            case "DOUBLE PRECISION":
                return "REAL";
            default:
                return standard.startsWith("DECIMAL") ? "NUMERIC" : standard.contains("BINARY") || standard.equals("BLOB")
                        ? "BLOB" : "TEXT";
        }
    }

    /** SQLite has no ADD COLUMN IF NOT EXISTS; a concurrent add shows up as "duplicate column". */
    @Override
    protected String addColumnIfNotExists() {
        return "";
    }

    @Override
    public String upsert(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        return onConflictUpsert(table, columns, keyColumns, rows);
    }

    @Override
    public String insertIgnoringDuplicates(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        return onConflictDoNothing(table, columns, keyColumns, rows);
    }

    @Override
    public int maxBindParameters() {
        return 32766;
    }

    /**
     * SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection, such as a reader of the same file,
     * holds the lock longer than the driver's busy timeout. Waiting and retrying is the cure; the
     * rows are not bad.
     */
    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                int code = ((SQLException) t).getErrorCode() & 0xff; // extended codes keep the primary code in the low byte
                if (code == 5 || code == 6) {
                    return true;
                }
            }
        }
        return super.isTransient(e);
    }

    @Override
    protected void bindInstant(PreparedStatement ps, int index, Instant value, ColumnDef column, ZoneId zone)
            throws SQLException {
        ps.setString(index, value.toString());
    }

    @Override
    protected void bindLocal(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setString(index, value.toString());
    }

    @Override
    public String limitClause(int rows) {
        return " LIMIT " + rows;
    }

    /**
     * SQLite keeps date-times as text and compares them as text: a parameter must be written as SQLite's own
     * functions write them ('YYYY-MM-DD HH:MM:SS.SSS'), or a 'T' between date and time sorts after every
     * stored value of the same day.
     */
    @Override
    public Object timestampParameter(Instant at, ColumnDef column, ZoneId zone) {
        return SQLITE_DATE_TIME.format(java.time.LocalDateTime.ofInstant(at, zone));
    }

    private static final java.time.format.DateTimeFormatter SQLITE_DATE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
}
