package io.tributary.connect.jdbc.types;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;

/**
 * The semantic types Debezium sources emit by default (time.precision.mode=adaptive, decimal
 * handling 'precise'): days, milli-, micro- and nanoseconds as numbers, zoned times as ISO-8601
 * text, variable-scale decimals as structs. Named here so that tables get DATE, TIME, TIMESTAMP,
 * TIMESTAMPTZ and NUMERIC columns and the values land as such, not as BIGINT or JSON.
 */
public final class DebeziumTypes {
    public static final String DATE = "io.debezium.time.Date";
    public static final String TIME = "io.debezium.time.Time";
    public static final String MICRO_TIME = "io.debezium.time.MicroTime";
    public static final String NANO_TIME = "io.debezium.time.NanoTime";
    public static final String TIMESTAMP = "io.debezium.time.Timestamp";
    public static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    public static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    public static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    public static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    /** What a column of a Debezium type holds. */
    public enum Column { DATE, TIME, LOCAL_TIMESTAMP, TIMESTAMP_WITH_ZONE, DECIMAL }

    /** Made once: the per-value normalizer looks them up for every value of a named schema. */
    private static final Map<String, Function<Object, Object>> CONVERTERS = Map.of(
            DATE, guarded(DATE, v -> LocalDate.ofEpochDay(number(v))),
            TIME, guarded(TIME, v -> LocalTime.ofNanoOfDay(Math.multiplyExact(number(v), 1_000_000L))),
            MICRO_TIME, guarded(MICRO_TIME, v -> LocalTime.ofNanoOfDay(Math.multiplyExact(number(v), 1_000L))),
            NANO_TIME, guarded(NANO_TIME, v -> LocalTime.ofNanoOfDay(number(v))),
            TIMESTAMP, guarded(TIMESTAMP, v -> Instant.ofEpochMilli(number(v))),
            MICRO_TIMESTAMP, guarded(MICRO_TIMESTAMP, v -> Instant.EPOCH.plus(number(v), ChronoUnit.MICROS)),
            NANO_TIMESTAMP, guarded(NANO_TIMESTAMP, v -> Instant.EPOCH.plusNanos(number(v))),
            ZONED_TIMESTAMP, guarded(ZONED_TIMESTAMP, v -> OffsetDateTime.parse(v.toString()).toInstant()),
            VARIABLE_SCALE_DECIMAL, guarded(VARIABLE_SCALE_DECIMAL, DebeziumTypes::variableScaleDecimal));

    private DebeziumTypes() {
    }

    /** The column a Debezium semantic type needs, or null for other schema names. */
    public static Column column(String logical) {
        return switch (logical) {
            case DATE -> Column.DATE;
            case TIME, MICRO_TIME, NANO_TIME -> Column.TIME;
            case TIMESTAMP, MICRO_TIMESTAMP, NANO_TIMESTAMP -> Column.LOCAL_TIMESTAMP;
            case ZONED_TIMESTAMP -> Column.TIMESTAMP_WITH_ZONE;
            case VARIABLE_SCALE_DECIMAL -> Column.DECIMAL;
            default -> null;
        };
    }

    /**
     * Turns values of a Debezium semantic type into the Java types writers bind (LocalDate,
     * LocalTime, Instant, BigDecimal); null for other schema names. A value that does not fit its
     * type is a bad record (DataException), not a task failure.
     */
    public static Function<Object, Object> converter(String logical) {
        return CONVERTERS.get(logical);
    }

    private static Function<Object, Object> guarded(String logical, Function<Object, Object> convert) {
        return value -> {
            try {
                return convert.apply(value);
            } catch (DateTimeException | ArithmeticException | ClassCastException | NullPointerException
                     | IllegalArgumentException e) {
                throw new DataException("The value " + value + " is not a valid " + logical + ": " + e.getMessage(), e);
            }
        };
    }

    private static long number(Object v) {
        return ((Number) v).longValue();
    }

    /** Debezium's struct for decimals whose scale varies from value to value: the scale, and the unscaled bytes. */
    public static Schema variableScaleDecimalSchema(boolean optional) {
        SchemaBuilder b = SchemaBuilder.struct().name(VARIABLE_SCALE_DECIMAL).version(1)
                .doc("Variable scaled decimal")
                .field("scale", Schema.INT32_SCHEMA)
                .field("value", Schema.BYTES_SCHEMA);
        return optional ? b.optional().build() : b.build();
    }

    /** A decimal as {@link #variableScaleDecimalSchema}; the sink reads it back to the same BigDecimal. */
    public static Struct variableScaleDecimal(Schema schema, BigDecimal value) {
        return new Struct(schema).put("scale", value.scale()).put("value", value.unscaledValue().toByteArray());
    }

    private static BigDecimal variableScaleDecimal(Object v) {
        Struct s = (Struct) v;
        Object raw = s.get("value");
        byte[] bytes;
        if (raw instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) raw).duplicate();
            bytes = new byte[b.remaining()];
            b.get(bytes);
        } else {
            bytes = (byte[]) raw;
        }
        return new BigDecimal(new BigInteger(bytes), s.getInt32("scale"));
    }
}
