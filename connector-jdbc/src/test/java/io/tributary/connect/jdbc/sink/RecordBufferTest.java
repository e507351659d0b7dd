package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.types.ColumnSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordBufferTest {
    private static final TableId T = new TableId(null, "t");
    private static final RecordShape AB = new RecordShape(T, List.of(new ColumnSpec("k", Schema.INT64_SCHEMA, true)),
            List.of(new ColumnSpec("a", Schema.STRING_SCHEMA, false)));
    private static final RecordShape ABC = new RecordShape(T, List.of(new ColumnSpec("k", Schema.INT64_SCHEMA, true)),
            List.of(new ColumnSpec("a", Schema.STRING_SCHEMA, false), new ColumnSpec("c", Schema.STRING_SCHEMA, false)));
    private static final RecordShape KEY_ONLY = new RecordShape(T, List.of(new ColumnSpec("k", Schema.INT64_SCHEMA, true)), List.of());

    private static SinkRow row(RecordShape shape, int partition, long offset, long key, boolean delete, Object... values) {
        return new SinkRow(new SinkRecord("topic", partition, null, key, null, delete ? null : "v", offset), shape,
                new Object[]{key}, values, delete);
    }

    @Test
    void lastWriteWinsPerKeyInArrivalOrder() {
        RecordBuffer b = new RecordBuffer(true);
        b.add(row(AB, 0, 0, 1, false, "x"));
        b.add(row(AB, 0, 1, 2, false, "y"));
        b.add(row(AB, 0, 2, 1, false, "z"));
        b.add(row(KEY_ONLY, 0, 3, 2, true));
        assertEquals(2, b.size());
        assertEquals(1, b.runs().size(), "a delete joins the run with the same key columns");
        List<SinkRow> rows = b.runs().get(0).rows();
        assertEquals(1L, rows.get(0).keyValues()[0]);
        assertEquals("z", rows.get(0).values()[0]);
        assertEquals(true, rows.get(1).isDelete());
    }

    @Test
    void aNewShapeStartsANewRunAndKeepsOrder() {
        RecordBuffer b = new RecordBuffer(true);
        b.add(row(AB, 0, 0, 1, false, "x"));
        b.add(row(ABC, 0, 1, 1, false, "y", "c"));
        b.add(row(AB, 0, 2, 1, false, "z"));
        assertEquals(3, b.runs().size());
        assertEquals(3, b.size());
        RecordBuffer.Run reported = b.runs().get(1);
        b.remove(reported);
        assertEquals(2, b.size());
        assertEquals(2, b.runs().size());
        b.remove(reported);
        assertEquals(2, b.size(), "a run leaves once");
    }

    @Test
    void insertModeKeepsEveryRowAndDroppedPartitionsLeave() {
        RecordBuffer b = new RecordBuffer(false);
        b.add(row(AB, 0, 0, 1, false, "x"));
        b.add(row(AB, 1, 0, 1, false, "x"));
        b.add(row(AB, 0, 1, 1, false, "x"));
        assertEquals(3, b.size());
        b.dropPartitions(List.of(new TopicPartition("topic", 0)));
        assertEquals(1, b.size());
    }
}
