package io.tributary.connect.common.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON bytes to Connect values, in two shapes: schemaless (maps, lists and primitives, what
 * JsonConverter with schemas off produces) or a Struct whose schema is inferred from the document.
 */
public final class JsonToConnect {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonToConnect() {
    }

    /** Parses UTF-8 JSON; a syntax error, bad UTF-8 or trailing garbage throws {@link DataException}. */
    public static JsonNode parse(byte[] json) {
        return parse(json, null);
    }

    /** Parses JSON text, as {@link #parse(byte[])} does. */
    public static JsonNode parse(String json) {
        return parse(null, json);
    }

    private static JsonNode parse(byte[] bytes, String text) {
        try {
            JsonNode node = bytes != null ? MAPPER.readTree(bytes) : MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new DataException("empty JSON document");
            }
            return node;
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw new DataException("not valid JSON: " + why, e);
        }
    }

    /** Maps, lists, strings, longs, doubles, booleans and nulls; no schema. */
    public static Object schemaless(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                map.put(f.getKey(), schemaless(f.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(schemaless(item));
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /**
     * The document with an inferred schema: objects become Structs (fields in document order, all
     * optional), integers INT64, other numbers FLOAT64. Arrays take the schema of their first element;
     * an array whose elements differ in type, and JSON null, become optional strings (JSON text), so
     * inference never fails on valid JSON.
     */
    public static SchemaAndValue inferred(JsonNode node) {
        Schema schema = inferSchema(node);
        return new SchemaAndValue(schema, valueOf(node, schema));
    }

    private static Schema inferSchema(JsonNode node) {
        if (node == null || node.isNull()) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        if (node.isObject()) {
            SchemaBuilder struct = SchemaBuilder.struct().optional();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                struct.field(f.getKey(), inferSchema(f.getValue()));
            }
            return struct.build();
        }
        if (node.isArray()) {
            Schema element = null;
            for (JsonNode item : node) {
                Schema s = inferSchema(item);
                if (element == null) {
                    element = s;
                } else if (!element.equals(s)) {
                    element = Schema.OPTIONAL_STRING_SCHEMA;
                    break;
                }
            }
            return SchemaBuilder.array(element == null ? Schema.OPTIONAL_STRING_SCHEMA : element).optional().build();
        }
        if (node.isBoolean()) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        }
        if (node.isNumber() && !node.isIntegralNumber()) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        }
        return Schema.OPTIONAL_STRING_SCHEMA;
    }

    private static Object valueOf(JsonNode node, Schema schema) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (org.apache.kafka.connect.data.Field f : schema.fields()) {
                    struct.put(f, valueOf(node.get(f.name()), f.schema()));
                }
                return struct;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(valueOf(item, schema.valueSchema()));
                }
                return list;
            }
            case BOOLEAN:
                return node.booleanValue();
            case INT64:
                return node.longValue();
            case FLOAT64:
                return node.doubleValue();
            default:
                return node.isTextual() ? node.textValue() : node.toString();
        }
    }

    /** The node at a dotted path such as {@code device.id}, or null. */
    public static JsonNode at(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String part : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** A record key from a JSON node: an integer as INT64, anything else as its text (objects as JSON); null for none. */
    public static SchemaAndValue key(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new SchemaAndValue(null, null);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return new SchemaAndValue(Schema.OPTIONAL_INT64_SCHEMA, node.longValue());
        }
        return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA,
                node.isTextual() ? node.textValue() : node.toString());
    }

    /**
     * A timestamp from a JSON node: epoch milliseconds, or ISO-8601 text with a zone or offset. Anything else throws
     * {@link DataException} saying what the node held.
     */
    public static long epochMillis(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                return java.time.Instant.parse(text).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (java.time.format.DateTimeParseException e2) {
                    throw new DataException("'" + text + "' is neither epoch milliseconds nor ISO-8601", e2);
                }
            }
        }
        throw new DataException(node + " is neither epoch milliseconds nor ISO-8601");
    }
}
