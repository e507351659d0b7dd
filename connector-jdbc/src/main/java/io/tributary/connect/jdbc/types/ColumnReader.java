package io.tributary.connect.jdbc.types;

import org.apache.kafka.connect.data.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of a result into the Connect value its schema says; null for SQL NULL. */
public interface ColumnReader {
    /** The column's Connect schema (optional where the column is nullable). */
    Schema schema();

    Object read(ResultSet rs, int index) throws SQLException;
}
