package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.jdbc.connection.PooledDataSource;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink's work between {@code put} and {@code preCommit}: routes records to per-table buffers,
 * makes their tables ready, writes a flush in one transaction ({@link FlushTransaction}, which isolates
 * bad records), and knows which offsets are safe to commit (only those whose rows the database has
 * committed).
 */
public final class JdbcSinkWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcSinkWriter.class);

    /** What to do with a record that can never be written. */
    @FunctionalInterface
    public interface BadRecordHandler {
        void handle(SinkRecord record, Exception cause);
    }

    private final Dialect dialect;
    private final PooledDataSource dataSource;
    private final TableRouter router;
    private final RowExtractor extractor;
    private final TableManager tables;
    private final RowWriter writer;
    private final boolean deduplicate;
    private final boolean recogniseRedeliveries;
    private final ZoneId zone;
    private final BadRecordHandler badRecords;
    private final JdbcSinkMetrics metrics;

    private final Map<TableId, RecordBuffer> buffers = new LinkedHashMap<>();
    /** Highest offset taken in (buffered, written or handed to error handling) per partition. */
    private final Map<TopicPartition, Long> takenUpTo = new HashMap<>();
    /** Next offset to commit per partition: everything before it is in the database or handled. */
    private final Map<TopicPartition, Long> committable = new HashMap<>();
    private int buffered;
    /** When the oldest buffered row arrived (System.nanoTime), or 0 when nothing is buffered. */
    private long oldestBufferedAt;
    private boolean tombstoneSkipLogged;

    public JdbcSinkWriter(Dialect dialect, PooledDataSource dataSource, TableRouter router, RowExtractor extractor,
                          TableManager tables, RowWriter writer, boolean deduplicate, boolean recogniseRedeliveries,
                          ZoneId zone, BadRecordHandler badRecords, JdbcSinkMetrics metrics) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.router = router;
        this.extractor = extractor;
        this.tables = tables;
        this.writer = writer;
        this.deduplicate = deduplicate;
        this.recogniseRedeliveries = recogniseRedeliveries;
        this.zone = zone;
        this.badRecords = badRecords;
        this.metrics = metrics;
    }

    /**
     * Buffers records. A record at or below the highest offset already taken from its partition is a
     * re-delivery (the worker retries a put after a retriable failure) and is skipped.
     */
    public void buffer(Collection<SinkRecord> records) {
        TopicPartition tp = null;
        for (SinkRecord record : records) {
            tp = sameOrigin(tp, record) ? tp : SinkRecordOrigin.topicPartition(record);
            long offset = SinkRecordOrigin.offset(record);
            Long taken = takenUpTo.get(tp);
            if (taken != null && offset <= taken) {
                metrics.redeliveriesSkipped.increment();
                continue;
            }
            takenUpTo.put(tp, offset);
            if (record.value() == null && router.readsValue(record)) {
                skipUnroutableTombstone(record);
                continue;
            }
            SinkRow row;
            try {
                TableId table = router.route(record);
                row = extractor.extract(record, table);
            } catch (ConnectException e) {
                badRecords.handle(record, e);
                continue;
            }
            if (row == null) {
                continue;
            }
            buffers.computeIfAbsent(row.shape().table(), t -> new RecordBuffer(deduplicate)).add(row);
        }
        buffered = buffers.values().stream().mapToInt(RecordBuffer::size).sum();
        if (buffered > 0 && oldestBufferedAt == 0) {
            oldestBufferedAt = System.nanoTime();
        }
    }

    /** A tombstone names no table when table.name.format reads the value; said once, since it is by design. */
    private void skipUnroutableTombstone(SinkRecord record) {
        if (!tombstoneSkipLogged) {
            tombstoneSkipLogged = true;
            log.info("Skipping tombstones such as {}: table.name.format reads the record value, which a tombstone lacks "
                    + "(Debezium's delete events, which carry the table, apply the deletes)", ErrantRecords.describe(record));
        }
    }

    /** A poll hands out records partition by partition: most records share their predecessor's partition. */
    private static boolean sameOrigin(TopicPartition tp, SinkRecord record) {
        return tp != null && tp.partition() == SinkRecordOrigin.partition(record) && tp.topic().equals(SinkRecordOrigin.topic(record));
    }

    /** How long the oldest buffered row has waited, in milliseconds (0 when nothing waits). */
    public long oldestBufferedAgeMs() {
        return oldestBufferedAt == 0 ? 0 : (System.nanoTime() - oldestBufferedAt) / 1_000_000;
    }

    public int buffered() {
        return buffered;
    }

    /**
     * Writes every buffered run in one transaction ({@link FlushTransaction}). On success all offsets taken
     * so far become committable. On a transient failure nothing is committed, the rows stay buffered and
     * the exception says so; a record that fails the task leaves nothing of the flush in the database.
     */
    public void flush() throws TransientWriteException {
        if (buffered > 0) {
            long started = System.nanoTime();
            try (Connection conn = dataSource.connection()) {
                List<FlushTransaction.Batch> batches = new ArrayList<>();
                for (RecordBuffer buffer : List.copyOf(buffers.values())) {
                    for (RecordBuffer.Run run : List.copyOf(buffer.runs())) {
                        TableDef table = ensureOrReport(conn, run);
                        if (table != null) {
                            batches.add(new FlushTransaction.Batch(run, table));
                        }
                    }
                }
                new FlushTransaction(conn, dialect, writer, this::rereadTable, badRecords, recogniseRedeliveries, zone,
                        metrics).commit(batches);
            } catch (SQLException e) {
                throw new TransientWriteException("Could not write to " + dialect.name() + ": " + e.getMessage(), e);
            } finally {
                metrics.writeTimeMs.add((System.nanoTime() - started) / 1_000_000);
            }
            buffers.clear();
        }
        buffered = 0;
        oldestBufferedAt = 0;
        takenUpTo.forEach((tp, offset) -> committable.put(tp, offset + 1));
    }

    /** Offsets safe to commit for the given partitions. */
    public Map<TopicPartition, Long> committableOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = committable.get(tp);
            if (next != null) {
                out.put(tp, next);
            }
        }
        return out;
    }

    /** The partitions moved to another task: drop their buffered rows, that task re-reads them. */
    public void dropPartitions(Collection<TopicPartition> partitions) {
        buffers.values().forEach(b -> b.dropPartitions(partitions));
        buffers.values().removeIf(RecordBuffer::isEmpty);
        partitions.forEach(tp -> {
            takenUpTo.remove(tp);
            committable.remove(tp);
        });
        buffered = buffers.values().stream().mapToInt(RecordBuffer::size).sum();
        if (buffered == 0) {
            oldestBufferedAt = 0;
        }
    }

    /** A refused run's table, read afresh (made again where auto.create and auto.evolve allow). */
    private TableDef rereadTable(Connection conn, RecordBuffer.Run run) throws SQLException {
        tables.invalidate(run.shape().table());
        return ensureOrReport(conn, run);
    }

    /**
     * The run's table, ready for its rows; null when it cannot be, after its records went to error handling
     * (and left the buffer, so that a retried flush does not report them again).
     */
    private TableDef ensureOrReport(Connection conn, RecordBuffer.Run run) throws SQLException {
        try {
            return tables.ensure(conn, run.shape());
        } catch (DataException e) {
            for (SinkRow row : run.rows()) {
                badRecords.handle(row.record(), e);
            }
            RecordBuffer buffer = buffers.get(run.shape().table());
            buffer.remove(run);
            buffered -= run.size();
            return null;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
