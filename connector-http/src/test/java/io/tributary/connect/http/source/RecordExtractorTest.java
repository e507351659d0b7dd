package io.tributary.connect.http.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "{\"data\":{\"prices\":[{\"sku\":\"A-1\",\"id\":7,\"price\":1.5,\"at\":\"2026-12-03T10:00:00Z\"},"
            + "{\"sku\":\"B-2\",\"id\":8,\"price\":2.25,\"at\":1796300000000}]},\"next\":null}";

    private static RecordExtractor extractor(String records, String key, String timestamp, RecordExtractor.ValueFormat value) {
        return new RecordExtractor(new RecordExtractor.Settings(JsonPointer.compile(records), JsonPointer.compile(key),
                JsonPointer.compile(timestamp), value));
    }

    @Test
    void theArrayAtThePointerSplitsIntoRecordsWithKeysAndTimestamps() throws Exception {
        List<RecordExtractor.Extracted> records = extractor("/data/prices", "/sku", "/at", RecordExtractor.ValueFormat.SCHEMALESS)
                .extract(JSON.readTree(PAGE)).records();
        assertEquals(2, records.size());
        assertEquals("A-1", records.get(0).key().value());
        assertEquals(1796292000000L, records.get(0).timestampMillis(), "ISO-8601");
        assertEquals(1796300000000L, records.get(1).timestampMillis(), "epoch milliseconds");
        assertEquals(2.25, ((Map<?, ?>) records.get(1).value().value()).get("price"));
        assertNull(records.get(0).value().schema(), "schemaless");
    }

    @Test
    void valuesMayBeStructsWithAnInferredSchemaOrTheirJsonText() throws Exception {
        RecordExtractor.Extracted inferred = extractor("/data/prices", "/id", "", RecordExtractor.ValueFormat.INFERRED)
                .extract(JSON.readTree(PAGE)).records().get(0);
        assertEquals(7L, inferred.key().value());
        assertEquals(Schema.Type.INT64, inferred.key().schema().type());
        assertEquals("A-1", ((Struct) inferred.value().value()).get("sku"));
        assertNull(inferred.timestampMillis(), "no timestamp pointer");
        RecordExtractor.Extracted text = extractor("/data/prices", "", "", RecordExtractor.ValueFormat.TEXT)
                .extract(JSON.readTree(PAGE)).records().get(1);
        assertTrue(text.value().value().toString().startsWith("{\"sku\":\"B-2\""));
        assertNull(text.key().value());
    }

    @Test
    void theBodyItselfOrOneObjectIsAlsoARecordSet() throws Exception {
        assertEquals(3, extractor("", "", "", RecordExtractor.ValueFormat.SCHEMALESS).extract(JSON.readTree("[1,2,3]")).records().size());
        assertEquals(1, extractor("/data", "", "", RecordExtractor.ValueFormat.SCHEMALESS)
                .extract(JSON.readTree("{\"data\":{\"sku\":\"A\"}}")).records().size());
        assertEquals(0, extractor("/data/prices", "", "", RecordExtractor.ValueFormat.SCHEMALESS)
                .extract(JSON.readTree("{\"data\":{\"prices\":null}}")).records().size(), "null: no records");
    }

    @Test
    void aPointerThatFindsNothingOrAnUnreadableTimestampIsNamed() throws Exception {
        RecordExtractor.ExtractionException missing = assertThrows(RecordExtractor.ExtractionException.class,
                () -> extractor("/items", "", "", RecordExtractor.ValueFormat.SCHEMALESS).extract(JSON.readTree(PAGE)));
        assertTrue(missing.getMessage().contains("'/items' matches nothing"), missing.getMessage());
        RecordExtractor.ExtractionException scalar = assertThrows(RecordExtractor.ExtractionException.class,
                () -> extractor("/next", "", "", RecordExtractor.ValueFormat.SCHEMALESS)
                        .extract(JSON.readTree("{\"next\":\"abc\"}")));
        assertTrue(scalar.getMessage().contains("finds string"), scalar.getMessage());
        RecordExtractor.Extraction oneBad = extractor("", "", "/at", RecordExtractor.ValueFormat.SCHEMALESS)
                .extract(JSON.readTree("[{\"at\":\"yesterday\"},{\"at\":5}]"));
        assertEquals(1, oneBad.records().size(), "the readable record stays");
        assertEquals(1, oneBad.rejected().size());
        String why = oneBad.rejected().get(0).cause().getMessage();
        assertTrue(why.contains("'yesterday' is neither"), why);
    }
}
