package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableId;

import io.tributary.connect.jdbc.types.ColumnSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns a record writes into its table: key columns first, then value columns. Two records
 * with the same column names share a shape and can be written by one statement; the schemas of the
 * first record are kept for creating and evolving the table.
 */
public final class RecordShape {
    private final TableId table;
    private final List<ColumnSpec> keyFields;
    private final List<ColumnSpec> valueFields;
    private final List<String> keyNames;
    private final List<String> valueNames;
    private final List<String> allNames;

    public RecordShape(TableId table, List<ColumnSpec> keyFields, List<ColumnSpec> valueFields) {
        this.table = table;
        this.keyFields = List.copyOf(keyFields);
        this.valueFields = List.copyOf(valueFields);
        this.keyNames = keyFields.stream().map(ColumnSpec::name).toList();
        this.valueNames = valueFields.stream().map(ColumnSpec::name).toList();
        List<String> all = new ArrayList<>(keyNames);
        all.addAll(valueNames);
        this.allNames = List.copyOf(all);
    }

    public TableId table() {
        return table;
    }

    public List<ColumnSpec> keyFields() {
        return keyFields;
    }

    public List<ColumnSpec> valueFields() {
        return valueFields;
    }

    public List<ColumnSpec> allFields() {
        List<ColumnSpec> all = new ArrayList<>(keyFields);
        all.addAll(valueFields);
        return all;
    }

    public List<String> keyNames() {
        return keyNames;
    }

    public List<String> valueNames() {
        return valueNames;
    }

    public List<String> allNames() {
        return allNames;
    }

    /** Same table and the same columns in the same order. */
    public boolean sameColumns(RecordShape other) {
        return table.equals(other.table) && keyNames.equals(other.keyNames) && valueNames.equals(other.valueNames);
    }
}
