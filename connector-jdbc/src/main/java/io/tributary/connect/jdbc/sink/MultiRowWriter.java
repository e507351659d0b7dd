package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.dialect.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

/**
 * Inserts and upserts as multi-row {@code INSERT ... VALUES (...), (...)} statements, as many rows
 * per statement as the database's bind-parameter limit allows: one round trip per chunk instead of
 * one per row (MariaDB's {@code ON DUPLICATE KEY UPDATE}, SQLite's {@code ON CONFLICT}).
 */
public final class MultiRowWriter extends StatementBatchWriter {
    private static final int MAX_ROWS_PER_STATEMENT = 1000;

    public MultiRowWriter(Dialect dialect, InsertMode mode, boolean ignoreDuplicates, ZoneId zone, JdbcSinkMetrics metrics) {
        super(dialect, mode, ignoreDuplicates, zone, metrics);
    }

    @Override
    protected void writeRows(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (mode == InsertMode.UPDATE || shape.allNames().isEmpty()) {
            super.writeRows(conn, table, shape, rows);
            return;
        }
        int columnsPerRow = shape.allNames().size();
        int perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, dialect.maxBindParameters() / columnsPerRow));
        List<ColumnDef> columns = columns(table, shape.allNames());
        String fullSql = null;
        for (int from = 0; from < rows.size(); from += perStatement) {
            int to = Math.min(rows.size(), from + perStatement);
            int count = to - from;
            String sql;
            if (count == perStatement) {
                if (fullSql == null) {
                    fullSql = insertSql(table, shape, perStatement);
                }
                sql = fullSql;
            } else {
                sql = insertSql(table, shape, count);
            }
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int index = 1;
                for (int i = from; i < to; i++) {
                    index = bindAll(ps, index, rows.get(i).allValues(), columns);
                }
                ps.executeUpdate();
                metrics.multiRowStatements.increment();
            }
        }
    }
}
