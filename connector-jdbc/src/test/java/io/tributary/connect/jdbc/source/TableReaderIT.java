package io.tributary.connect.jdbc.source;

import io.tributary.connect.jdbc.JdbcSourceConfig.Mode;
import io.tributary.connect.jdbc.JdbcSourceConfig.UnmappedColumn;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.dialect.Dialect;
import io.tributary.connect.jdbc.dialect.Dialects;
import io.tributary.connect.jdbc.types.NumericMapping;
import io.tributary.connect.jdbc.types.ReadOptions;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader against the real databases, without a worker: chunks, offsets, and the rows that
 * commit late, below what was already read, which a source bounded only by time misses.
 */
class TableReaderIT {
    static Stream<Database> databases() {
        return Stream.of(Database.postgres(), Database.mariadb());
    }

    private static boolean isPostgres(Database db) {
        return db.url().startsWith("jdbc:postgresql");
    }

    private static String createTable(Database db) {
        String table = Services.uniqueName("src_orders").toLowerCase();
        if (isPostgres(db)) {
            db.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL, "
                    + "updated_at TIMESTAMP(6) NOT NULL DEFAULT now())");
        } else {
            db.execute("CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(100) NOT NULL, "
                    + "updated_at DATETIME(6) NOT NULL DEFAULT NOW(6))");
        }
        return table;
    }

    private static TableReader reader(Database db, String table, Mode mode, boolean bound, int chunkRows) {
        Dialect dialect = Dialects.find("auto", db.url());
        TableId id = new TableId(null, table);
        ReadPlan plan = new ReadPlan(id, dialect.qualified(id), mode, mode.usesIncrementing() ? "id" : null,
                mode.usesTimestamp() ? List.of("updated_at") : List.of(), List.of("id"), "t." + table,
                ReadPlan.tablePartition(id));
        return new TableReader(plan, TableOffset.START, dialect, new TableReader.Settings(
                new ReadOptions(NumericMapping.BEST_FIT, ZoneOffset.UTC), UnmappedColumn.FAIL, chunkRows, 5, 0L, 0L,
                bound, -1L, null, TableReader.HELD_WARNING_MS));
    }

    private static Connection connection(Database db) throws SQLException {
        Connection c = db.connect();
        c.setAutoCommit(false);
        return c;
    }

    /** Reads until a call returns nothing. */
    private static List<SourceRecord> drain(TableReader reader, Database db, int max) throws SQLException {
        List<SourceRecord> all = new ArrayList<>();
        for (int calls = 0; calls < 1000; calls++) {
            List<SourceRecord> batch = reader.read(() -> connection(db), max, System.currentTimeMillis());
            assertTrue(batch.size() <= max, "at most " + max + " per call");
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
        throw new AssertionError("the reader never caught up");
    }

    /**
     * Reads until {@code expected} records came (for up to 10 s): where the database shows open transactions
     * late (MariaDB's are up to 100 ms stale), the reader waits that long before it reads past them.
     */
    private static List<SourceRecord> drainUntil(TableReader reader, Database db, int expected) throws Exception {
        List<SourceRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (all.size() < expected && System.nanoTime() < deadline) {
            all.addAll(drain(reader, db, 50));
            Thread.sleep(50);
        }
        all.addAll(drain(reader, db, 50));
        return all;
    }

    private static List<Long> ids(List<SourceRecord> records) {
        return records.stream().map(r -> ((Struct) r.value()).getInt64("id")).toList();
    }

    /**
     * Bulk mode over a two-column primary key (integer, text): a pass is read in key order in chunks, each
     * record carrying its key; a reader started from the last record handed out finishes the pass (no row
     * twice, none missing), and the next pass starts from the first key.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void bulkPassesAreReadInKeyOrderAndARestartFinishesThePass(Database db) throws Exception {
        String table = Services.uniqueName("src_bulk").toLowerCase();
        db.execute("CREATE TABLE " + table + " (store INT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT, PRIMARY KEY (store, sku))");
        List<String> expected = new ArrayList<>();
        for (int store = 1; store <= 3; store++) {
            for (int n = 0; n < 10; n++) {
                db.execute("INSERT INTO " + table + " (store, sku, qty) VALUES (" + store + ", 's-0" + n + "', " + n + ")");
                expected.add(store + "/s-0" + n);
            }
        }
        Dialect dialect = Dialects.find("auto", db.url());
        TableId id = new TableId(null, table);
        ReadPlan plan = new ReadPlan(id, dialect.qualified(id), Mode.BULK, null, List.of(), List.of("store", "sku"),
                "t." + table, ReadPlan.tablePartition(id), List.of("store", "sku"));
        TableReader.Settings settings = new TableReader.Settings(new ReadOptions(NumericMapping.BEST_FIT, ZoneOffset.UTC),
                UnmappedColumn.FAIL, 8, 5, 60_000L, 0L, true, -1L, null, TableReader.HELD_WARNING_MS);
        TableReader first = new TableReader(plan, TableOffset.START, dialect, settings);
        List<SourceRecord> before = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            before.addAll(first.read(() -> connection(db), 5, System.currentTimeMillis()));
        }
        // 5 rows, the chunk's last 3 (a call ends with its query), 5 rows of the next chunk.
        assertEquals(13, before.size());
        Map<String, ?> stored = before.get(12).sourceOffset();
        assertEquals(Map.of("key.store", 2L, "key.sku", "s-02"), stored);
        first.close();

        TableReader restarted = new TableReader(plan, TableOffset.fromMap(stored), dialect, settings);
        List<SourceRecord> after = drain(restarted, db, 5);
        List<String> keys = new ArrayList<>();
        for (SourceRecord r : before) {
            keys.add(((Struct) r.value()).getInt32("store") + "/" + ((Struct) r.value()).getString("sku"));
        }
        for (SourceRecord r : after) {
            keys.add(((Struct) r.value()).getInt32("store") + "/" + ((Struct) r.value()).getString("sku"));
        }
        assertEquals(expected, keys, "every row once, in key order");
        assertEquals(TableOffset.START, restarted.offset(), "the next pass starts from the first key");
        restarted.close();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void incrementingReadsEveryRowInChunksAndThenOnlyNewOnes(Database db) throws Exception {
        String table = createTable(db);
        for (int i = 0; i < 25; i++) {
            db.execute("INSERT INTO " + table + " (item) VALUES ('item " + i + "')");
        }
        TableReader reader = reader(db, table, Mode.INCREMENTING, true, 10);
        List<SourceRecord> first = drainUntil(reader, db, 25);
        assertEquals(25, first.size());
        assertEquals(ids(first).stream().sorted().toList(), ids(first), "in id order");
        SourceRecord last = first.get(24);
        assertEquals(ids(first).get(24), TableOffset.fromMap(last.sourceOffset()).incrementing());
        assertEquals(ids(first).get(24), ((Struct) last.key()).getInt64("id"), "the key is the primary key");
        assertEquals(table, last.headers().lastWithName(TableReader.HEADER_TABLE).value());
        db.execute("INSERT INTO " + table + " (item) VALUES ('late 1')", "INSERT INTO " + table + " (item) VALUES ('late 2')");
        List<SourceRecord> more = drainUntil(reader, db, 2);
        assertEquals(2, more.size(), "only the new rows");
        reader.close();
    }

    /**
     * A transaction takes the next id and stays open while later ids commit: a reader that read those
     * would pass the open one's id and never read it once it commits.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void anIdCommittedLateBelowLaterIdsStillArrives(Database db) throws Exception {
        String table = createTable(db);
        db.execute("INSERT INTO " + table + " (item) VALUES ('before')");
        TableReader bounded = reader(db, table, Mode.INCREMENTING, true, 100);
        TableReader unbounded = reader(db, table, Mode.INCREMENTING, false, 100);
        assertEquals(1, drainUntil(bounded, db, 1).size());
        assertEquals(1, drainUntil(unbounded, db, 1).size());
        try (Connection slow = connection(db)) {
            slow.createStatement().execute("INSERT INTO " + table + " (item) VALUES ('slow')");
            db.execute("INSERT INTO " + table + " (item) VALUES ('quick 1')", "INSERT INTO " + table + " (item) VALUES ('quick 2')");
            List<SourceRecord> whileOpen = drain(bounded, db, 50);
            assertEquals(List.of(), ids(whileOpen), "nothing past the open transaction's id");
            List<SourceRecord> unboundedWhileOpen = drain(unbounded, db, 50);
            assertEquals(2, unboundedWhileOpen.size(), "a source bounded by nothing reads the quick rows");
            slow.commit();
        }
        List<Long> after = ids(drainUntil(bounded, db, 3));
        assertEquals(3, after.size(), "the slow row and the quick ones: " + after);
        assertEquals(after.stream().sorted().toList(), after);
        assertEquals(List.of(), ids(drain(unbounded, db, 50)), "the unbounded source has passed the slow row's id for good");
        bounded.close();
        unbounded.close();
    }

    /**
     * A transaction that holds reads back for longer than the warning's threshold (300 ms here, a minute in a
     * task) is named in a warning that says what to do; once it ends, reading goes on.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aTransactionHoldingReadsBackLongIsNamedInAWarning(Database db) throws Exception {
        String table = createTable(db);
        Dialect dialect = Dialects.find("auto", db.url());
        TableId id = new TableId(null, table);
        ReadPlan plan = new ReadPlan(id, dialect.qualified(id), Mode.TIMESTAMP_INCREMENTING, "id", List.of("updated_at"),
                List.of("id"), "t." + table, ReadPlan.tablePartition(id));
        TableReader reader = new TableReader(plan, TableOffset.START, dialect, new TableReader.Settings(
                new ReadOptions(NumericMapping.BEST_FIT, ZoneOffset.UTC), UnmappedColumn.FAIL, 100, 5, 0L, 0L, true, -1L, null,
                300L));
        try (io.tributary.connect.testkit.LogCapture log = io.tributary.connect.testkit.LogCapture.start();
             Connection slow = connection(db)) {
            slow.createStatement().execute("INSERT INTO " + table + " (item) VALUES ('slow')");
            Thread.sleep(600);
            db.execute("INSERT INTO " + table + " (item) VALUES ('quick')");
            assertEquals(List.of(), ids(drain(reader, db, 50)), "held below the open transaction");
            List<String> warnings = log.linesContaining("reading is held below a transaction open since");
            assertEquals(1, warnings.size(), "one warning: " + log.lines());
            assertTrue(warnings.get(0).contains(table) && warnings.get(0).contains("open.transactions.bound=none"),
                    warnings.get(0));
            slow.commit();
        }
        assertEquals(2, drainUntil(reader, db, 2).size(), "both rows once the transaction ended");
        reader.close();
    }

    /**
     * Two tasks' readers on PostgreSQL: one holding its chunk's transaction open (its session named as the
     * source names them) does not hold the other back, as a reader never commits a row; another session's
     * open transaction still does.
     */
    @Test
    void anotherReadersOpenChunkDoesNotHoldReadsBack() throws Exception {
        Database db = Database.postgres();
        String first = createTable(db);
        String second = createTable(db);
        for (int i = 0; i < 20; i++) {
            db.execute("INSERT INTO " + first + " (item) VALUES ('a " + i + "')", "INSERT INTO " + second + " (item) VALUES ('b " + i + "')");
        }
        TableReader.Connections asReader = () -> {
            Connection c = connection(db);
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET application_name = '" + io.tributary.connect.jdbc.dialect.Dialect.READER_SESSION_PREFIX + "it-0'");
            }
            c.commit();
            return c;
        };
        TableReader holding = reader(db, first, Mode.INCREMENTING, true, 100);
        TableReader other = reader(db, second, Mode.INCREMENTING, true, 100);
        assertEquals(5, holding.read(asReader, 5, System.currentTimeMillis()).size());
        assertTrue(holding.queryOpen(), "the first reader's chunk stays open");
        assertEquals(20, drainUntil(other, db, 20).size(), "the other reader is not held back by it");
        try (Connection slow = connection(db)) {
            slow.createStatement().execute("INSERT INTO " + second + " (item) VALUES ('slow')");
            db.execute("INSERT INTO " + second + " (item) VALUES ('quick')");
            assertEquals(List.of(), ids(drain(other, db, 50)), "a writing session's transaction still holds reads back");
            slow.commit();
        }
        assertEquals(2, drainUntil(other, db, 2).size());
        holding.close();
        other.close();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTimestampCommittedLateBelowLaterOnesStillArrives(Database db) throws Exception {
        for (Mode mode : List.of(Mode.TIMESTAMP_INCREMENTING, Mode.TIMESTAMP)) {
            String table = createTable(db);
            TableReader reader = reader(db, table, mode, true, 100);
            try (Connection slow = connection(db)) {
                slow.createStatement().execute("INSERT INTO " + table + " (item) VALUES ('slow')");
                Thread.sleep(20); // the quick rows' timestamps come later
                db.execute("INSERT INTO " + table + " (item) VALUES ('quick 1')", "INSERT INTO " + table
                        + " (item) VALUES ('quick 2')");
                assertEquals(List.of(), ids(drain(reader, db, 50)), mode + ": nothing at or after the open transaction's start");
                slow.commit();
            }
            List<SourceRecord> after = drainUntil(reader, db, 3);
            assertEquals(3, after.size(), mode + ": " + ids(after));
            assertEquals("slow", ((Struct) after.get(0).value()).getString("item"), mode + ": in timestamp order");
            reader.close();
        }
    }

    /**
     * SQLite keeps date-times as text ('YYYY-MM-DD HH:MM:SS.SSS' from its own functions) and compares them as
     * text: the reader's timestamp parameters are written the same way, so rows of the same day compare right.
     */
    @org.junit.jupiter.api.Test
    void sqliteTimestampsCompareAsSqliteWritesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Database db = new Database("jdbc:sqlite:" + dir.resolve("shop.db"), "", "");
        String table = "inventory";
        db.execute("CREATE TABLE inventory (id INTEGER PRIMARY KEY AUTOINCREMENT, item TEXT NOT NULL, "
                + "updated_at TIMESTAMP NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))");
        db.execute("INSERT INTO inventory (item, updated_at) VALUES ('old', '2026-01-02 03:04:05.006')",
                "INSERT INTO inventory (item, updated_at) VALUES ('same day, later', '2026-01-02 23:59:59.999')",
                "INSERT INTO inventory (item) VALUES ('now')");
        TableReader reader = reader(db, table, Mode.TIMESTAMP_INCREMENTING, true, 100);
        List<SourceRecord> first = drainUntil(reader, db, 3);
        assertEquals(List.of("old", "same day, later", "now"), first.stream().map(r -> ((Struct) r.value()).getString("item"))
                .toList());
        Thread.sleep(5);
        db.execute("INSERT INTO inventory (item) VALUES ('newer')");
        List<SourceRecord> more = drainUntil(reader, db, 1);
        assertEquals(List.of("newer"), more.stream().map(r -> ((Struct) r.value()).getString("item")).toList(),
                "only the new row, none of the day's earlier ones again");
        reader.close();
    }

    /** Table and column names with quotes, a semicolon, a reserved word and non-ASCII letters are read literally. */
    @ParameterizedTest
    @MethodSource("databases")
    void hostileNamesAreQuotedAndReadLiterally(Database db) throws Exception {
        Dialect dialect = Dialects.find("auto", db.url());
        String table = "we\"ird`; DROP " + Services.uniqueName("t").toLowerCase();
        String id = "select";
        String text = "naïve\"col`; --";
        String auto = isPostgres(db) ? " BIGSERIAL PRIMARY KEY" : " BIGINT AUTO_INCREMENT PRIMARY KEY";
        db.execute("CREATE TABLE " + dialect.quote(table) + " (" + dialect.quote(id) + auto + ", " + dialect.quote(text)
                + " VARCHAR(20))");
        db.execute("INSERT INTO " + dialect.quote(table) + " (" + dialect.quote(text) + ") VALUES ('x'), ('y')");
        TableId tableId = new TableId(null, table);
        ReadPlan plan = new ReadPlan(tableId, dialect.qualified(tableId), Mode.INCREMENTING, id, List.of(), List.of(id), "t",
                ReadPlan.tablePartition(tableId));
        TableReader reader = new TableReader(plan, TableOffset.START, dialect, new TableReader.Settings(
                new ReadOptions(NumericMapping.BEST_FIT, ZoneOffset.UTC), UnmappedColumn.FAIL, 100, 5, 0L, 0L, true, -1L, null,
                TableReader.HELD_WARNING_MS));
        List<SourceRecord> records = drainUntil(reader, db, 2);
        assertEquals(List.of("x", "y"), records.stream().map(r -> ((Struct) r.value()).getString(text)).toList());
        assertEquals(2L, ((Struct) records.get(1).key()).getInt64(id));
        reader.close();
        db.execute("DROP TABLE " + dialect.quote(table));
    }

    /** Rows of one timestamp: a record carries the earlier timestamp until its timestamp's last row. */
    @ParameterizedTest
    @MethodSource("databases")
    void timestampModeResumesAtAWholeTimestamp(Database db) throws Exception {
        String table = createTable(db);
        db.execute("INSERT INTO " + table + " (item, updated_at) VALUES ('a', '2024-01-01 10:00:00')",
                "INSERT INTO " + table + " (item, updated_at) VALUES ('b', '2024-01-01 10:00:01')",
                "INSERT INTO " + table + " (item, updated_at) VALUES ('c', '2024-01-01 10:00:01')",
                "INSERT INTO " + table + " (item, updated_at) VALUES ('d', '2024-01-01 10:00:02')");
        TableReader reader = reader(db, table, Mode.TIMESTAMP, true, 100);
        List<SourceRecord> all = drain(reader, db, 50);
        assertEquals(4, all.size());
        List<Long> offsets = all.stream().map(r -> TableOffset.fromMap(r.sourceOffset()).timestamp().toEpochMilli()).toList();
        long t0 = java.time.Instant.parse("2024-01-01T10:00:00Z").toEpochMilli();
        assertEquals(List.of(t0, t0, t0 + 1000, t0 + 2000), offsets,
                "b carries 10:00:00 until c, its timestamp's last row, carries 10:00:01");
    }
}
