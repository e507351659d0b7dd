package io.tributary.connect.jdbc.sink;

import io.tributary.connect.jdbc.db.TableDef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes one run of rows (same table, same columns, each key at most once) inside the caller's transaction. */
public interface RowWriter {
    void write(Connection conn, TableDef table, RecordShape shape, List<SinkRow> rows) throws SQLException;
}
