package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.jdbc.JdbcSinkConfig;
import io.tributary.connect.jdbc.JdbcSinkConfig.PkMode;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.StandardDialect;
import io.tributary.connect.jdbc.types.ColumnSpec;
import io.tributary.connect.jdbc.types.SemanticNames;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the key and value columns of a record as {@code pk.mode}, {@code pk.fields},
 * {@code fields.include} and {@code fields.exclude} say. It first makes a {@link Plan}: the
 * columns and, per column, how to read its value. Records with schemas reuse the plan of their
 * schemas (converters hand out the same Schema instance for the same schema), so the per-record
 * work is reading fields; schemaless maps get a plan per record, with schemas inferred from values.
 */
public final class RowExtractor {
    private static final Schema JSON_SCHEMA = SchemaBuilder.string().name(SemanticNames.JSON).optional().build();
    private static final String DEFAULT_KEY_COLUMN = "__connect_key";
    private static final int MAX_CACHED_PLANS = 1000;

    private final PkMode pkMode;
    private final List<String> pkFields;
    private final Set<String> include;
    private final Set<String> exclude;
    private final boolean deleteEnabled;
    private final ChangeEvents changeEvents;
    private final Map<PlanKey, Plan> plans = new HashMap<>();
    /** The plan used last: records in a row nearly always share it, so most skip the map lookup. */
    private PlanKey lastKey;
    private Plan lastPlan;

    public RowExtractor(JdbcSinkConfig config) {
        this.pkMode = config.pkMode();
        this.pkFields = config.pkFields();
        this.include = new HashSet<>(config.fieldsInclude());
        this.exclude = new HashSet<>(config.fieldsExclude());
        this.deleteEnabled = config.deleteEnabled();
        this.changeEvents = new ChangeEvents(config.changeEventFormat());
    }

    /**
     * The row, or null for a record that changes nothing: a tombstone or delete event while deletes are
     * disabled, a truncate or message event.
     */
    public SinkRow extract(SinkRecord record, TableId table) {
        SinkRecord data = record;
        boolean delete = record.value() == null;
        if (!delete) {
            ChangeEvents.Change change = changeEvents.read(record);
            if (change != null) {
                if (change.writesNothing()) {
                    return null;
                }
                data = change.row();
                delete = change.delete();
            }
        }
        if (delete && !deleteEnabled) {
            return null;
        }
        Plan plan = cacheable(data, delete) ? cachedPlan(data, table, delete) : plan(data, table, delete);
        return plan.read(record, data, delete);
    }

    /** Plans depend on schemas only when every part they read has one (no maps, no headers). */
    private boolean cacheable(SinkRecord record, boolean tombstone) {
        if (pkMode == PkMode.RECORD_HEADER || (!tombstone && !(record.value() instanceof Struct))) {
            return false;
        }
        return pkMode != PkMode.RECORD_KEY || (record.key() != null && record.keySchema() != null && !(record.key() instanceof Map));
    }

    private Plan cachedPlan(SinkRecord record, TableId table, boolean tombstone) {
        if (lastKey != null && lastKey.matches(table, record.keySchema(), record.valueSchema(), tombstone)) {
            return lastPlan;
        }
        PlanKey key = new PlanKey(table, record.keySchema(), record.valueSchema(), tombstone);
        Plan plan = plans.get(key);
        if (plan == null) {
            if (plans.size() >= MAX_CACHED_PLANS) {
                plans.clear();
            }
            plan = plan(record, table, tombstone);
            plans.put(key, plan);
        }
        lastKey = key;
        lastPlan = plan;
        return plan;
    }

    private Plan plan(SinkRecord record, TableId table, boolean tombstone) {
        List<ColumnSpec> keyFields = new ArrayList<>();
        List<Reader> keyReaders = new ArrayList<>();
        Set<String> keyNames = new HashSet<>();
        planKey(record, keyFields, keyReaders);
        keyFields.forEach(f -> keyNames.add(f.name()));
        List<ColumnSpec> valueFields = new ArrayList<>();
        List<Reader> valueReaders = new ArrayList<>();
        if (!tombstone) {
            Object value = record.value();
            if (!(value instanceof Struct || value instanceof Map)) {
                throw new DataException("The record value must be a struct (a converter with schemas) or a JSON object, got "
                        + value.getClass().getSimpleName() + "; use a converter with schemas, or an SMT such as "
                        + "HoistField to wrap it");
            }
            // A value field with a key column's name is the same column: the key's value wins.
            planFields(value, null, keyNames, false, valueFields, valueReaders, "value", SinkRecord::value);
        }
        return new Plan(new RecordShape(table, keyFields, valueFields), keyReaders.toArray(new Reader[0]),
                valueReaders.toArray(new Reader[0]));
    }

    private void planKey(SinkRecord record, List<ColumnSpec> fields, List<Reader> readers) {
        switch (pkMode) {
            case NONE:
                return;
            case KAFKA: {
                List<String> names = pkFields.isEmpty() ? JdbcSinkConfig.KAFKA_PK_DEFAULTS : pkFields;
                fields.add(new ColumnSpec(names.get(0), Schema.STRING_SCHEMA, true));
                fields.add(new ColumnSpec(names.get(1), Schema.INT32_SCHEMA, true));
                fields.add(new ColumnSpec(names.get(2), Schema.INT64_SCHEMA, true));
                readers.add(SinkRecordOrigin::topic);
                readers.add(SinkRecordOrigin::partition);
                readers.add(SinkRecordOrigin::offset);
                return;
            }
            case RECORD_KEY: {
                Object key = record.key();
                if (key == null) {
                    throw new DataException("The record key is null, but pk.mode=record_key needs a key to build the primary key");
                }
                if (key instanceof Struct || key instanceof Map) {
                    planFields(key, pkFields.isEmpty() ? null : pkFields, Set.of(), true, fields, readers, "key", SinkRecord::key);
                } else {
                    String name = pkFields.isEmpty() ? DEFAULT_KEY_COLUMN : pkFields.get(0);
                    Schema schema = record.keySchema() != null ? record.keySchema() : infer(key);
                    fields.add(new ColumnSpec(name, schema, true));
                    // An inferred schema only describes the value roughly: normalize it as schemaless.
                    ValueNormalizer.ForSchema normalizer = ValueNormalizer.forSchema(record.keySchema() != null ? schema : null);
                    readers.add(r -> normalizer.apply(r.key()));
                }
                return;
            }
            case RECORD_VALUE: {
                Object value = record.value();
                if (!(value instanceof Struct || value instanceof Map)) {
                    throw new DataException("pk.mode=record_value needs a struct or map value, got "
                            + (value == null ? "null" : value.getClass().getSimpleName()));
                }
                planFields(value, pkFields.isEmpty() ? null : pkFields, Set.of(), true, fields, readers, "value", SinkRecord::value);
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
                    fields.add(new ColumnSpec(name, schema, true));
                    readers.add(r -> ValueNormalizer.normalize(r.headers().lastWithName(name).value(), schema));
                }
                return;
            }
            default:
                throw new IllegalStateException("unknown pk.mode " + pkMode);
        }
    }

    /**
     * Plans the fields of a struct or map. {@code only} restricts to those names (in that order);
     * otherwise all fields in their order, less {@code skip}, and for values less {@code fields.exclude}
     * and outside {@code fields.include} when it is set.
     */
    private void planFields(Object container, List<String> only, Set<String> skip, boolean key, List<ColumnSpec> fields,
                            List<Reader> readers, String where, Reader part) {
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            List<Field> chosen = new ArrayList<>();
            if (only != null) {
                for (String name : only) {
                    Field f = struct.schema().field(name);
                    if (f == null) {
                        throw new DataException("The record " + where + " has no field '" + name + "' named in pk.fields");
                    }
                    chosen.add(f);
                }
            } else {
                for (Field f : struct.schema().fields()) {
                    if (!skip.contains(f.name()) && (key || wanted(f.name()))) {
                        chosen.add(f);
                    }
                }
            }
            for (Field f : chosen) {
                fields.add(new ColumnSpec(f.name(), f.schema(), key));
                ValueNormalizer.ForSchema normalizer = ValueNormalizer.forSchema(f.schema());
                readers.add(r -> normalizer.apply(((Struct) part.read(r)).get(f)));
            }
            return;
        }
        Map<?, ?> map = (Map<?, ?>) container;
        List<String> names = new ArrayList<>();
        if (only != null) {
            for (String name : only) {
                if (!map.containsKey(name)) {
                    throw new DataException("The record " + where + " has no field '" + name + "' named in pk.fields");
                }
                names.add(name);
            }
        } else {
            for (Object k : map.keySet()) {
                String name = String.valueOf(k);
                if (!skip.contains(name) && (key || wanted(name))) {
                    names.add(name);
                }
            }
        }
        for (String name : names) {
            fields.add(new ColumnSpec(name, infer(map.get(name)), key));
            readers.add(r -> ValueNormalizer.normalize(((Map<?, ?>) part.read(r)).get(name), null));
        }
    }

    private boolean wanted(String valueField) {
        return !exclude.contains(valueField) && (include.isEmpty() || include.contains(valueField));
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

    /** Reads one column's normalized value from a record. */
    @FunctionalInterface
    private interface Reader {
        Object read(SinkRecord record);
    }

    /** The columns of a record shape and how to read each. */
    private static final class Plan {
        private final RecordShape shape;
        private final Reader[] keyReaders;
        private final Reader[] valueReaders;

        Plan(RecordShape shape, Reader[] keyReaders, Reader[] valueReaders) {
            this.shape = shape;
            this.keyReaders = keyReaders;
            this.valueReaders = valueReaders;
        }

        /** Reads the columns from {@code data} (the record, or a change event's row image) into a row of {@code record}. */
        SinkRow read(SinkRecord record, SinkRecord data, boolean tombstone) {
            Object[] keys = new Object[keyReaders.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = keyReaders[i].read(data);
            }
            Object[] values = new Object[tombstone ? 0 : valueReaders.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = valueReaders[i].read(data);
            }
            return new SinkRow(record, shape, keys, values, tombstone);
        }
    }

    /** Plans are shared by records whose schemas are the same instances. */
    private static final class PlanKey {
        private final TableId table;
        private final Schema keySchema;
        private final Schema valueSchema;
        private final boolean tombstone;

        PlanKey(TableId table, Schema keySchema, Schema valueSchema, boolean tombstone) {
            this.table = table;
            this.keySchema = keySchema;
            this.valueSchema = valueSchema;
            this.tombstone = tombstone;
        }

        boolean matches(TableId table, Schema keySchema, Schema valueSchema, boolean tombstone) {
            return this.keySchema == keySchema && this.valueSchema == valueSchema && this.tombstone == tombstone
                    && (this.table == table || this.table.equals(table));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlanKey && ((PlanKey) o).matches(table, keySchema, valueSchema, tombstone);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * System.identityHashCode(keySchema) + System.identityHashCode(valueSchema)) + table.hashCode()
                    + (tombstone ? 1 : 0);
        }
    }
}
