package io.tributary.connect.common.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.List;

/**
 * A sink record's placeholders for a record whose value is JSON text (a String or bytes, as StringConverter and
 * ByteArrayConverter hand it over): {@code ${value.sku}} reads the field of the parsed document, as it would of a
 * Struct or Map. The value is parsed once, when the first value field is asked for; every other placeholder is
 * the {@link SinkRecordResolver}'s.
 */
public final class JsonTextResolver implements Template.Resolver {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown when a value field is asked for and the value is not JSON; the message names the placeholder. */
    public static final class NotJsonException extends RuntimeException {
        NotJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SinkRecordResolver fields;
    private final Object text;
    private JsonNode parsed;

    private JsonTextResolver(SinkRecord record) {
        this.fields = new SinkRecordResolver(record);
        this.text = record.value();
    }

    /** This resolver for a String or bytes value; the plain {@link SinkRecordResolver} for any other. */
    public static Template.Resolver of(SinkRecord record) {
        Object value = record.value();
        return value instanceof String || value instanceof byte[] ? new JsonTextResolver(record) : new SinkRecordResolver(record);
    }

    @Override
    public Object resolve(String root, List<String> path) {
        if (!root.equals("value") || path.isEmpty()) {
            return fields.resolve(root, path);
        }
        if (parsed == null) {
            try {
                parsed = text instanceof String s ? JSON.readTree(s) : JSON.readTree((byte[]) text);
            } catch (IOException e) {
                throw new NotJsonException("the record's value is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                        + "), so ${value." + String.join(".", path) + "} has nothing to read", e);
            }
        }
        JsonNode node = parsed;
        for (String name : path) {
            node = node == null ? null : node.get(name);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node.isValueNode() ? node.asText() : node.toString();
    }
}
