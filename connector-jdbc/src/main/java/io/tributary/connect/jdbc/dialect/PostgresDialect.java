package io.tributary.connect.jdbc.dialect;

import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableId;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

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
