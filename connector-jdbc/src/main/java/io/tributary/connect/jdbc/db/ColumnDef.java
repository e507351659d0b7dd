package io.tributary.connect.jdbc.db;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * One column of an existing table or of a query's result, as the database describes it. The sink
 * binds values by what the column is, so schemaless records and loose Connect types still land in
 * native types; the source reads each column into the Connect type that fits it. {@code size} is
 * the precision of numeric columns, {@code scale} their digits after the point.
 */
public record ColumnDef(String name, int jdbcType, String typeName, int size, boolean nullable, int scale, boolean signed) {
    public ColumnDef(String name, int jdbcType, String typeName, int size, boolean nullable) {
        this(name, jdbcType, typeName, size, nullable, 0, true);
    }

    /** Column {@code index} (from 1) of a result, as its metadata describes it. */
    public static ColumnDef of(ResultSetMetaData md, int index) throws SQLException {
        return new ColumnDef(md.getColumnLabel(index), md.getColumnType(index), md.getColumnTypeName(index),
                md.getPrecision(index), md.isNullable(index) != ResultSetMetaData.columnNoNulls, md.getScale(index),
                md.isSigned(index));
    }

    public String typeNameLower() {
        return typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    }

    public boolean isJson() {
        String t = typeNameLower();
        return t.equals("json") || t.equals("jsonb");
    }

    public boolean isUuid() {
        return typeNameLower().equals("uuid");
    }

    /** PostgreSQL reports arrays as ARRAY with an element type name prefixed by '_'. */
    public boolean isArray() {
        return jdbcType == Types.ARRAY || typeNameLower().startsWith("_");
    }

    public String arrayElementType() {
        String t = typeNameLower();
        return t.startsWith("_") ? t.substring(1) : t;
    }

    public boolean isTimestampWithZone() {
        String t = typeNameLower();
        return jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || t.equals("timestamptz") || t.equals("timestamp with time zone");
    }

    public boolean isCharacter() {
        switch (jdbcType) {
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
                return true;
            default:
                return false;
        }
    }
}
