package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.types.ColumnReader;
import io.tributary.connect.jdbc.types.ReadOptions;
import io.tributary.connect.jdbc.types.SemanticNames;
import io.tributary.connect.jdbc.types.StandardColumnReaders;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** PostgreSQL: native uuid, jsonb, arrays and timestamptz, ON CONFLICT upserts, COPY for batches. */
public class PostgresDialect extends StandardDialect {
    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String driverClass() {
        return "org.postgresql.Driver";
    }

    @Override
    public boolean supportsCopy() {
        return true;
    }

    /** Seconds, as pgjdbc takes them: the TCP connect, the whole login, and any read after it. */
    @Override
    public Map<String, String> connectTimeoutProperties(int seconds) {
        String s = Integer.toString(seconds);
        return Map.of("connectTimeout", s, "loginTimeout", s, "socketTimeout", s);
    }

    /** PostgreSQL keeps at most 63 bytes of it. */
    @Override
    public Map<String, String> applicationNameProperties(String name) {
        return Map.of("ApplicationName", name);
    }

    /** pg_catalog, pg_toast, the temporary schemas (all pg_*, a prefix users cannot take) and information_schema. */
    @Override
    public boolean isSystemSchema(String schema) {
        return super.isSystemSchema(schema) || (schema != null && schema.toLowerCase(Locale.ROOT).startsWith("pg_"));
    }

    @Override
    protected Set<String> systemSchemas() {
        return Set.of("information_schema", "pg_catalog", "pg_toast");
    }

    /**
     * NAMEDATALEN - 1 = 63 bytes in the server's encoding (longer names are cut short with only a notice).
     * SQL_ASCII servers store the client's bytes, and the driver always sends UTF-8.
     */
    @Override
    public IdentifierLimit identifierLimit(Connection conn) throws SQLException {
        String encoding;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SHOW server_encoding")) {
            encoding = rs.next() ? rs.getString(1) : "UTF8";
        }
        return IdentifierLimit.bytes(name(), 63, javaCharset(encoding));
    }

    static Charset javaCharset(String serverEncoding) {
        if (serverEncoding == null || serverEncoding.equalsIgnoreCase("SQL_ASCII")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(org.postgresql.core.Encoding.getDatabaseEncoding(serverEncoding).name());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    protected String decimalType(int scale) {
        return "NUMERIC";
    }

    @Override
    protected String timestampType() {
        return "TIMESTAMPTZ";
    }

    @Override
    protected String uuidType() {
        return "UUID";
    }

    @Override
    protected String jsonType() {
        return "JSONB";
    }

    @Override
    protected String stringType() {
        return "TEXT";
    }

    @Override
    protected String keyStringType() {
        return "TEXT";
    }

    @Override
    protected String bytesType() {
        return "BYTEA";
    }

    @Override
    protected String keyBytesType() {
        return "BYTEA";
    }

    @Override
    protected String arrayType(Schema element) {
        boolean primitive = element.name() == null || Decimal.LOGICAL_NAME.equals(element.name())
                || Date.LOGICAL_NAME.equals(element.name()) || Time.LOGICAL_NAME.equals(element.name())
                || Timestamp.LOGICAL_NAME.equals(element.name());
        if (!primitive || element.type() == Schema.Type.ARRAY || element.type() == Schema.Type.MAP
                || element.type() == Schema.Type.STRUCT) {
            return jsonType();
        }
        return columnType(element, false) + "[]";
    }

    /** uuid, json and jsonb as named strings, enums as strings naming their labels, arrays of plain types as arrays. */
    @Override
    public ColumnReader columnReader(Connection conn, ColumnDef column, ReadOptions options) throws SQLException {
        boolean optional = column.nullable();
        if (column.isUuid()) {
            return StandardColumnReaders.namedString(SemanticNames.UUID, Map.of(), optional);
        }
        if (column.isJson()) {
            return StandardColumnReaders.namedString(SemanticNames.JSON, Map.of(), optional);
        }
        if (column.isArray()) {
            ColumnDef element = new ColumnDef(column.name(), elementJdbcType(column.arrayElementType()),
                    column.arrayElementType(), 0, true, 0, true);
            ColumnReader elements = element.jdbcType() == Types.OTHER ? null
                    : StandardColumnReaders.forColumn(element, options);
            return elements == null || elements.schema().type() == Schema.Type.STRUCT ? null
                    : PostgresArrays.reader(elements.schema(), optional);
        }
        if (column.jdbcType() == Types.OTHER || column.jdbcType() == Types.VARCHAR) {
            List<String> labels = enumLabels(conn, column.typeName());
            if (!labels.isEmpty()) {
                return StandardColumnReaders.namedString(SemanticNames.ENUM, Map.of(SemanticNames.ENUM_ALLOWED,
                        String.join(",", labels)), optional);
            }
        }
        return super.columnReader(conn, column, options);
    }

    private static int elementJdbcType(String element) {
        return switch (element) {
            case "bool" -> Types.BOOLEAN;
            case "int2" -> Types.SMALLINT;
            case "int4" -> Types.INTEGER;
            case "int8" -> Types.BIGINT;
            case "float4" -> Types.REAL;
            case "float8" -> Types.DOUBLE;
            case "text", "varchar", "bpchar" -> Types.VARCHAR;
            default -> Types.OTHER;
        };
    }

    /** The labels of an enum type, in their order; empty for types that are not enums. */
    private static List<String> enumLabels(Connection conn, String typeName) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT e.enumlabel FROM pg_catalog.pg_enum e "
                + "JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid WHERE t.typname = ? ORDER BY e.enumsortorder")) {
            ps.setString(1, typeName.startsWith("\"") ? typeName.substring(1, typeName.length() - 1) : typeName);
            List<String> labels = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
            return labels;
        }
    }

    @Override
    public String limitClause(int rows) {
        return " LIMIT " + rows;
    }

    /**
     * Client backends of this database in a transaction, but the JDBC source's own readers; xact_start is when
     * it began (now() inside it), so a transaction counts even before it writes.
     */
    @Override
    public String openTransactionsQuery(String marker) {
        return "SELECT (SELECT min(xact_start) FROM pg_catalog.pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start IS NOT NULL "
                + "AND application_name NOT LIKE '" + READER_SESSION_PREFIX + "%'), "
                + "clock_timestamp()";
    }

    @Override
    public String openTransactionsPrivilege() {
        return "the pg_read_all_stats role (GRANT pg_read_all_stats TO <user>)";
    }

    /** Without pg_read_all_stats, pg_stat_activity hides other users' xact_start. */
    @Override
    public boolean seesAllTransactions(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER') "
                     + "OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)")) {
            return rs.next() && rs.getBoolean(1);
        }
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
    protected void bindJson(PreparedStatement ps, int index, String json, ColumnDef column) throws SQLException {
        if (column != null && column.isJson()) {
            ps.setObject(index, json, Types.OTHER);
        } else {
            ps.setString(index, json);
        }
    }

    @Override
    protected void bindList(PreparedStatement ps, int index, List<?> list, ColumnDef column) throws SQLException {
        if (column != null && column.isArray()) {
            ps.setArray(index, ps.getConnection().createArrayOf(column.arrayElementType(), list.toArray()));
        } else {
            super.bindList(ps, index, list, column);
        }
    }

    /** uuid, json and other non-text columns take a string as an untyped literal the server casts. */
    @Override
    protected void bindString(PreparedStatement ps, int index, String value, ColumnDef column) throws SQLException {
        if (column != null && !column.isCharacter() && column.jdbcType() != Types.LONGVARCHAR
                && (column.jdbcType() == Types.OTHER || column.isUuid() || column.isJson())) {
            ps.setObject(index, value, Types.OTHER);
        } else {
            ps.setString(index, value);
        }
    }

    @Override
    protected void bindInstant(PreparedStatement ps, int index, Instant value, ColumnDef column, ZoneId zone)
            throws SQLException {
        if (column == null || column.isTimestampWithZone()) {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        } else {
            ps.setObject(index, local(value, zone));
        }
    }
}
