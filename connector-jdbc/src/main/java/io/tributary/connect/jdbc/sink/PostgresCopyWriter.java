package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.JdbcSinkConfig.InsertMode;
import io.tributary.connect.jdbc.db.ColumnDef;
import io.tributary.connect.jdbc.db.TableDef;
import io.tributary.connect.jdbc.dialect.Dialect;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL through COPY (binary where the columns allow, else CSV): inserts stream the batch
 * straight into the table. Upserts (and
 * idempotent inserts for pk.mode=kafka) try the same when {@link OptimisticCopyPolicy} bets their
 * keys are new; on a key clash, or while the policy expects one, they stream the batch into a
 * temporary table shaped like the target's columns and one {@code INSERT ... SELECT ... ON
 * CONFLICT} moves it. Updates and deletes use statement batches.
 */
public final class PostgresCopyWriter extends StatementBatchWriter {
    private static final String STAGE = "tributary_stage";

    /** What the driver gets per write: big enough to amortise the call, small enough to start the server early. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final PostgresCopyText text;
    private final PostgresCopyBinary binaryRows;
    private final OptimisticCopyPolicy optimism = new OptimisticCopyPolicy();
    private final CopyBuffer buffer = new CopyBuffer(CHUNK_BYTES + 4096);

    public PostgresCopyWriter(Dialect dialect, InsertMode mode, boolean ignoreDuplicates, ZoneId zone,
                              JdbcSinkMetrics metrics) {
        super(dialect, mode, ignoreDuplicates, zone, metrics);
        this.text = new PostgresCopyText(zone);
        this.binaryRows = new PostgresCopyBinary(zone);
    }

    @Override
    protected void writeRows(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException {
        if (mode == InsertMode.UPDATE || shape.allNames().isEmpty()) {
            super.writeRows(conn, table, shape, rows);
            return;
        }
        List<ColumnDef> columns = columns(table, shape.allNames());
        String columnList = String.join(", ", shape.allNames().stream().map(dialect::quote).toList());
        String direct = dialect.qualified(table.id()) + " (" + columnList + ")";
        if (mode == InsertMode.INSERT && !ignoreDuplicates) {
            copy(conn, direct, rows, columns);
            return;
        }
        // Keyed writes (upserts, idempotent inserts) bet on new keys: a plain COPY, staged merge only on a clash.
        // Only where the key is the table's primary key: elsewhere a COPY could not clash, and would duplicate rows.
        if (keyIsPrimaryKey(table, shape) && optimism.tryDirect(table.id())) {
            Savepoint before = conn.setSavepoint();
            try {
                copy(conn, direct, rows, columns);
                conn.releaseSavepoint(before);
                optimism.succeeded(table.id());
                return;
            } catch (SQLException e) {
                if (!dialect.isUniqueViolation(e)) {
                    throw e;
                }
                conn.rollback(before);
                optimism.clashed(table.id());
            }
        }
        String stage = stage(conn, table, columnList);
        copy(conn, stage + " (" + columnList + ")", rows, columns);
        String merge = insertSql(table, shape, 1);
        // insertSql gives INSERT ... VALUES (?, ...) ON CONFLICT ...; swap the VALUES for the staged rows.
        int values = merge.indexOf(" VALUES (");
        int conflict = merge.indexOf(" ON CONFLICT ");
        // In key order: the rows' index and heap pages are visited in order, and two tasks merging overlapping
        // keys take their row locks in the same order instead of deadlocking.
        String keyOrder = String.join(", ", shape.keyNames().stream().map(dialect::quote).toList());
        String sql = merge.substring(0, values) + " SELECT " + columnList + " FROM " + stage
                + (keyOrder.isEmpty() ? "" : " ORDER BY " + keyOrder) + merge.substring(conflict);
        try (Statement st = conn.createStatement()) {
            st.executeUpdate(sql);
            st.execute("TRUNCATE " + stage);
        }
        metrics.stagedMerges.increment();
    }

    private static boolean keyIsPrimaryKey(TableDef table, RecordShape shape) {
        Set<String> pk = new HashSet<>();
        table.primaryKey().forEach(c -> pk.add(c.toLowerCase(Locale.ROOT)));
        Set<String> keys = new HashSet<>();
        shape.keyNames().forEach(c -> keys.add(c.toLowerCase(Locale.ROOT)));
        return !pk.isEmpty() && pk.equals(keys);
    }

    /**
     * The temporary table this connection stages rows of this table and column list in, made once
     * per session and emptied after each merge: creating and dropping a table per batch churns the
     * system catalogs. IF NOT EXISTS each time (a catalog lookup) stays right when a rolled-back
     * transaction took the creation with it.
     */
    private String stage(Connection conn, TableDef table, String columnList) throws SQLException {
        // pg_temp: the session's own temporary schema, whatever the search path says.
        String name = "pg_temp." + STAGE + "_" + Integer.toHexString((table.id() + "|" + columnList).hashCode());
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + name + " AS SELECT " + columnList + " FROM "
                    + dialect.qualified(table.id()) + " WITH NO DATA");
        }
        return name;
    }

    /**
     * Streams the rows, a chunk at a time, so that the server stores the first rows while the rest
     * are still being rendered: in binary when every column and value has a plain binary form, else
     * as CSV.
     */
    private void copy(Connection conn, String target, List<SinkRow> rows, List<ColumnDef> columns) throws SQLException {
        PostgresCopyBinary.Kind[] kinds = PostgresCopyBinary.kinds(rows, columns);
        boolean binary = kinds != null;
        CopyIn in = conn.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + target + " FROM STDIN WITH (FORMAT " + (binary ? "binary" : "csv") + ")");
        try {
            buffer.clear();
            if (binary) {
                binaryRows.header(buffer);
            }
            for (SinkRow row : rows) {
                if (binary) {
                    binaryRows.appendRow(buffer, row.keyValues(), row.values(), kinds);
                } else {
                    text.appendRow(buffer, row.keyValues(), row.values(), columns);
                }
                if (buffer.size() >= CHUNK_BYTES) {
                    in.writeToCopy(buffer.bytes(), 0, buffer.size());
                    buffer.clear();
                }
            }
            if (binary) {
                binaryRows.trailer(buffer);
            }
            in.writeToCopy(buffer.bytes(), 0, buffer.size());
            in.endCopy();
            (binary ? metrics.copyBinary : metrics.copyCsv).increment();
        } finally {
            buffer.clear();
            if (in.isActive()) {
                cancelQuietly(in);
            }
        }
    }

    private static void cancelQuietly(CopyIn in) {
        try {
            in.cancelCopy();
        } catch (SQLException ignored) {
            // The connection is broken; the caller's exception says why and Hikari evicts it.
        }
    }
}
