package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.convert.JsonToConnect;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a page's JSON body into records: the array at a JSON pointer (an empty pointer: the body itself), each
 * element one record, or one record when the pointer finds an object. Each record gets its key and timestamp from
 * JSON pointers into it, and its value as schemaless JSON, a Struct with an inferred schema, or the element's JSON
 * text. What cannot be read throws an {@link ExtractionException} naming the rule and the pointer.
 */
public final class RecordExtractor {
    /** How a record's value is written. */
    public enum ValueFormat implements io.tributary.connect.common.config.ConfigChoice { SCHEMALESS, INFERRED, TEXT }

    /** Where the records, their keys and timestamps are; empty pointers for key and timestamp: none. */
    public record Settings(JsonPointer records, JsonPointer key, JsonPointer timestamp, ValueFormat value) {
    }

    /** One record as read: key, value, its timestamp (null: none in the record) and its JSON. */
    public record Extracted(SchemaAndValue key, SchemaAndValue value, Long timestampMillis, JsonNode node) {
    }

    /** A record that could not be read, with why. */
    public record Rejected(JsonNode node, ExtractionException cause) {
    }

    /** A page's records: those read, in order, and those that could not be. */
    public record Extraction(List<Extracted> records, List<Rejected> rejected) {
    }

    /** A body that does not hold records where the settings say, or a record whose timestamp cannot be read. */
    public static final class ExtractionException extends RuntimeException {
        public ExtractionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;

    public RecordExtractor(Settings settings) {
        this.settings = settings;
    }

    /**
     * The page's records; a body without records where the pointer says throws, a record that cannot be read
     * is rejected on its own.
     */
    public Extraction extract(JsonNode body) {
        JsonNode found = body.at(settings.records());
        if (found.isMissingNode()) {
            throw new ExtractionException("the records pointer '" + settings.records() + "' matches nothing in the body", null);
        }
        if (found.isNull()) {
            return new Extraction(List.of(), List.of());
        }
        if (!found.isArray() && !found.isObject()) {
            throw new ExtractionException("the records pointer '" + settings.records() + "' finds " + found.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT) + ", not an array of records or one record", null);
        }
        List<Extracted> out = new ArrayList<>(found.isArray() ? found.size() : 1);
        List<Rejected> rejected = new ArrayList<>(0);
        for (JsonNode element : found.isArray() ? found : List.of(found)) {
            try {
                out.add(record(element));
            } catch (ExtractionException e) {
                rejected.add(new Rejected(element, e));
            }
        }
        return new Extraction(out, rejected);
    }

    private Extracted record(JsonNode node) {
        SchemaAndValue key = settings.key().matches() ? new SchemaAndValue(null, null) : JsonToConnect.key(node.at(settings.key()));
        Long timestamp = null;
        if (!settings.timestamp().matches()) {
            JsonNode ts = node.at(settings.timestamp());
            if (!ts.isMissingNode() && !ts.isNull()) {
                try {
                    timestamp = JsonToConnect.epochMillis(ts);
                } catch (DataException e) {
                    throw new ExtractionException("the timestamp at '" + settings.timestamp() + "': " + e.getMessage(), e);
                }
            }
        }
        SchemaAndValue value = switch (settings.value()) {
            case SCHEMALESS -> new SchemaAndValue(null, JsonToConnect.schemaless(node));
            case INFERRED -> JsonToConnect.inferred(node);
            case TEXT -> new SchemaAndValue(Schema.STRING_SCHEMA, node.toString());
        };
        return new Extracted(key, value, timestamp, node);
    }
}
