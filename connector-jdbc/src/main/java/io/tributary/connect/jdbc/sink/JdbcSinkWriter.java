package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.jdbc.connection.PooledDataSource;
import io.tributary.connect.jdbc.db.ColumnDef;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink's work between {@code put} and {@code preCommit}: routes records to per-table buffers,
 * writes each run in its own transaction, isolates a bad record by bisecting its run, and knows
 * which offsets are safe to commit (only those whose rows the database has committed).
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
                          TableManager tables, RowWriter writer, boolean deduplicate, BadRecordHandler badRecords,
                          JdbcSinkMetrics metrics) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.router = router;
        this.extractor = extractor;
        this.tables = tables;
        this.writer = writer;
        this.deduplicate = deduplicate;
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
     * Writes every buffered run. On success all offsets taken so far become committable. On a
     * transient failure the unwritten runs stay buffered and the exception says so.
     */
    public void flush() throws TransientWriteException {
        if (buffered > 0) {
            long started = System.nanoTime();
            try (Connection conn = dataSource.connection()) {
                for (RecordBuffer buffer : buffers.values()) {
                    while (!buffer.runs().isEmpty()) {
                        RecordBuffer.Run run = buffer.runs().get(0);
                        writeRun(conn, run);
                        buffer.removeFirst();
                        buffered -= run.size();
                    }
                }
            } catch (SQLException e) {
                throw new TransientWriteException("Could not write to " + dialect.name() + ": " + e.getMessage(), e);
            } finally {
                metrics.writeTimeMs.add((System.nanoTime() - started) / 1_000_000);
            }
            buffers.values().removeIf(RecordBuffer::isEmpty);
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

    private void writeRun(Connection conn, RecordBuffer.Run run) throws SQLException {
        TableDef table = ensureOrReport(conn, run);
        if (table == null || writeWhole(conn, table, run.shape(), run.rows()) == null) {
            return;
        }
        // Refused. What is known of the table may be stale: someone dropped it, or dropped or changed a column,
        // while the task ran. Read it again (re-creating or evolving it as auto.create and auto.evolve allow) and
        // try once more before looking for the bad records.
        tables.invalidate(table.id());
        table = ensureOrReport(conn, run);
        if (table != null) {
            writeOrBisect(conn, table, run.shape(), run.rows());
        }
    }

    /** The run's table, ready for its rows; null when it cannot be, after its records went to error handling. */
    private TableDef ensureOrReport(Connection conn, RecordBuffer.Run run) throws SQLException {
        try {
            return tables.ensure(conn, run.shape());
        } catch (DataException e) {
            for (SinkRow row : run.rows()) {
                badRecords.handle(row.record(), e);
            }
            return null;
        }
    }

    /**
     * Writes rows in one transaction. Returns null when they are committed, or why the database refused
     * them for good (the transaction rolled back); throws what may pass (a lost connection).
     */
    private SQLException writeWhole(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows)
            throws SQLException {
        try {
            writer.write(conn, table, shape, rows);
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly(conn);
            if (dialect.isTransient(e)) {
                throw e;
            }
            return e;
        }
        metrics.rowsWritten.add(rows.size());
        metrics.transactions.increment();
        return null;
    }

    /** Writes rows in one transaction; when the database refuses them, halves until the bad rows stand alone. */
    private void writeOrBisect(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (rows.size() == 1) {
            DataException invalid = checkLengths(table, shape, rows.get(0));
            if (invalid != null) {
                badRecords.handle(rows.get(0).record(), invalid);
                return;
            }
        }
        SQLException refused = writeWhole(conn, table, shape, rows);
        if (refused == null) {
            return;
        }
        if (rows.size() == 1) {
            SinkRecord r = rows.get(0).record();
            badRecords.handle(r, new DataException("Cannot write record " + ErrantRecords.describe(r) + " to table "
                    + table.id() + ": " + describe(refused), refused));
            return;
        }
        log.debug("Batch of {} rows for {} failed ({}); bisecting to isolate the bad record", rows.size(), table.id(),
                refused.getMessage());
        metrics.bisections.increment();
        int mid = rows.size() / 2;
        writeOrBisect(conn, table, shape, rows.subList(0, mid));
        writeOrBisect(conn, table, shape, rows.subList(mid, rows.size()));
    }

    /** Names the column when a string is longer than its column allows, before the database refuses it. */
    private static DataException checkLengths(TableDef table, RecordShape shape, SinkRow row) {
        List<String> names = shape.allNames();
        Object[] values = row.allValues();
        for (int i = 0; i < values.length && i < names.size(); i++) {
            if (values[i] instanceof String) {
                ColumnDef c = table.column(names.get(i));
                int length = ((String) values[i]).codePointCount(0, ((String) values[i]).length());
                if (c != null && c.isCharacter() && c.size() > 0 && c.size() < Integer.MAX_VALUE && length > c.size()) {
                    return new DataException("Cannot write record " + ErrantRecords.describe(row.record()) + " to table "
                            + table.id() + ": value of column '" + names.get(i) + "' is " + length
                            + " characters long, the column holds " + c.size());
                }
            }
        }
        return null;
    }

    private static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()).trim());
        if (e.getSQLState() != null) {
            sb.append(" (SQLState ").append(e.getSQLState()).append(')');
        }
        SQLException next = e.getNextException();
        if (next != null && next.getMessage() != null && !sb.toString().contains(next.getMessage())) {
            sb.append("; ").append(next.getMessage().trim());
        }
        return sb.toString();
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; Hikari evicts it and the retry gets a fresh one.
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
