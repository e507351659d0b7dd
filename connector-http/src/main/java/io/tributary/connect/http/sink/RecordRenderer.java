package io.tributary.connect.http.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.common.template.JsonTextResolver;
import io.tributary.connect.common.template.SinkRecordResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.HttpSinkConfig.BodyStrings;
import io.tributary.connect.http.HttpSinkConfig.Tombstones;
import io.tributary.connect.http.client.HttpUrls;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns a sink record into a {@link RenderedRecord}: its URL (placeholders filled and URL-encoded),
 * its headers, and its value as JSON bytes. Each way a record can fail is a named rule, thrown as a
 * {@link BadRecordException} whose message names the key to change.
 */
public final class RecordRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    /** The JSON of a tombstone sent as null; compared by identity, so a value that reads "null" is not one. */
    static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.US_ASCII);

    /** The settings that shape a record's request. */
    public record Settings(Template url, List<Map.Entry<String, Template>> headers, BodyStrings strings,
                           Tombstones tombstones, int maxBytes) {
    }

    private final Settings settings;
    /** Renders on the task thread only, so one writer serves every record. */
    private final ConnectJson.Writer jsonWriter = new ConnectJson.Writer();
    private final URI constantUrl;
    private final List<Map.Entry<String, String>> constantHeaders;

    public RecordRenderer(Settings settings) {
        this.settings = settings;
        this.constantUrl = settings.url().isConstant() ? URI.create(settings.url().toString()) : null;
        this.constantHeaders = settings.headers().stream().allMatch(h -> h.getValue().isConstant())
                ? settings.headers().stream().map(h -> Map.entry(h.getKey(), h.getValue().toString())).toList() : null;
    }

    /** The record's request parts, or null for a tombstone that is skipped. */
    public RenderedRecord render(SinkRecord record) {
        boolean tombstone = record.value() == null;
        if (tombstone && settings.tombstones() == Tombstones.SKIP) {
            return null;
        }
        URI url = constantUrl != null ? constantUrl : url(record);
        List<Map.Entry<String, String>> headers = constantHeaders != null ? constantHeaders : headers(record);
        if (tombstone) {
            boolean delete = settings.tombstones() == Tombstones.DELETE;
            return new RenderedRecord(url, headers, delete ? null : NULL_JSON, delete);
        }
        byte[] json = valueJson(record.value(), record);
        if (json.length > settings.maxBytes()) {
            throw new BadRecordException("the record's JSON is " + json.length + " bytes, more than a request may hold "
                    + "(batch.max.bytes=" + settings.maxBytes() + "); raise batch.max.bytes if the endpoint takes "
                    + "bodies that large");
        }
        return new RenderedRecord(url, headers, json, false);
    }

    private URI url(SinkRecord record) {
        Template.Resolver resolver = resolver(record);
        String text = render(settings.url(), (root, path) -> HttpUrls.encode(ConnectJson.text(required(resolver, root, path, "http.url"))));
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null) {
                throw new URISyntaxException(text, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BadRecordException("http.url renders '" + text + "' for this record, which is not a URL ("
                    + e.getReason() + "); change http.url");
        }
    }

    private List<Map.Entry<String, String>> headers(SinkRecord record) {
        Template.Resolver resolver = resolver(record);
        List<Map.Entry<String, String>> out = new ArrayList<>(settings.headers().size());
        for (Map.Entry<String, Template> header : settings.headers()) {
            String value = render(header.getValue(), (root, path) -> ConnectJson.text(required(resolver, root, path, "http.headers")));
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new BadRecordException("header " + header.getKey() + " would hold a line break from the record; "
                        + "change http.headers to take that value from another field");
            }
            out.add(Map.entry(header.getKey(), value));
        }
        return out;
    }

    /**
     * The record's fields; with body.strings=json a string or bytes value is JSON text, so ${value.sku} reads
     * the field of the parsed document, as it would of a struct or map.
     */
    private Template.Resolver resolver(SinkRecord record) {
        return settings.strings() == BodyStrings.JSON ? JsonTextResolver.of(record) : new SinkRecordResolver(record);
    }

    private static String render(Template template, Template.Resolver resolver) {
        try {
            return template.render(resolver);
        } catch (JsonTextResolver.NotJsonException e) {
            throw new BadRecordException(e.getMessage() + "; with body.strings=json string values must be JSON documents", e);
        }
    }

    private static Object required(Template.Resolver resolver, String root, List<String> path, String key) {
        Object value = resolver.resolve(root, path);
        if (value == null) {
            String placeholder = "${" + root + (path.isEmpty() ? "" : "." + String.join(".", path)) + "}";
            throw new BadRecordException("the record has no value for " + placeholder + " in " + key
                    + "; fix the record or change " + key);
        }
        return value;
    }

    private byte[] valueJson(Object value, SinkRecord record) {
        try {
            if (value instanceof String s) {
                return settings.strings() == BodyStrings.TEXT ? JSON.writeValueAsBytes(s)
                        : checkedJson(s.getBytes(StandardCharsets.UTF_8));
            }
            if (value instanceof byte[] || value instanceof ByteBuffer) {
                byte[] bytes = value instanceof byte[] b ? b : bytes((ByteBuffer) value);
                return settings.strings() == BodyStrings.TEXT
                        ? JSON.writeValueAsBytes(Base64.getEncoder().encodeToString(bytes)) : checkedJson(bytes);
            }
            return jsonWriter.toJson(value, record.valueSchema());
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadRecordException bad) {
                throw bad;
            }
            throw new BadRecordException("the record's value cannot be written as JSON (" + e.getMessage() + ")", e);
        }
    }

    /** The bytes, once they parse as exactly one JSON document. */
    private static byte[] checkedJson(byte[] bytes) throws IOException {
        try (JsonParser parser = JSON_FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadRecordException("the record's value is empty, not JSON; with body.strings=json string "
                        + "values must be JSON documents (use body.strings=text to send text)");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new BadRecordException("the record's value holds more than one JSON document; with "
                        + "body.strings=json string values must be one JSON document (use body.strings=text to send text)");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRecordException("the record's value is not JSON (" + e.getOriginalMessage() + "); with "
                    + "body.strings=json string values must be JSON documents (use body.strings=text to send text)", e);
        }
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
