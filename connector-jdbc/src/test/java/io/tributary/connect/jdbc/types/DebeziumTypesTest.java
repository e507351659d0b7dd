package io.tributary.connect.jdbc.types;

import io.tributary.connect.jdbc.dialect.MariaDbDialect;
import io.tributary.connect.jdbc.dialect.PostgresDialect;
import io.tributary.connect.jdbc.sink.ValueNormalizer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DebeziumTypesTest {
    private static Schema named(Schema.Type type, String name) {
        return new SchemaBuilder(type).name(name).optional().build();
    }

    private static Object normalized(Schema schema, Object value) {
        Object perSchema = ValueNormalizer.forSchema(schema).apply(value);
        assertEquals(perSchema, ValueNormalizer.normalize(value, schema), "both normalizer paths agree for " + schema.name());
        return perSchema;
    }

    @Test
    void temporalValuesBecomeDatesTimesAndInstants() {
        assertEquals(LocalDate.of(1969, 12, 31), normalized(named(Schema.Type.INT32, DebeziumTypes.DATE), -1));
        assertEquals(LocalTime.of(1, 0, 1, 234_000_000), normalized(named(Schema.Type.INT32, DebeziumTypes.TIME), 3_601_234));
        assertEquals(LocalTime.of(23, 59, 59, 999_999_000),
                normalized(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIME), 86_399_999_999L));
        assertEquals(LocalTime.of(0, 0, 0, 7), normalized(named(Schema.Type.INT64, DebeziumTypes.NANO_TIME), 7L));
        assertEquals(Instant.parse("2023-11-14T22:13:20.123Z"),
                normalized(named(Schema.Type.INT64, DebeziumTypes.TIMESTAMP), 1_700_000_000_123L));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"),
                normalized(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIMESTAMP), -1L), "before 1970");
        assertEquals(Instant.parse("2023-11-14T22:13:20.123456789Z"),
                normalized(named(Schema.Type.INT64, DebeziumTypes.NANO_TIMESTAMP), 1_700_000_000_123_456_789L));
        assertEquals(Instant.parse("2021-03-01T10:00:00.123456Z"),
                normalized(named(Schema.Type.STRING, DebeziumTypes.ZONED_TIMESTAMP), "2021-03-01T12:00:00.123456+02:00"));
        assertNull(normalized(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIMESTAMP), null));
    }

    @Test
    void variableScaleDecimalsKeepTheirScale() {
        Schema schema = SchemaBuilder.struct().name(DebeziumTypes.VARIABLE_SCALE_DECIMAL).optional()
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Struct v = new Struct(schema).put("scale", 3).put("value", new BigDecimal("-12.345").unscaledValue().toByteArray());
        assertEquals(new BigDecimal("-12.345"), normalized(schema, v));
        Struct buffered = new Struct(schema).put("scale", 0).put("value", ByteBuffer.wrap(new byte[]{1, 0}));
        assertEquals(new BigDecimal("256"), normalized(schema, buffered));
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsABadRecord() {
        assertThrows(DataException.class, () -> normalized(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIME), 86_400_000_001L));
        assertThrows(DataException.class, () -> normalized(named(Schema.Type.STRING, DebeziumTypes.ZONED_TIMESTAMP), "yesterday"));
    }

    @Test
    void tablesGetTemporalAndNumericColumns() {
        PostgresDialect pg = new PostgresDialect();
        MariaDbDialect maria = new MariaDbDialect();
        assertEquals("DATE", pg.columnType(named(Schema.Type.INT32, DebeziumTypes.DATE), false));
        assertEquals("TIMESTAMP", pg.columnType(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIMESTAMP), false));
        assertEquals("TIMESTAMPTZ", pg.columnType(named(Schema.Type.STRING, DebeziumTypes.ZONED_TIMESTAMP), false));
        assertEquals("TIME", pg.columnType(named(Schema.Type.INT64, DebeziumTypes.MICRO_TIME), false));
        assertEquals("NUMERIC", pg.columnType(named(Schema.Type.STRUCT, DebeziumTypes.VARIABLE_SCALE_DECIMAL), false));
        assertEquals("DATETIME(6)", maria.columnType(named(Schema.Type.INT64, DebeziumTypes.NANO_TIMESTAMP), false));
        assertEquals("DECIMAL(65,30)", maria.columnType(named(Schema.Type.STRUCT, DebeziumTypes.VARIABLE_SCALE_DECIMAL), false));
    }
}
