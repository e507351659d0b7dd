package io.tributary.connect.http.sink;

import io.tributary.connect.common.template.Template;
import io.tributary.connect.http.HttpSinkConfig;
import io.tributary.connect.http.HttpSinkConfig.BodyStrings;
import io.tributary.connect.http.HttpSinkConfig.Tombstones;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordRendererTest {
    private static final Schema ITEM = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA).build();

    private static RecordRenderer renderer(String url, String headers, BodyStrings strings, Tombstones tombstones, int maxBytes) {
        List<Map.Entry<String, Template>> parsed = headers.isEmpty() ? List.of()
                : List.of(Map.entry(headers.split(":")[0], Template.parse(headers.split(":", 2)[1].trim(), HttpSinkConfig.RECORD_ROOTS)));
        return new RecordRenderer(new RecordRenderer.Settings(Template.parse(url, HttpSinkConfig.RECORD_ROOTS), parsed,
                strings, tombstones, maxBytes));
    }

    private static SinkRecord record(Object key, Schema valueSchema, Object value) {
        return new SinkRecord("inventory", 3, null, key, valueSchema, value, 42L, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static String json(RenderedRecord r) {
        return new String(r.json(), StandardCharsets.UTF_8);
    }

    @Test
    void placeholdersFillTheUrlEachValueEncodedAsOnePart() {
        RecordRenderer r = renderer("https://api.example.com/stock/${value.sku}?topic=${topic}&p=${partition}&o=${offset}&t=${timestamp}&k=${key}",
                "", BodyStrings.JSON, Tombstones.SKIP, 10_000);
        Struct item = new Struct(ITEM).put("sku", "A/1 é&x").put("qty", 3);
        RenderedRecord out = r.render(record("k 1", ITEM, item));
        assertEquals("https://api.example.com/stock/A%2F1%20%C3%A9%26x?topic=inventory&p=3&o=42&t=1700000000000&k=k%201",
                out.url().toString());
        assertEquals("{\"sku\":\"A/1 é&x\",\"qty\":3}", json(out));
    }

    @Test
    void aMissingUrlFieldIsABadRecordNamingThePlaceholderAndKey() {
        RecordRenderer r = renderer("http://h/${value.sku}", "", BodyStrings.JSON, Tombstones.SKIP, 10_000);
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> r.render(record(null, null, Map.of("qty", 1))));
        assertTrue(e.getMessage().contains("${value.sku}") && e.getMessage().contains("http.url"), e.getMessage());
    }

    @Test
    void headersTakeRecordValuesButNeverALineBreak() {
        RecordRenderer r = renderer("http://h/x", "X-Sku: ${value.sku}", BodyStrings.JSON, Tombstones.SKIP, 10_000);
        assertEquals(List.of(Map.entry("X-Sku", "A1")), r.render(record(null, null, Map.of("sku", "A1"))).headers());
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> r.render(record(null, null, Map.of("sku", "A1\r\nX-Evil: 1"))));
        assertTrue(e.getMessage().contains("line break"), e.getMessage());
    }

    @Test
    void stringValuesAreJsonTextCheckedOrQuotedAsText() {
        RecordRenderer asJson = renderer("http://h/x", "", BodyStrings.JSON, Tombstones.SKIP, 10_000);
        assertEquals("{\"a\": [1, 2]}", json(asJson.render(record(null, Schema.STRING_SCHEMA, "{\"a\": [1, 2]}"))));
        assertThrows(BadRecordException.class, () -> asJson.render(record(null, Schema.STRING_SCHEMA, "{\"a\": ")));
        assertThrows(BadRecordException.class, () -> asJson.render(record(null, Schema.STRING_SCHEMA, "{} {}")));
        assertThrows(BadRecordException.class, () -> asJson.render(record(null, Schema.STRING_SCHEMA, "plain words")));
        RecordRenderer asText = renderer("http://h/x", "", BodyStrings.TEXT, Tombstones.SKIP, 10_000);
        assertEquals("\"plain \\\"words\\\"\"", json(asText.render(record(null, Schema.STRING_SCHEMA, "plain \"words\""))));
    }

    @Test
    void aJsonTextValueLendsItsFieldsToTheUrl() {
        RecordRenderer r = renderer("http://h/${value.store.id}/${value.sku}", "", BodyStrings.JSON, Tombstones.SKIP, 10_000);
        assertEquals("http://h/7/A%201", r.render(record(null, Schema.STRING_SCHEMA,
                "{\"store\":{\"id\":7},\"sku\":\"A 1\"}")).url().toString());
        assertThrows(BadRecordException.class, () -> r.render(record(null, Schema.STRING_SCHEMA, "{\"sku\":\"A 1\"}")));
    }

    @Test
    void aRecordLargerThanARequestMayBeIsABadRecord() {
        RecordRenderer r = renderer("http://h/x", "", BodyStrings.TEXT, Tombstones.SKIP, 64);
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> r.render(record(null, Schema.STRING_SCHEMA, "x".repeat(100))));
        assertTrue(e.getMessage().contains("batch.max.bytes=64"), e.getMessage());
    }

    @Test
    void tombstonesAreSkippedDeletedOrSentAsNull() {
        assertNull(renderer("http://h/${key}", "", BodyStrings.JSON, Tombstones.SKIP, 100).render(record("k", null, null)));
        RenderedRecord delete = renderer("http://h/${key}", "", BodyStrings.JSON, Tombstones.DELETE, 100)
                .render(record("k", null, null));
        assertTrue(delete.delete());
        assertEquals("http://h/k", delete.url().toString());
        RenderedRecord nullBody = renderer("http://h/${key}", "", BodyStrings.JSON, Tombstones.NULL_BODY, 100)
                .render(record("k", null, null));
        assertEquals("null", json(nullBody));
    }
}
