package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.apache.kafka.connect.errors.ConnectException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One prepared statement per row in a JDBC batch: the fallback that every database accepts, and
 * the way updates and deletes are written everywhere.
 */
public class StatementBatchWriter implements RowWriter {
    protected final Dialect dialect;
    protected final InsertMode mode;
    protected final boolean ignoreDuplicates;
    protected final ZoneId zone;
    protected final JdbcSinkMetrics metrics;

    public StatementBatchWriter(Dialect dialect, InsertMode mode, boolean ignoreDuplicates, ZoneId zone,
                                JdbcSinkMetrics metrics) {
        this.dialect = dialect;
        this.mode = mode;
        this.ignoreDuplicates = ignoreDuplicates;
        this.zone = zone;
        this.metrics = metrics;
    }

    @Override
    public void write(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        List<SinkRow> deletes = new ArrayList<>();
        List<SinkRow> writes = new ArrayList<>();
        for (SinkRow row : rows) {
            (row.isDelete() ? deletes : writes).add(row);
        }
        if (!deletes.isEmpty()) {
            writeDeletes(conn, table, shape, deletes);
        }
        if (!writes.isEmpty()) {
            writeRows(conn, table, shape, writes);
        }
    }

    protected void writeRows(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (mode == InsertMode.UPDATE) {
            writeUpdates(conn, table, shape, rows);
            return;
        }
        String sql = insertSql(table, shape, 1);
        List<ColumnDef> columns = columns(table, shape.allNames());
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (SinkRow row : rows) {
                bindAll(ps, 1, row.allValues(), columns);
                ps.addBatch();
            }
            ps.executeBatch();
            metrics.statementBatches.increment();
        }
    }

    /** INSERT, upsert or idempotent insert SQL for {@code rowCount} rows. */
    protected String insertSql(TableDef table, RecordShape shape, int rowCount) {
        if (mode == InsertMode.UPSERT) {
            String sql = dialect.upsert(table.id(), shape.allNames(), shape.keyNames(), rowCount);
            if (sql == null) {
                throw new ConnectException("The " + dialect.name() + " dialect has no upsert; use insert.mode=insert or update");
            }
            return sql;
        }
        if (ignoreDuplicates) {
            String sql = dialect.insertIgnoringDuplicates(table.id(), shape.allNames(), shape.keyNames(), rowCount);
            if (sql != null) {
                return sql;
            }
        }
        return dialect.insert(table.id(), shape.allNames(), rowCount);
    }

    private void writeUpdates(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (shape.valueNames().isEmpty()) {
            return;
        }
        String sql = dialect.update(table.id(), shape.valueNames(), shape.keyNames());
        List<ColumnDef> valueColumns = columns(table, shape.valueNames());
        List<ColumnDef> keyColumns = columns(table, shape.keyNames());
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (SinkRow row : rows) {
                int next = bindAll(ps, 1, row.values(), valueColumns);
                bindAll(ps, next, row.keyValues(), keyColumns);
                ps.addBatch();
            }
            ps.executeBatch();
            metrics.statementBatches.increment();
        }
    }

    protected void writeDeletes(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        String sql = dialect.delete(table.id(), shape.keyNames());
        List<ColumnDef> keyColumns = columns(table, shape.keyNames());
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (SinkRow row : rows) {
                bindAll(ps, 1, row.keyValues(), keyColumns);
                ps.addBatch();
            }
            ps.executeBatch();
            metrics.statementBatches.increment();
        }
    }

    protected int bindAll(PreparedStatement ps, int start, Object[] values, List<ColumnDef> columns) throws SQLException {
        int index = start;
        for (int i = 0; i < values.length; i++) {
            dialect.bind(ps, index++, values[i], columns.get(i), zone);
        }
        return index;
    }

    protected static List<ColumnDef> columns(TableDef table, List<String> names) {
        List<ColumnDef> defs = new ArrayList<>(names.size());
        for (String n : names) {
            defs.add(table.column(n));
        }
        return defs;
    }
}
