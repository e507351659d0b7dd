package io.tributary.connect.common.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Connect values (Struct, Map, List, logical types) to JSON text, the way a json/jsonb column
 * or an HTTP body wants them: decimals as numbers, dates and times as ISO-8601, bytes as base64.
 */
public final class ConnectJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ConnectJson() {
    }

    public static String toJsonText(Object value, Schema schema) {
        try {
            return MAPPER.writeValueAsString(toNode(value, schema));
        } catch (JsonProcessingException e) {
            throw new DataException("Cannot write value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode toNode(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        String logical = schema == null ? null : schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    return NODES.numberNode((BigDecimal) value);
                case Date.LOGICAL_NAME:
                    return NODES.textNode(((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString());
                case Time.LOGICAL_NAME:
                    return NODES.textNode(((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalTime().toString());
                case Timestamp.LOGICAL_NAME:
                    return NODES.textNode(((java.util.Date) value).toInstant().toString());
                default:
                    break;
            }
        }
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            ObjectNode node = NODES.objectNode();
            for (Field f : struct.schema().fields()) {
                node.set(f.name(), toNode(struct.get(f), f.schema()));
            }
            return node;
        }
        if (value instanceof Map) {
            ObjectNode node = NODES.objectNode();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                node.set(String.valueOf(e.getKey()), toNode(e.getValue(), valueSchema));
            }
            return node;
        }
        if (value instanceof Collection) {
            ArrayNode node = NODES.arrayNode();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            for (Object item : (Collection<?>) value) {
                node.add(toNode(item, valueSchema));
            }
            return node;
        }
        if (value instanceof byte[]) {
            return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof java.util.Date) {
            return NODES.textNode(((java.util.Date) value).toInstant().toString());
        }
        if (value instanceof Instant) {
            return NODES.textNode(value.toString());
        }
        return MAPPER.valueToTree(value);
    }
}
