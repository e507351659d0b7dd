package io.tributary.connect.jdbc.sink;

import io.tributary.connect.common.errors.ErrantRecords;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One flush's runs written in one database transaction, so that the database holds all of a flush's
 * rows or none: a flush the task cannot finish (a bad record under errors.tolerance=none, a lost
 * connection) leaves no row behind that the committed offsets do not cover.
 *
 * <p>The first pass writes every run straight, with nothing in the way of the fast path. When the
 * database refuses a run, the transaction rolls back, that run's table is read again (it may have been
 * dropped or changed while the task ran; auto.create and auto.evolve make it again) and a careful pass
 * writes each run under a savepoint, halving a refused one until the records the database refuses stand
 * alone. Those go to error handling before the commit, so that under errors.tolerance=none the task fails
 * with nothing of the flush committed. In insert mode a record refused because its key is taken is a
 * re-delivery when the table already holds its very row: it is skipped and counted, not reported.
 */
final class FlushTransaction {
    private static final Logger log = LoggerFactory.getLogger(FlushTransaction.class);

    /** A run and the table it goes to. */
    record Batch(RecordBuffer.Run run, TableDef table) {
    }

    /** Reads a run's table again (making it where allowed); null when its records went to error handling. */
    @FunctionalInterface
    interface TableReader {
        TableDef reread(Connection conn, RecordBuffer.Run run) throws SQLException;
    }

    private record Rejection(SinkRecord record, Exception cause) {
    }

    private final Connection conn;
    private final Dialect dialect;
    private final RowWriter writer;
    private final TableReader tables;
    private final JdbcSinkWriter.BadRecordHandler badRecords;
    private final boolean recogniseRedeliveries;
    private final ZoneId zone;
    private final JdbcSinkMetrics metrics;

    private final Set<TableId> reread = new HashSet<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private long written;
    private long alreadyWritten;

    FlushTransaction(Connection conn, Dialect dialect, RowWriter writer, TableReader tables,
                     JdbcSinkWriter.BadRecordHandler badRecords, boolean recogniseRedeliveries, ZoneId zone,
                     JdbcSinkMetrics metrics) {
        this.conn = conn;
        this.dialect = dialect;
        this.writer = writer;
        this.tables = tables;
        this.badRecords = badRecords;
        this.recogniseRedeliveries = recogniseRedeliveries;
        this.zone = zone;
        this.metrics = metrics;
    }

    /**
     * Writes the batches and commits. Throws what may pass (a lost connection: nothing is committed and
     * the caller retries) and what fails the task (a bad record that is not tolerated: rolled back first).
     */
    void commit(List<Batch> batches) throws SQLException {
        List<Batch> pending = new ArrayList<>(batches);
        try {
            boolean careful = false;
            for (Batch refused = pass(pending, false); refused != null; refused = pass(pending, careful)) {
                conn.rollback();
                careful = true;
                // Read the refused run's table afresh (for every run bound to it) before blaming records; the DDL
                // this may run commits on its own, with none of the flush's rows pending.
                TableId table = refused.run().shape().table();
                reread.add(table);
                List<Batch> next = new ArrayList<>(pending.size());
                for (Batch batch : pending) {
                    TableDef def = batch.run().shape().table().equals(table) ? tables.reread(conn, batch.run()) : batch.table();
                    if (def != null) {
                        next.add(new Batch(batch.run(), def));
                    }
                }
                pending = next;
            }
            // Before the commit: a record that is not tolerated fails the task with nothing of the flush written.
            for (Rejection r : rejected) {
                badRecords.handle(r.record(), r.cause());
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
        if (written > 0) {
            metrics.rowsWritten.add(written);
            metrics.transactions.increment();
        }
        if (alreadyWritten > 0) {
            metrics.recordsAlreadyWritten.add(alreadyWritten);
            log.info("Skipped {} re-delivered record(s) whose rows the table already held (written before the task's "
                    + "offsets were committed)", alreadyWritten);
        }
    }

    /**
     * Writes every batch; returns the first one refused whose table has not been read again this flush (the
     * transaction must then roll back), or null when the pass is done.
     */
    private Batch pass(List<Batch> batches, boolean careful) throws SQLException {
        rejected.clear();
        written = 0;
        alreadyWritten = 0;
        for (Batch batch : batches) {
            RecordShape shape = batch.run().shape();
            List<SinkRow> rows = batch.run().rows();
            SQLException refused = attempt(batch.table(), shape, rows, careful);
            if (refused == null) {
                continue;
            }
            if (!careful || !reread.contains(shape.table())) {
                log.debug("{} rows for {} refused ({}); reading the table again", rows.size(), batch.table().id(),
                        refused.getMessage());
                return batch;
            }
            isolate(batch.table(), shape, rows, refused);
        }
        return null;
    }

    /**
     * Writes rows; null when the database took them, else why it refused them (rolled back to before them
     * when under a savepoint). Throws what may pass.
     */
    private SQLException attempt(TableDef table, RecordShape shape, List<SinkRow> rows, boolean savepoint)
            throws SQLException {
        Savepoint before = savepoint ? conn.setSavepoint() : null;
        try {
            writer.write(conn, table, shape, rows);
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            if (before != null) {
                conn.rollback(before);
            }
            return e;
        }
        if (before != null) {
            conn.releaseSavepoint(before);
        }
        written += rows.size();
        return null;
    }

    /** The database refused these rows: halve them until the refused records stand alone. */
    private void isolate(TableDef table, RecordShape shape, List<SinkRow> rows, SQLException refused) throws SQLException {
        if (rows.size() == 1) {
            refusedAlone(table, shape, rows.get(0), refused);
            return;
        }
        log.debug("Batch of {} rows for {} failed ({}); bisecting to isolate the bad record", rows.size(), table.id(),
                refused.getMessage());
        metrics.bisections.increment();
        int mid = rows.size() / 2;
        writeOrIsolate(table, shape, rows.subList(0, mid));
        writeOrIsolate(table, shape, rows.subList(mid, rows.size()));
    }

    private void writeOrIsolate(TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (rows.size() == 1) {
            DataException invalid = checkLengths(table, shape, rows.get(0));
            if (invalid != null) {
                rejected.add(new Rejection(rows.get(0).record(), invalid));
                return;
            }
        }
        SQLException refused = attempt(table, shape, rows, true);
        if (refused != null) {
            isolate(table, shape, rows, refused);
        }
    }

    private void refusedAlone(TableDef table, RecordShape shape, SinkRow row, SQLException refused) throws SQLException {
        SinkRecord record = row.record();
        String prefix = "Cannot write record " + ErrantRecords.describe(record) + " to table " + table.id() + ": ";
        if (recogniseRedeliveries && !row.isDelete() && dialect.isUniqueViolation(refused)) {
            if (holdsSameRow(table, shape, row)) {
                alreadyWritten++;
                return;
            }
            rejected.add(new Rejection(record, new DataException(prefix + "the table already holds a different row with "
                    + "this record's key (" + describe(refused) + "); a record with the very same values would have been "
                    + "skipped as a re-delivery", refused)));
            return;
        }
        rejected.add(new Rejection(record, new DataException(prefix + describe(refused), refused)));
    }

    /**
     * Whether the table holds a row equal to this one in every column it writes: the record was written
     * before and has come again. Asked under a savepoint: a column type without equality (PostgreSQL's json)
     * answers no rather than breaking the transaction.
     */
    private boolean holdsSameRow(TableDef table, RecordShape shape, SinkRow row) throws SQLException {
        Savepoint before = conn.setSavepoint();
        try (PreparedStatement ps = conn.prepareStatement(dialect.selectSameRow(table.id(), shape.allNames(),
                shape.keyNames()))) {
            Object[] values = row.allValues();
            List<String> names = shape.allNames();
            for (int i = 0; i < values.length; i++) {
                dialect.bind(ps, i + 1, values[i], table.column(names.get(i)), zone);
            }
            try (ResultSet rs = ps.executeQuery()) {
                boolean same = rs.next();
                conn.releaseSavepoint(before);
                return same;
            }
        } catch (SQLException e) {
            if (dialect.isTransient(e)) {
                throw e;
            }
            conn.rollback(before);
            log.debug("Cannot compare a refused row with the table's ({}); reporting it", e.getMessage());
            return false;
        }
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

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; Hikari evicts it and the retry gets a fresh one.
        }
    }
}
