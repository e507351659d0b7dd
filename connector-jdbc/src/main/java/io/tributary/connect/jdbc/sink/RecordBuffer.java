package io.tributary.connect.jdbc.sink;

import org.apache.kafka.common.TopicPartition;
import io.tributary.connect.common.errors.SinkRecordOrigin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows waiting for one table, in arrival order, as runs of rows with the same columns. Within a
 * run rows are de-duplicated by key when the mode allows it (last write wins), so one statement
 * never touches a row twice; runs are written in order, so order per key holds across runs.
 */
public final class RecordBuffer {
    private final boolean deduplicate;
    private final List<Run> runs = new ArrayList<>();
    private int size;

    public RecordBuffer(boolean deduplicate) {
        this.deduplicate = deduplicate;
    }

    public void add(SinkRow row) {
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        boolean fits = last != null && (last.shape == row.shape() || last.shape.sameColumns(row.shape())
                || (row.isDelete() && last.shape.keyNames().equals(row.shape().keyNames())));
        if (!fits) {
            last = new Run(row.shape(), deduplicate);
            runs.add(last);
        }
        size += last.add(row);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public List<Run> runs() {
        return runs;
    }

    /** Forgets a run whose records were handed to error handling. */
    public void remove(Run run) {
        if (runs.remove(run)) {
            size -= run.size();
        }
    }

    /** Drops the rows of partitions this task no longer owns: another task will write them. */
    public void dropPartitions(Collection<TopicPartition> partitions) {
        List<Run> kept = new ArrayList<>();
        size = 0;
        for (Run run : runs) {
            Run filtered = new Run(run.shape, deduplicate);
            for (SinkRow row : run.rows()) {
                if (!partitions.contains(SinkRecordOrigin.topicPartition(row.record()))) {
                    filtered.add(row);
                }
            }
            if (filtered.size() > 0) {
                kept.add(filtered);
                size += filtered.size();
            }
        }
        runs.clear();
        runs.addAll(kept);
    }

    /** Rows with the same columns, written by one statement (or one COPY). */
    public static final class Run {
        private final RecordShape shape;
        private final Map<SinkRow.Key, SinkRow> byKey;
        private final List<SinkRow> rows;

        Run(RecordShape shape, boolean deduplicate) {
            this.shape = shape;
            this.byKey = deduplicate && !shape.keyNames().isEmpty() ? new LinkedHashMap<>() : null;
            this.rows = byKey == null ? new ArrayList<>() : null;
        }

        /** Adds a row; returns 1 when the run grew, 0 when it replaced a row with the same key. */
        int add(SinkRow row) {
            if (byKey == null) {
                rows.add(row);
                return 1;
            }
            SinkRow.Key key = row.key();
            // Remove first so the row takes its place at the end: arrival order is the write order.
            boolean replaced = byKey.remove(key) != null;
            byKey.put(key, row);
            return replaced ? 0 : 1;
        }

        public RecordShape shape() {
            return shape;
        }

        public List<SinkRow> rows() {
            return byKey == null ? rows : new ArrayList<>(byKey.values());
        }

        public int size() {
            return byKey == null ? rows.size() : byKey.size();
        }
    }
}
