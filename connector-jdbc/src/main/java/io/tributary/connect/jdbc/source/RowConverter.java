package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.UnmappedColumn;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.types.ColumnReader;
import io.tributary.connect.jdbc.types.ReadOptions;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rows of one result into a key and a value Struct, with schemas built once from the result's
 * metadata: the value holds every mapped column, the key the plan's key columns.
 */
final class RowConverter {
    private static final Logger log = LoggerFactory.getLogger(RowConverter.class);

    private final List<ColumnReader> readers = new ArrayList<>();
    private final List<Integer> indexes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<ColumnDef> columns = new ArrayList<>();
    private final Schema valueSchema;
    private final Schema keySchema;
    private final List<Integer> keyFields = new ArrayList<>();

    RowConverter(Connection conn, ResultSetMetaData md, Dialect dialect, ReadOptions options, UnmappedColumn unmapped,
                 ReadPlan plan) throws SQLException {
        SchemaBuilder value = SchemaBuilder.struct().name(schemaName(plan));
        for (int i = 1; i <= md.getColumnCount(); i++) {
            ColumnDef column = ColumnDef.of(md, i);
            ColumnReader reader = dialect.columnReader(conn, column, options);
            if (reader == null) {
                String what = plan.describe() + " column " + column.name() + " of type " + column.typeName()
                        + " (JDBC type " + column.jdbcType() + ")";
                if (unmapped == UnmappedColumn.FAIL || plan.keyColumns().contains(column.name())
                        || column.name().equals(plan.incrementing()) || plan.timestamps().contains(column.name())) {
                    throw new ConnectException("The " + what + " has no Connect type; set column.unmapped.action=skip to "
                            + "leave it out, or cast it to text in a query");
                }
                log.warn("Leaving out the {}: it has no Connect type (column.unmapped.action=skip)", what);
                continue;
            }
            readers.add(reader);
            indexes.add(i);
            names.add(column.name());
            columns.add(column);
            value.field(column.name(), reader.schema());
        }
        valueSchema = value.build();
        if (plan.keyColumns().isEmpty()) {
            keySchema = null;
        } else {
            SchemaBuilder key = SchemaBuilder.struct();
            for (String k : plan.keyColumns()) {
                int at = names.indexOf(k);
                if (at < 0) {
                    throw new ConnectException("The key column " + k + " of " + plan.describe() + " is not in its result");
                }
                keyFields.add(at);
                key.field(k, readers.get(at).schema());
            }
            keySchema = key.build();
        }
    }

    /** A Connect schema name from the table's name: letters, digits and '_' only, not starting with a digit. */
    private static String schemaName(ReadPlan plan) {
        String raw = plan.table() != null ? plan.table().table() : plan.partition().get(ReadPlan.PARTITION_QUERY);
        String s = raw.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    Schema valueSchema() {
        return valueSchema;
    }

    Schema keySchema() {
        return keySchema;
    }

    /** The index in the result of the named column; -1 when the result lacks it. */
    int resultIndex(String column) {
        int at = names.indexOf(column);
        if (at < 0) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(column)) {
                    at = i;
                    break;
                }
            }
        }
        return at < 0 ? -1 : indexes.get(at);
    }

    ColumnDef column(String name) {
        int at = names.indexOf(name);
        return at < 0 ? null : columns.get(at);
    }

    /** The current row's value. */
    Struct value(ResultSet rs) throws SQLException {
        Struct s = new Struct(valueSchema);
        for (int f = 0; f < readers.size(); f++) {
            s.put(names.get(f), readers.get(f).read(rs, indexes.get(f)));
        }
        return s;
    }

    /** The key of a value this converter made, or null when there is none. */
    Struct key(Struct value) {
        if (keySchema == null) {
            return null;
        }
        Struct k = new Struct(keySchema);
        for (int f : keyFields) {
            k.put(names.get(f), value.get(names.get(f)));
        }
        return k;
    }
}
