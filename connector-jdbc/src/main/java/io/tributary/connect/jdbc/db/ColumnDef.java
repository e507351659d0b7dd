package io.tributary.connect.jdbc.db;

import java.sql.Types;
import java.util.Locale;

/**
 * One column of an existing table, as the database describes it. Values are bound by what the
 * column is, so schemaless records and loose Connect types still land in native types.
 */
public record ColumnDef(String name, int jdbcType, String typeName, int size, boolean nullable) {
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
