package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig.ChangeEventFormat;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Map;

/**
 * Reads Debezium change events ({@code before}, {@code after}, {@code source}, {@code op}), with
 * a schema or as schemaless JSON, so that CDC topics land without an unwrapping SMT: creates,
 * snapshot reads and updates write their {@code after} row, deletes delete by key, truncate and
 * message events write nothing. Other records pass as they are, unless {@code change.event.format}
 * says every record must be a change event.
 */
public final class ChangeEvents {
    /** What a record asks of the table: the record holding the row (its value the row image), and whether it deletes. */
    public record Change(SinkRecord row, boolean delete) {
        /** True for events that change no row (truncate, message). */
        public boolean writesNothing() {
            return row == null;
        }
    }

    private static final Change NOTHING = new Change(null, false);

    private final ChangeEventFormat format;
    /** The value schema judged last, and whether it is an envelope: records in a row share it. */
    private Schema lastSchema;
    private boolean lastIsEnvelope;

    public ChangeEvents(ChangeEventFormat format) {
        this.format = format;
    }

    /**
     * The change an event makes (a change with no row for events that write nothing), or null when the
     * record is not a change event and is written as it is.
     */
    public Change read(SinkRecord record) {
        if (format == ChangeEventFormat.NONE) {
            return null;
        }
        Object value = record.value();
        if (value instanceof Struct && isEnvelope(record.valueSchema())) {
            Struct event = (Struct) value;
            return change(record, event.getString("op"), event.get("after"), event.schema().field("after").schema(),
                    event.get("before"), event.schema().field("before").schema());
        }
        if (value instanceof Map && isEnvelope((Map<?, ?>) value)) {
            Map<?, ?> event = (Map<?, ?>) value;
            Object op = event.get("op");
            return change(record, op == null ? null : op.toString(), event.get("after"), null, event.get("before"), null);
        }
        if (format == ChangeEventFormat.DEBEZIUM) {
            throw new DataException("The record is not a Debezium change event (a value with before, after, source and "
                    + "op), which change.event.format=debezium requires; set change.event.format=auto to write other "
                    + "records as they are");
        }
        return null;
    }

    private static Change change(SinkRecord record, String op, Object after, Schema afterSchema, Object before,
                                 Schema beforeSchema) {
        if (op == null) {
            throw new DataException("The change event has no 'op'");
        }
        switch (op) {
            case "c":
            case "r":
            case "u":
                if (after == null) {
                    throw new DataException("The change event (op '" + op + "') has no 'after' row image");
                }
                return new Change(withValue(record, afterSchema, after), false);
            case "d":
                // The key columns come from the record key (pk.mode=record_key); the before image, when the
                // source kept it, goes along for what it is worth.
                return new Change(withValue(record, beforeSchema, before), true);
            case "t":
            case "m":
                return NOTHING;
            default:
                throw new DataException("The change event has an unknown op '" + op + "' (expected c, r, u, d, t or m)");
        }
    }

    private static SinkRecord withValue(SinkRecord record, Schema schema, Object value) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema, value,
                record.timestamp(), record.headers());
    }

    private boolean isEnvelope(Schema schema) {
        if (schema != lastSchema) {
            lastSchema = schema;
            lastIsEnvelope = schema != null && schema.type() == Schema.Type.STRUCT && isField(schema, "op", Schema.Type.STRING)
                    && isField(schema, "after", Schema.Type.STRUCT) && isField(schema, "before", Schema.Type.STRUCT)
                    && isField(schema, "source", Schema.Type.STRUCT);
        }
        return lastIsEnvelope;
    }

    private static boolean isField(Schema schema, String name, Schema.Type type) {
        Field f = schema.field(name);
        return f != null && f.schema().type() == type;
    }

    private static boolean isEnvelope(Map<?, ?> value) {
        return value.get("op") instanceof String && value.containsKey("after") && value.containsKey("before")
                && value.get("source") instanceof Map;
    }
}
