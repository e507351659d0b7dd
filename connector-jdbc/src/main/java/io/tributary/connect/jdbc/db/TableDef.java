package io.tributary.connect.jdbc.db;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An existing table's columns and primary key, looked up by exact name, then ignoring case. */
public final class TableDef {
    private final TableId id;
    private final Map<String, ColumnDef> columns;
    private final Map<String, ColumnDef> columnsLower = new LinkedHashMap<>();
    private final List<String> primaryKey;

    public TableDef(TableId id, Map<String, ColumnDef> columns, List<String> primaryKey) {
        this.id = id;
        this.columns = Map.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        columns.values().forEach(c -> columnsLower.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
    }

    public TableId id() {
        return id;
    }

    public ColumnDef column(String name) {
        ColumnDef c = columns.get(name);
        return c != null ? c : columnsLower.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<ColumnDef> columns() {
        return columns.values();
    }

    public List<String> primaryKey() {
        return primaryKey;
    }
}
