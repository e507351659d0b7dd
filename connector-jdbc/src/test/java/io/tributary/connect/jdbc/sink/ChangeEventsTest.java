package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig.ChangeEventFormat;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeEventsTest {
    private static final Schema KEY = SchemaBuilder.struct().name("db.inv.items.Key").field("id", Schema.INT64_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("db.inv.items.Value").optional()
            .field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("table", Schema.STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("db.inv.items.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE).field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    private final ChangeEvents auto = new ChangeEvents(ChangeEventFormat.AUTO);

    @Test
    void createsReadsAndUpdatesWriteTheAfterImageAndKeepTheRecordsPlace() {
        for (String op : new String[]{"c", "r", "u"}) {
            SinkRecord record = event(op, row(1, "old"), row(1, "new"));
            ChangeEvents.Change change = auto.read(record);
            assertFalse(change.delete(), op);
            assertSame(ROW, change.row().valueSchema(), op);
            assertEquals("new", ((Struct) change.row().value()).getString("name"), op);
            assertEquals(42L, change.row().kafkaOffset(), op);
            assertEquals(record.key(), change.row().key(), op);
            assertEquals("items", change.row().topic(), op);
        }
    }

    @Test
    void deletesDeleteByKeyAndTruncatesAndMessagesWriteNothing() {
        ChangeEvents.Change delete = auto.read(event("d", row(1, "gone"), null));
        assertTrue(delete.delete());
        assertEquals(1L, ((Struct) delete.row().key()).getInt64("id"));
        assertTrue(auto.read(event("t", null, null)).writesNothing());
        assertTrue(auto.read(event("m", null, null)).writesNothing());
    }

    @Test
    void schemalessEventsAreReadToo() {
        Map<String, Object> after = Map.of("id", 7L, "name", "x");
        Map<String, Object> value = new HashMap<>();
        value.put("before", null);
        value.put("after", after);
        value.put("source", Map.of("table", "items"));
        value.put("op", "c");
        ChangeEvents.Change change = auto.read(new SinkRecord("items", 0, null, Map.of("id", 7L), null, value, 3));
        assertEquals(after, change.row().value());
        assertNull(change.row().valueSchema());
        value.put("op", "d");
        assertTrue(auto.read(new SinkRecord("items", 0, null, Map.of("id", 7L), null, value, 4)).delete());
    }

    @Test
    void otherRecordsPassUnlessEveryRecordMustBeAnEvent() {
        Struct plain = row(1, "plain");
        SinkRecord record = new SinkRecord("items", 0, KEY, new Struct(KEY).put("id", 1L), ROW, plain, 1);
        assertNull(auto.read(record), "not an event: written as it is");
        assertNull(auto.read(new SinkRecord("items", 0, null, null, null, Map.of("op", "c", "after", Map.of()), 2)),
                "a map without before and source is not an event");
        DataException e = assertThrows(DataException.class, () -> new ChangeEvents(ChangeEventFormat.DEBEZIUM).read(record));
        assertTrue(e.getMessage().contains("change.event.format"), e.getMessage());
        assertNull(new ChangeEvents(ChangeEventFormat.NONE).read(event("c", null, row(1, "a"))), "none: events are plain records");
    }

    @Test
    void malformedEventsAreBadRecords() {
        assertThrows(DataException.class, () -> auto.read(event("c", null, null)), "a create without its row");
        DataException unknown = assertThrows(DataException.class, () -> auto.read(event("x", null, row(1, "a"))));
        assertTrue(unknown.getMessage().contains("'x'"), unknown.getMessage());
    }

    private static Struct row(long id, String name) {
        return new Struct(ROW).put("id", id).put("name", name);
    }

    private static SinkRecord event(String op, Struct before, Struct after) {
        Struct value = new Struct(ENVELOPE).put("before", before).put("after", after)
                .put("source", new Struct(SOURCE).put("table", "items")).put("op", op);
        return new SinkRecord("items", 0, KEY, new Struct(KEY).put("id", 1L), ENVELOPE, value, 42);
    }
}
