package io.tributary.connect.jdbc.db;

import java.util.Objects;

/** A table name, optionally with its schema (or MariaDB database). Never holds quotes. */
public final class TableId {
    private final String schema;
    private final String table;
    /** Computed once: buffers and plan caches look tables up for every record. */
    private final int hash;

    public TableId(String schema, String table) {
        this.schema = schema == null || schema.isEmpty() ? null : schema;
        this.table = Objects.requireNonNull(table, "table");
        this.hash = Objects.hash(this.schema, table);
    }

    /** {@code name} is {@code table} or {@code schema.table}; a dot separates the schema. */
    public static TableId parse(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? new TableId(null, name) : new TableId(name.substring(0, dot), name.substring(dot + 1));
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableId && Objects.equals(schema, ((TableId) o).schema) && table.equals(((TableId) o).table);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
