package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.types.JsonText;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ValueNormalizerTest {
    private static final java.util.Date MOMENT = new java.util.Date(1_735_689_600_123L);

    /** The per-column normalizer chosen at plan time gives what per-value normalization gives. */
    @Test
    void perSchemaNormalizationMatchesPerValueNormalization() {
        Schema nested = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        Object[][] cases = {
            {Schema.STRING_SCHEMA, "text"},
            {Schema.INT16_SCHEMA, (short) -3},
            {Schema.INT32_SCHEMA, 7},
            {Schema.INT64_SCHEMA, Long.MIN_VALUE},
            {Schema.FLOAT32_SCHEMA, 1.5f},
            {Schema.FLOAT64_SCHEMA, 0.1},
            {Schema.BOOLEAN_SCHEMA, true},
            {Schema.INT8_SCHEMA, (byte) 5},
            {Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[]{1, 2})},
            {Timestamp.SCHEMA, MOMENT},
            {Date.SCHEMA, new java.util.Date(86_400_000L * 3)},
            {Time.SCHEMA, new java.util.Date(3_600_000L)},
            {Decimal.schema(2), new BigDecimal("12.34")},
            {nested, new Struct(nested).put("a", 1)},
            {SchemaBuilder.array(Schema.INT32_SCHEMA).build(), List.of(1, 2)},
            {null, Map.of("a", 1)},
            {null, MOMENT},
            {Schema.OPTIONAL_STRING_SCHEMA, null},
            {Timestamp.builder().optional().build(), null},
        };
        for (Object[] c : cases) {
            Schema schema = (Schema) c[0];
            Object expected = ValueNormalizer.normalize(c[1], schema);
            Object actual = ValueNormalizer.forSchema(schema).apply(c[1]);
            String label = (schema == null ? "schemaless" : schema.type() + " " + schema.name()) + " " + c[1];
            if (expected instanceof byte[]) {
                assertArrayEquals((byte[]) expected, (byte[]) actual, label);
            } else if (expected instanceof JsonText) {
                assertEquals(((JsonText) expected).json(), ((JsonText) actual).json(), label);
            } else {
                assertEquals(expected, actual, label);
            }
        }
    }

    @Test
    void logicalTypesBecomeJavaTimeAndPlainValuesPassThrough() {
        assertEquals(Instant.ofEpochMilli(1_735_689_600_123L), ValueNormalizer.forSchema(Timestamp.SCHEMA).apply(MOMENT));
        assertEquals(LocalDate.of(1970, 1, 4), ValueNormalizer.forSchema(Date.SCHEMA).apply(new java.util.Date(86_400_000L * 3)));
        assertEquals(LocalTime.of(1, 0), ValueNormalizer.forSchema(Time.SCHEMA).apply(new java.util.Date(3_600_000L)));
        assertEquals((short) 5, ValueNormalizer.forSchema(Schema.INT8_SCHEMA).apply((byte) 5));
        String text = "same instance";
        assertSame(text, ValueNormalizer.forSchema(Schema.STRING_SCHEMA).apply(text));
        assertInstanceOf(JsonText.class, ValueNormalizer.forSchema(null).apply(Map.of("k", Arrays.asList(1, null))));
        assertNull(ValueNormalizer.forSchema(Decimal.schema(0)).apply(null));
    }
}
