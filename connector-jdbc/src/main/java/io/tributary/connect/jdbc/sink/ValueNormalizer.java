package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.jdbc.types.DebeziumTypes;
import io.tributary.connect.jdbc.types.JsonText;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a Connect value into the few Java types writers bind: BigDecimal, LocalDate, LocalTime,
 * Instant, byte[], List (arrays of primitives), {@link JsonText} (structs, maps, nested lists),
 * and the boxed primitives and String.
 */
public final class ValueNormalizer {
    private ValueNormalizer() {
    }

    /** Normalizes the values of one column. */
    @FunctionalInterface
    public interface ForSchema {
        Object apply(Object value);
    }

    /**
     * The normalization for every value of one schema, chosen once (when a row plan is made) rather
     * than per value: most columns are plain strings and numbers, which pass through untouched.
     */
    public static ForSchema forSchema(Schema schema) {
        if (schema == null) {
            return value -> normalize(value, null);
        }
        if (schema.name() == null) {
            switch (schema.type()) {
                case INT16:
                case INT32:
                case INT64:
                case FLOAT32:
                case FLOAT64:
                case BOOLEAN:
                case STRING:
                    return value -> value;
                default:
                    break;
            }
        } else if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return value -> value == null ? null : ((java.util.Date) value).toInstant();
        } else {
            java.util.function.Function<Object, Object> debezium = DebeziumTypes.converter(schema.name());
            if (debezium != null) {
                return value -> value == null ? null : debezium.apply(value);
            }
        }
        return value -> normalize(value, schema);
    }

    public static Object normalize(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        String logical = schema == null ? null : schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    return value instanceof BigDecimal ? value : new BigDecimal(value.toString());
                case Date.LOGICAL_NAME:
                    return LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
                case Time.LOGICAL_NAME:
                    return LocalTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
                case Timestamp.LOGICAL_NAME:
                    return ((java.util.Date) value).toInstant();
                default:
                    java.util.function.Function<Object, Object> debezium = DebeziumTypes.converter(logical);
                    if (debezium != null) {
                        return debezium.apply(value);
                    }
                    break;
            }
        }
        if (value instanceof Struct || value instanceof Map) {
            return new JsonText(ConnectJson.toJsonText(value, schema));
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            Schema element = schema == null ? null : schema.valueSchema();
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item instanceof Struct || item instanceof Map || item instanceof List) {
                    return new JsonText(ConnectJson.toJsonText(value, schema));
                }
                out.add(normalize(item, element));
            }
            return out;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        }
        if (value instanceof Byte) {
            return ((Byte) value).shortValue();
        }
        if (value instanceof java.util.Date) {
            return ((java.util.Date) value).toInstant();
        }
        return value;
    }
}
