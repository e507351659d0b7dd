package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.jdbc.db.TableId;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Picks a record's table: an explicit {@code table.name.mapping} route, else {@code table.name.format}.
 * Dots in the topic become underscores so that a topic such as {@code shop.orders} names one table,
 * while a literal dot in the format separates the schema.
 */
public final class TableRouter {
    private final Template format;
    private final Map<String, String> mapping;
    private final boolean topicOnly;
    private final boolean formatReadsValue;
    private final Map<String, TableId> byTopic = new HashMap<>();

    public TableRouter(Template format, Map<String, String> mapping) {
        this.format = format;
        this.mapping = Map.copyOf(mapping);
        this.topicOnly = format.roots().isEmpty() || format.roots().equals(java.util.Set.of("topic"));
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

    /** The record's table; a DataException when table.name.format gives it no name. */
    public TableId route(SinkRecord record) {
        String mapped = mapping.get(record.topic());
        if (mapped != null) {
            return byTopic.computeIfAbsent(record.topic(), t -> TableId.parse(mapped));
        }
        if (topicOnly) {
            return byTopic.computeIfAbsent(record.topic(), t -> TableId.parse(render(record)));
        }
        return TableId.parse(render(record));
    }

    private String render(SinkRecord record) {
        SinkRecordResolver resolver = new SinkRecordResolver(record);
        String name = format.render((root, path) -> {
            Object v = resolver.resolve(root, path);
            return "topic".equals(root) && v != null ? v.toString().replace('.', '_') : v;
        });
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
            throw new DataException("table.name.format '" + format + "' gives this record no table name ('" + name
                    + "'): a field or header it names is missing or null");
        }
        return name;
    }
}
