package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.jdbc.JdbcSinkConfig;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.StandardDialect;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the key and value columns of a record as {@code pk.mode}, {@code pk.fields},
 * {@code fields.include} and {@code fields.exclude} say. Structs give their schemas; for
 * schemaless maps the schema is inferred from the Java values.
 */
public final class RowExtractor {
    private static final Schema JSON_SCHEMA = SchemaBuilder.string().name(StandardDialect.JSON_SEMANTIC).optional().build();
    private static final String DEFAULT_KEY_COLUMN = "__connect_key";

    private final PkMode pkMode;
    private final List<String> pkFields;
    private final Set<String> include;
    private final Set<String> exclude;
    private final boolean deleteEnabled;

    public RowExtractor(JdbcSinkConfig config) {
        this.pkMode = config.pkMode();
        this.pkFields = config.pkFields();
        this.include = new HashSet<>(config.fieldsInclude());
        this.exclude = new HashSet<>(config.fieldsExclude());
        this.deleteEnabled = config.deleteEnabled();
    }

    /** The row, or null for a tombstone that is not to be applied (deletes disabled). */
    public SinkRow extract(SinkRecord record, TableId table) {
        boolean tombstone = record.value() == null;
        if (tombstone && !deleteEnabled) {
            return null;
        }
        List<SinkField> keyFields = new ArrayList<>();
        List<Object> keyValues = new ArrayList<>();
        Set<String> valueKeyNames = new HashSet<>();
        extractKey(record, keyFields, keyValues, valueKeyNames);
        List<SinkField> valueFields = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (!tombstone) {
            extractValue(record, valueKeyNames, valueFields, values);
        }
        RecordShape shape = new RecordShape(table, keyFields, valueFields);
        return new SinkRow(record, shape, keyValues.toArray(), values.toArray(), tombstone);
    }

    private void extractKey(SinkRecord record, List<SinkField> fields, List<Object> values, Set<String> valueKeyNames) {
        switch (pkMode) {
            case NONE:
                return;
            case KAFKA: {
                List<String> names = pkFields.isEmpty() ? JdbcSinkConfig.KAFKA_PK_DEFAULTS : pkFields;
                fields.add(new SinkField(names.get(0), Schema.STRING_SCHEMA, true));
                fields.add(new SinkField(names.get(1), Schema.INT32_SCHEMA, true));
                fields.add(new SinkField(names.get(2), Schema.INT64_SCHEMA, true));
                valueKeyNames.addAll(names);
                values.add(SinkRecordOrigin.topic(record));
                values.add(SinkRecordOrigin.partition(record));
                values.add(SinkRecordOrigin.offset(record));
                return;
            }
            case RECORD_KEY: {
                Object key = record.key();
                if (key == null) {
                    throw new DataException("The record key is null, but pk.mode=record_key needs a key to build the primary key");
                }
                if (key instanceof Struct || key instanceof Map) {
                    addFields(key, record.keySchema(), pkFields.isEmpty() ? null : pkFields, Set.of(), Set.of(), true, fields, values, "key");
                    // A value field with a key column's name is the same column: the key's value wins.
                    fields.forEach(f -> valueKeyNames.add(f.name()));
                } else {
                    String name = pkFields.isEmpty() ? DEFAULT_KEY_COLUMN : pkFields.get(0);
                    Schema schema = record.keySchema() != null ? record.keySchema() : infer(key);
                    fields.add(new SinkField(name, schema, true));
                    values.add(ValueNormalizer.normalize(key, schema));
                    valueKeyNames.add(name);
                }
                return;
            }
            case RECORD_VALUE: {
                Object value = record.value();
                if (!(value instanceof Struct || value instanceof Map)) {
                    throw new DataException("pk.mode=record_value needs a struct or map value, got "
                            + (value == null ? "null" : value.getClass().getSimpleName()));
                }
                addFields(value, record.valueSchema(), pkFields.isEmpty() ? null : pkFields, Set.of(), Set.of(), true, fields, values, "value");
                fields.forEach(f -> valueKeyNames.add(f.name()));
                return;
            }
            case RECORD_HEADER: {
                for (String name : pkFields) {
                    Header h = record.headers().lastWithName(name);
                    if (h == null || h.value() == null) {
                        throw new DataException("The record has no header '" + name + "', which pk.mode=record_header and "
                                + "pk.fields name as part of the primary key");
                    }
                    Schema schema = h.schema() != null ? h.schema() : infer(h.value());
                    fields.add(new SinkField(name, schema, true));
                    values.add(ValueNormalizer.normalize(h.value(), schema));
                    valueKeyNames.add(name);
                }
                return;
            }
            default:
                throw new IllegalStateException("unknown pk.mode " + pkMode);
        }
    }

    private void extractValue(SinkRecord record, Set<String> keyNames, List<SinkField> fields, List<Object> values) {
        Object value = record.value();
        if (!(value instanceof Struct || value instanceof Map)) {
            throw new DataException("The record value must be a struct (a converter with schemas) or a JSON object, got "
                    + value.getClass().getSimpleName() + "; use a converter with schemas, or an SMT such as "
                    + "HoistField to wrap it");
        }
        addFields(value, record.valueSchema(), null, keyNames, exclude, false, fields, values, "value");
    }

    /**
     * Adds the fields of a struct or map. {@code only} restricts to those names (in that order);
     * otherwise all fields in their order, less {@code skip}, less {@code excluded}, and, for values,
     * only {@code fields.include} when set.
     */
    private void addFields(Object container, Schema schema, List<String> only, Set<String> skip, Set<String> excluded,
                           boolean key, List<SinkField> fields, List<Object> values, String where) {
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            if (only != null) {
                for (String name : only) {
                    Field f = struct.schema().field(name);
                    if (f == null) {
                        throw new DataException("The record " + where + " has no field '" + name + "' named in pk.fields");
                    }
                    fields.add(new SinkField(name, f.schema(), key));
                    values.add(ValueNormalizer.normalize(struct.get(f), f.schema()));
                }
                return;
            }
            for (Field f : struct.schema().fields()) {
                if (skip.contains(f.name()) || excluded.contains(f.name()) || (!key && !include.isEmpty() && !include.contains(f.name()))) {
                    continue;
                }
                fields.add(new SinkField(f.name(), f.schema(), key));
                values.add(ValueNormalizer.normalize(struct.get(f), f.schema()));
            }
            return;
        }
        Map<?, ?> map = (Map<?, ?>) container;
        if (only != null) {
            for (String name : only) {
                if (!map.containsKey(name)) {
                    throw new DataException("The record " + where + " has no field '" + name + "' named in pk.fields");
                }
                Object v = map.get(name);
                fields.add(new SinkField(name, infer(v), key));
                values.add(ValueNormalizer.normalize(v, null));
            }
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (skip.contains(name) || excluded.contains(name) || (!key && !include.isEmpty() && !include.contains(name))) {
                continue;
            }
            fields.add(new SinkField(name, infer(e.getValue()), key));
            values.add(ValueNormalizer.normalize(e.getValue(), null));
        }
    }

    /** A schema for a schemaless value, used only when a table is created or evolved. */
    static Schema infer(Object v) {
        if (v instanceof Boolean) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (v instanceof Float || v instanceof Double) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        if (v instanceof BigDecimal) {
            return Decimal.builder(((BigDecimal) v).scale()).optional().build();
        }
        if (v instanceof byte[] || v instanceof java.nio.ByteBuffer) {
            return Schema.OPTIONAL_BYTES_SCHEMA;
        }
        if (v instanceof Map || v instanceof List) {
            return JSON_SCHEMA;
        }
        return Schema.OPTIONAL_STRING_SCHEMA;
    }
}
