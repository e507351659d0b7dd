package io.tributary.connect.common.convert;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Connect values (Struct, Map, List, logical types) to JSON, the way a json/jsonb column or an HTTP body
 * wants them: decimals as numbers, dates and times as ISO-8601, bytes as base64. Written straight to a
 * streaming generator: no intermediate tree, and no reflection for plain values (it costs more than the
 * rest of a record's path).
 */
public final class ConnectJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ConnectJson() {
    }

    public static String toJsonText(Object value, Schema schema) {
        return new String(toJsonBytes(value, schema), StandardCharsets.UTF_8);
    }

    /**
     * A field's or header's value as text, for a template placeholder or a header: strings as they are, bytes as
     * UTF-8, Structs, Maps and lists as JSON, other scalars as they print (decimals without exponent).
     */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof org.apache.kafka.connect.data.Struct || value instanceof java.util.Map
                || value instanceof java.util.Collection) {
            return toJsonText(value, value instanceof org.apache.kafka.connect.data.Struct s ? s.schema() : null);
        }
        return String.valueOf(value);
    }

    /** The value as UTF-8 JSON. */
    public static byte[] toJsonBytes(Object value, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(generator, value, schema);
        } catch (IOException e) {
            throw new DataException("Cannot write value as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Writes many values one after another on one thread with one generator: creating a generator per value
     * (a recycled-buffer lookup, a context) costs as much as writing a small record.
     */
    public static final class Writer {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private JsonGenerator generator;

        /** The value as UTF-8 JSON. */
        public byte[] toJson(Object value, Schema schema) {
            buffer.reset();
            try {
                if (generator == null) {
                    generator = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
                    generator.setRootValueSeparator(null);
                }
                write(generator, value, schema);
                generator.flush();
            } catch (IOException | RuntimeException e) {
                // A value that failed half way leaves the generator inside it: start the next one afresh.
                generator = null;
                throw e instanceof DataException d ? d : new DataException("Cannot write value as JSON: " + e.getMessage(), e);
            }
            return buffer.toByteArray();
        }
    }

    /** The value as a JSON tree, for callers that inspect it. */
    public static JsonNode toNode(Object value, Schema schema) {
        try {
            return MAPPER.readTree(toJsonBytes(value, schema));
        } catch (IOException e) {
            throw new DataException("Cannot write value as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the value to {@code out}. */
    public static void write(JsonGenerator out, Object value, Schema schema) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        String logical = schema == null ? null : schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    out.writeNumber((BigDecimal) value);
                    return;
                case Date.LOGICAL_NAME:
                    out.writeString(((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString());
                    return;
                case Time.LOGICAL_NAME:
                    out.writeString(((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalTime().toString());
                    return;
                case Timestamp.LOGICAL_NAME:
                    out.writeString(((java.util.Date) value).toInstant().toString());
                    return;
                default:
                    break;
            }
        }
        if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof Float f) {
            out.writeNumber(f);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            out.writeNumber(i);
        } else if (value instanceof Struct struct) {
            out.writeStartObject();
            for (Field f : struct.schema().fields()) {
                out.writeFieldName(f.name());
                write(out, struct.get(f), f.schema());
            }
            out.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeFieldName(String.valueOf(e.getKey()));
                write(out, e.getValue(), valueSchema);
            }
            out.writeEndObject();
        } else if (value instanceof Collection<?> items) {
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            out.writeStartArray();
            for (Object item : items) {
                write(out, item, valueSchema);
            }
            out.writeEndArray();
        } else if (value instanceof byte[] bytes) {
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof java.util.Date date) {
            out.writeString(date.toInstant().toString());
        } else if (value instanceof Instant) {
            out.writeString(value.toString());
        } else {
            // Anything else (a value an SMT made): Jackson's own mapping, the slow path.
            MAPPER.writeValue(out, value);
        }
    }
}
