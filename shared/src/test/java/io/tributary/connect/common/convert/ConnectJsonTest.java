package io.tributary.connect.common.convert;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConnectJsonTest {
    @Test
    void writesStructsWithLogicalTypes() {
        Schema schema = SchemaBuilder.struct()
                .field("price", Decimal.schema(2))
                .field("at", Timestamp.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                .build();
        Struct s = new Struct(schema)
                .put("price", new BigDecimal("12.50"))
                .put("at", new java.util.Date(0))
                .put("tags", List.of("a", "b"))
                .put("raw", new byte[]{1, 2});
        assertEquals("{\"price\":12.50,\"at\":\"1970-01-01T00:00:00Z\",\"tags\":[\"a\",\"b\"],\"raw\":\"AQI=\"}",
                ConnectJson.toJsonText(s, schema));
    }

    @Test
    void writesSchemalessMapsListsAndEveryPlainType() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("i", 1);
        value.put("l", 2L);
        value.put("d", 1.5);
        value.put("f", 2.5f);
        value.put("b", true);
        value.put("s", "é\"q");
        value.put("n", null);
        value.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        value.put("list", List.of(1, "two", Map.of("k", false)));
        assertEquals("{\"i\":1,\"l\":2,\"d\":1.5,\"f\":2.5,\"b\":true,\"s\":\"é\\\"q\",\"n\":null,"
                + "\"big\":123456789012345678901234567890,\"list\":[1,\"two\",{\"k\":false}]}",
                ConnectJson.toJsonText(value, null));
        assertEquals("[1,2]", new String(ConnectJson.toJsonBytes(List.of(1, 2), null), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, ConnectJson.toNode(List.of(1, 2), null).size());
    }

    @Test
    void aWriterReusedForManyValuesWritesEachOnItsOwnAndRecoversFromABadOne() {
        ConnectJson.Writer writer = new ConnectJson.Writer();
        assertEquals("{\"a\":1}", new String(writer.toJson(Map.of("a", 1), null), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("\"x\"", new String(writer.toJson("x", null), java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.connect.errors.DataException.class,
                () -> writer.toJson(Map.of("bad", new Object()), null));
        assertEquals("[1,2]", new String(writer.toJson(List.of(1, 2), null), java.nio.charset.StandardCharsets.UTF_8));
    }
}
