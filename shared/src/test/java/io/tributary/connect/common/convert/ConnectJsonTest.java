package io.tributary.connect.common.convert;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

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
}
