package io.tributary.connect.jdbc.dialect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A locked SQLite file is a reason to wait and retry, never a reason to dead-letter the rows. */
class SqliteBusyTest {
    @Test
    void aLockedDatabaseIsTransientAndABadStatementIsNot(@TempDir Path dir) throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("busy.db");
        SqliteDialect dialect = new SqliteDialect();
        try (Connection holder = DriverManager.getConnection(url); Connection writer = DriverManager.getConnection(url)) {
            try (Statement s = holder.createStatement()) {
                s.execute("CREATE TABLE readings (id INTEGER PRIMARY KEY, v REAL)");
                s.execute("PRAGMA busy_timeout = 0");
                s.execute("BEGIN EXCLUSIVE");
                s.execute("INSERT INTO readings VALUES (1, 1.0)");
            }
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA busy_timeout = 0");
                SQLException busy = assertThrows(SQLException.class, () -> s.execute("INSERT INTO readings VALUES (2, 2.0)"));
                assertTrue(dialect.isTransient(busy), busy.toString());
                holder.createStatement().execute("COMMIT");
                SQLException bad = assertThrows(SQLException.class, () -> s.execute("INSERT INTO nowhere VALUES (1)"));
                assertFalse(dialect.isTransient(bad), bad.toString());
            }
        }
    }
}
