package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.types.ColumnReader;
import io.tributary.connect.jdbc.types.ColumnSpec;
import io.tributary.connect.jdbc.types.ReadOptions;
import io.tributary.connect.jdbc.types.StandardColumnReaders;
import io.tributary.connect.jdbc.types.DebeziumTypes;
import io.tributary.connect.jdbc.types.JsonText;
import io.tributary.connect.jdbc.types.SemanticNames;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;

/** ANSI SQL spelled the common way; each database's dialect overrides only what it spells differently. */
public abstract class StandardDialect implements Dialect {
    protected String quoteString() {
        return "\"";
    }

    /** Names the database keeps for itself, in lower case; compared without regard to case. */
    protected Set<String> systemSchemas() {
        return Set.of("information_schema");
    }

    /** SQL:2003 names are at most 128 characters; dialects that know better say so. */
    @Override
    public IdentifierLimit identifierLimit(Connection conn) throws SQLException {
        return IdentifierLimit.characters(name(), 128);
    }

    @Override
    public boolean isSystemSchema(String schema) {
        return schema != null && systemSchemas().contains(schema.toLowerCase(Locale.ROOT));
    }

    /** JDBC's own answer (a catalog for dialects whose schema is the catalog), without a schema when the driver has none. */
    @Override
    public String currentSchema(Connection conn) throws SQLException {
        try {
            String schema = schemaIsCatalog() ? conn.getCatalog() : conn.getSchema();
            return schema == null || schema.isEmpty() ? null : schema;
        } catch (SQLFeatureNotSupportedException | AbstractMethodError e) {
            return null;
        }
    }

    @Override
    public String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new DataException("An empty table or column name cannot be used; rename the field or topic, or map it "
                    + "with table.name.format / fields.exclude");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new DataException("The name '" + identifier.replace("\0", "\\0") + "' holds a NUL character, which "
                    + name() + " cannot store in an identifier");
        }
        String q = quoteString();
        return q + identifier.replace(q, q + q) + q;
    }

    @Override
    public String qualified(TableId table) {
        return table.schema() == null ? quote(table.table()) : quote(table.schema()) + "." + quote(table.table());
    }

    @Override
    public ColumnReader columnReader(Connection conn, ColumnDef column, ReadOptions options) throws SQLException {
        return StandardColumnReaders.forColumn(column, options);
    }

    @Override
    public boolean schemaIsCatalog() {
        return false;
    }

    @Override
    public String columnType(Schema schema, boolean primaryKey) {
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    return decimalType(scale(schema));
                case Date.LOGICAL_NAME:
                    return "DATE";
                case Time.LOGICAL_NAME:
                    return timeType();
                case Timestamp.LOGICAL_NAME:
                    return timestampType();
                case SemanticNames.UUID:
                    return uuidType();
                case SemanticNames.JSON:
                    return jsonType();
                default:
                    DebeziumTypes.Column debezium = DebeziumTypes.column(logical);
                    if (debezium != null) {
                        return switch (debezium) {
                            case DATE -> "DATE";
                            case TIME -> timeType();
                            case LOCAL_TIMESTAMP -> localTimestampType();
                            case TIMESTAMP_WITH_ZONE -> timestampType();
                            case DECIMAL -> anyScaleDecimalType();
                        };
                    }
                    break;
            }
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
                return "SMALLINT";
            case INT32:
                return "INTEGER";
            case INT64:
                return "BIGINT";
            case FLOAT32:
                return "REAL";
            case FLOAT64:
                return "DOUBLE PRECISION";
            case BOOLEAN:
                return "BOOLEAN";
            case STRING:
                return primaryKey ? keyStringType() : stringType();
            case BYTES:
                return primaryKey ? keyBytesType() : bytesType();
            case ARRAY:
                return arrayType(schema.valueSchema());
            default:
                return jsonType();
        }
    }

    protected static int scale(Schema schema) {
        String s = schema.parameters() == null ? null : schema.parameters().get(Decimal.SCALE_FIELD);
        return s == null ? 0 : Integer.parseInt(s);
    }

    protected String decimalType(int scale) {
        return "DECIMAL(38," + scale + ")";
    }

    protected String timeType() {
        return "TIME";
    }

    /** For date-times without a zone (Debezium's Timestamp, MicroTimestamp, NanoTimestamp). */
    protected String localTimestampType() {
        return "TIMESTAMP";
    }

    /** For decimals whose scale varies from value to value. */
    protected String anyScaleDecimalType() {
        return "NUMERIC";
    }

    protected String timestampType() {
        return "TIMESTAMP";
    }

    protected String uuidType() {
        return "CHAR(36)";
    }

    protected String jsonType() {
        return stringType();
    }

    protected String stringType() {
        return "VARCHAR(4000)";
    }

    protected String keyStringType() {
        return "VARCHAR(255)";
    }

    protected String bytesType() {
        return "BLOB";
    }

    protected String keyBytesType() {
        return "VARBINARY(255)";
    }

    /** Arrays are JSON unless the database has native arrays. */
    protected String arrayType(Schema elementSchema) {
        return jsonType();
    }

    @Override
    public String createTable(TableId table, List<ColumnSpec> fields) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualified(table)).append(" (");
        List<String> defs = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (ColumnSpec f : fields) {
            defs.add(quote(f.name()) + " " + columnType(f.schema(), f.primaryKey())
                    + (f.primaryKey() || !f.schema().isOptional() ? " NOT NULL" : ""));
            if (f.primaryKey()) {
                keys.add(quote(f.name()));
            }
        }
        sql.append(String.join(", ", defs));
        if (!keys.isEmpty()) {
            sql.append(", PRIMARY KEY (").append(String.join(", ", keys)).append(')');
        }
        return sql.append(')').toString();
    }

    /** Added columns are always nullable: rows already in the table have no value for them. */
    @Override
    public List<String> addColumns(TableId table, List<ColumnSpec> fields) {
        List<String> sql = new ArrayList<>();
        for (ColumnSpec f : fields) {
            sql.add("ALTER TABLE " + qualified(table) + " ADD COLUMN " + addColumnIfNotExists() + quote(f.name()) + " "
                    + columnType(f.schema(), false) + " NULL");
        }
        return sql;
    }

    protected String addColumnIfNotExists() {
        return "IF NOT EXISTS ";
    }

    protected String columnList(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    protected String valuesRows(int columns, int rows) {
        String row = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
        StringBuilder sb = new StringBuilder(rows * (row.length() + 2));
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(row);
        }
        return sb.toString();
    }

    @Override
    public String insert(TableId table, List<String> columns, int rows) {
        return "INSERT INTO " + qualified(table) + " (" + columnList(columns) + ") VALUES " + valuesRows(columns.size(), rows);
    }

    /** The {@code ON CONFLICT} spelling shared by PostgreSQL and SQLite. */
    protected String onConflictUpsert(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        List<String> updates = columns.stream().filter(c -> !keyColumns.contains(c))
                .map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
        return insert(table, columns, rows) + " ON CONFLICT (" + columnList(keyColumns) + ") "
                + (updates.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", updates));
    }

    protected String onConflictDoNothing(TableId table, List<String> columns, List<String> keyColumns, int rows) {
        return insert(table, columns, rows) + " ON CONFLICT (" + columnList(keyColumns) + ") DO NOTHING";
    }

    @Override
    public String update(TableId table, List<String> columns, List<String> keyColumns) {
        String set = columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "));
        return "UPDATE " + qualified(table) + " SET " + set + " WHERE " + keyPredicate(keyColumns);
    }

    @Override
    public String delete(TableId table, List<String> keyColumns) {
        return "DELETE FROM " + qualified(table) + " WHERE " + keyPredicate(keyColumns);
    }

    @Override
    public String selectSameRow(TableId table, List<String> columns, List<String> keyColumns) {
        String where = columns.stream().map(c -> keyColumns.contains(c) ? quote(c) + " = ?" : nullSafeEquals(quote(c)))
                .collect(Collectors.joining(" AND "));
        return "SELECT 1 FROM " + qualified(table) + (where.isEmpty() ? "" : " WHERE " + where);
    }

    /** A predicate true when the column equals the bound value, or both are null. */
    protected String nullSafeEquals(String quotedColumn) {
        return quotedColumn + " IS NOT DISTINCT FROM ?";
    }

    private String keyPredicate(List<String> keyColumns) {
        return keyColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    @Override
    public int maxBindParameters() {
        return 32767;
    }

    @Override
    public void bind(PreparedStatement ps, int index, Object value, ColumnDef column, ZoneId timeZone) throws SQLException {
        if (value == null) {
            ps.setNull(index, column == null ? Types.NULL : column.jdbcType());
        } else if (value instanceof JsonText) {
            bindJson(ps, index, ((JsonText) value).json(), column);
        } else if (value instanceof List) {
            bindList(ps, index, (List<?>) value, column);
        } else if (value instanceof Instant) {
            bindInstant(ps, index, (Instant) value, column, timeZone);
        } else if (value instanceof LocalDate || value instanceof LocalTime) {
            bindLocal(ps, index, value);
        } else if (value instanceof byte[]) {
            ps.setBytes(index, (byte[]) value);
        } else if (value instanceof BigDecimal) {
            ps.setBigDecimal(index, (BigDecimal) value);
        } else if (value instanceof String) {
            bindString(ps, index, (String) value, column);
        } else {
            ps.setObject(index, value);
        }
    }

    protected void bindJson(PreparedStatement ps, int index, String json, ColumnDef column) throws SQLException {
        ps.setString(index, json);
    }

    protected void bindList(PreparedStatement ps, int index, List<?> list, ColumnDef column) throws SQLException {
        bindJson(ps, index, ConnectJson.toJsonText(list, null), column);
    }

    protected void bindString(PreparedStatement ps, int index, String value, ColumnDef column) throws SQLException {
        ps.setString(index, value);
    }

    protected void bindInstant(PreparedStatement ps, int index, Instant value, ColumnDef column, ZoneId zone)
            throws SQLException {
        ps.setTimestamp(index, java.sql.Timestamp.from(value), Calendar.getInstance(TimeZone.getTimeZone(zone)));
    }

    protected void bindLocal(PreparedStatement ps, int index, Object value) throws SQLException {
        ps.setObject(index, value);
    }

    /** The wall-clock time of an instant in the configured database time zone. */
    protected static LocalDateTime local(Instant value, ZoneId zone) {
        return LocalDateTime.ofInstant(value, zone);
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.startsWith("58"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** SQLState 23505, or a constraint message that names a unique or primary key. */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if ("23505".equals(state) || (state != null && state.startsWith("23") && (message.contains("unique")
                        || message.contains("duplicate") || message.contains("primary key")))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean supportsUpsert() {
        return true;
    }

    @Override
    public String toString() {
        return name();
    }
}
