package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks a record's table: an explicit {@code table.name.mapping} route, else {@code table.name.format}.
 * Only the configuration's own text can name a schema: a literal dot in the format (or the mapping)
 * separates it from the table, while whatever a placeholder substitutes from a record stays one name,
 * dots and all ({@link Template#splitAtLiteral}). Dots in the topic become underscores, so that a topic
 * such as {@code shop.orders} names one table {@code shop_orders}. A schema that the record's own data
 * names is never a system schema.
 */
public final class TableRouter {
    private final Template format;
    /** The format's schema part, or null when it names none (the connection's current schema applies). */
    private final Template schemaFormat;
    private final Template tableFormat;
    private final Map<String, String> mapping;
    private final Predicate<String> systemSchema;
    private final boolean topicOnly;
    private final boolean formatReadsValue;
    private final Map<String, TableId> byTopic = new HashMap<>();

    public TableRouter(Template format, Map<String, String> mapping, Dialect dialect) {
        this(format, mapping, dialect::isSystemSchema);
    }

    TableRouter(Template format, Map<String, String> mapping, Predicate<String> systemSchema) {
        List<Template> parts = format.splitAtLiteral('.');
        if (parts.size() > 2) {
            throw new IllegalArgumentException("table.name.format '" + format + "' has more than one literal '.'");
        }
        this.format = format;
        this.schemaFormat = parts.size() == 2 ? parts.get(0) : null;
        this.tableFormat = parts.get(parts.size() - 1);
        this.mapping = Map.copyOf(mapping);
        this.systemSchema = systemSchema;
        this.topicOnly = format.roots().isEmpty() || format.roots().equals(Set.of("topic"));
        this.formatReadsValue = format.roots().contains("value");
    }

    /**
     * Whether this record's table depends on its value (no table.name.mapping route, and the format
     * reads the value). A tombstone then names no table: Debezium's tombstones follow the delete event
     * that already removed the row.
     */
    public boolean readsValue(SinkRecord record) {
        return formatReadsValue && !mapping.containsKey(record.topic());
    }

    /** The record's table; a DataException (a bad record) when table.name.format gives it none that may be used. */
    public TableId route(SinkRecord record) {
        String mapped = mapping.get(record.topic());
        if (mapped != null) {
            return byTopic.computeIfAbsent(record.topic(), t -> TableId.parse(mapped));
        }
        if (topicOnly) {
            return byTopic.computeIfAbsent(record.topic(), t -> render(record));
        }
        return render(record);
    }

    private TableId render(SinkRecord record) {
        SinkRecordResolver resolver = new SinkRecordResolver(record);
        Template.Resolver names = (root, path) -> {
            Object v = resolver.resolve(root, path);
            return "topic".equals(root) && v != null ? v.toString().replace('.', '_') : v;
        };
        String schema = schemaFormat == null ? null : schemaFormat.render(names);
        String table = tableFormat.render(names);
        if (table.isEmpty() || (schema != null && schema.isEmpty())) {
            throw new DataException("table.name.format '" + format + "' gives this record no " + (table.isEmpty() ? "table"
                    : "schema") + " name (it resolved to '" + (schema == null ? "" : schema + ".") + table + "'): a field "
                    + "or header it names is missing or null");
        }
        if (schema != null && !schemaFormat.isConstant() && systemSchema.test(schema)) {
            throw new DataException("table.name.format '" + format + "' resolved to " + schema + "." + table + " from the "
                    + "record's data, and " + schema + " is a system schema, which a record never chooses; name it literally "
                    + "in table.name.format or table.name.mapping if that is the target");
        }
        return new TableId(schema, table);
    }
}
