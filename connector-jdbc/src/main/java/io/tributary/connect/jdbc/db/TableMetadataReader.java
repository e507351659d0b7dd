package io.tributary.connect.jdbc.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a table's columns and primary key through {@link DatabaseMetaData}. */
public final class TableMetadataReader {
    private TableMetadataReader() {
    }

    /**
     * The table, or null when it does not exist. The schema is matched exactly: DatabaseMetaData takes
     * patterns, where '_' in a schema or table name would match any character.
     */
    public static TableDef read(Connection conn, TableId id, boolean schemaIsCatalog) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        String catalog = schemaIsCatalog ? id.schema() : null;
        String schema = schemaIsCatalog ? null : id.schema();
        if (schemaIsCatalog && catalog == null) {
            catalog = conn.getCatalog();
        }
        Map<String, ColumnDef> columns = new LinkedHashMap<>();
        try (ResultSet rs = md.getColumns(catalog, schema == null ? null : escape(md, schema), escape(md, id.table()), null)) {
            while (rs.next()) {
                if (!id.table().equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                String tableSchema = rs.getString("TABLE_SCHEM");
                if (schema != null && tableSchema != null && !schema.equals(tableSchema)) {
                    continue;
                }
                if (!schemaIsCatalog && id.schema() == null && !visibleSchema(conn, tableSchema)) {
                    continue;
                }
                String name = rs.getString("COLUMN_NAME");
                columns.putIfAbsent(name, new ColumnDef(name, rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        Map<Short, String> pk = new TreeMap<>();
        String pkSchema = schema == null && !schemaIsCatalog ? currentSchema(conn) : schema;
        try (ResultSet rs = md.getPrimaryKeys(catalog, pkSchema, id.table())) {
            while (rs.next()) {
                pk.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new TableDef(id, columns, new ArrayList<>(pk.values()));
    }

    private static String escape(DatabaseMetaData md, String pattern) throws SQLException {
        String esc = md.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return pattern;
        }
        return pattern.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    /** Without an explicit schema a table is the one the connection's current schema resolves to. */
    private static boolean visibleSchema(Connection conn, String tableSchema) throws SQLException {
        String current = currentSchema(conn);
        return current == null || tableSchema == null || current.equals(tableSchema);
    }

    private static String currentSchema(Connection conn) throws SQLException {
        try {
            return conn.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null;
        }
    }

    public static List<String> columnNames(TableDef def) {
        List<String> names = new ArrayList<>();
        def.columns().forEach(c -> names.add(c.name()));
        return names;
    }
}
