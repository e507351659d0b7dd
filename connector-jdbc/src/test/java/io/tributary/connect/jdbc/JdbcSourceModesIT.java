package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.tributary.connect.jdbc.JdbcSourceTestSupport.TIMEOUT;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.awaitValues;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.config;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.createTable;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.isPostgres;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each mode and the custom query through a real 2-worker cluster, on PostgreSQL and MariaDB: timestamp
 * mode re-reads changed rows, bulk mode re-reads the whole table, a query is read as a subselect in
 * its mode, one task reads several large tables over its one connection, and PostgreSQL's own column
 * types (enum, arrays) come out typed.
 */
class JdbcSourceModesIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    static Stream<Database> databases() {
        return Stream.of(Database.postgres(), Database.mariadb());
    }

    private static String base(String what) {
        return Services.uniqueName(what).toLowerCase().replace("-", "_");
    }

    /** {@code rows} rows a-1.. with qty = i, in one statement. */
    private static void fill(Database db, String table, int rows, String skuPrefix) {
        String series = isPostgres(db) ? "generate_series(1, " + rows + ") AS s(seq)" : "seq_1_to_" + rows;
        db.execute("INSERT INTO " + table + " (sku, qty, price) SELECT CONCAT('" + skuPrefix + "', seq), seq, seq / 4.0 FROM "
                + series);
    }

    private static Set<Long> ids(List<JsonNode> values) {
        return values.stream().map(v -> v.get("id").asLong()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * One task, three tables each larger than a poll's batch and a chunk: a query open on one table holds
     * the task's only connection, so the task finishes it before it turns to the next table. Every row once.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void oneTaskReadsSeveralLargeTablesOverItsOneConnection(Database db) {
        String base = base("srcmany");
        for (String t : List.of("_a", "_b", "_c")) {
            createTable(db, base + t);
            fill(db, base + t, 1500, t.substring(1) + "-");
        }
        String prefix = base + ".";
        Map<String, String> c = config(db, prefix, base + "_.*", "incrementing");
        c.put("tasks.max", "1");
        c.put("connection.pool.size", "1");
        c.put("batch.max.rows", "200");
        c.put("chunk.rows", "700");
        connect.configure(base, c);
        for (String t : List.of("_a", "_b", "_c")) {
            List<JsonNode> rows = awaitValues(connect, prefix + base + t, 1500);
            assertEquals(1500, rows.size(), t + ": each row once");
            assertEquals(1500, ids(rows).size(), t);
        }
        connect.awaitRunning(base, 1);
        connect.delete(base);
    }

    /**
     * Timestamp mode: every row, then the rows an update touched again (with their new values), nothing
     * else; rows sharing one timestamp all arrive.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void timestampModeReadsRowsAgainWhenTheyChange(Database db) throws InterruptedException {
        String base = base("srcts");
        String table = base + "_t";
        createTable(db, table);
        // 100 rows in one statement share one timestamp (now() is the transaction's start).
        fill(db, table, 100, "t-");
        String prefix = base + ".";
        Map<String, String> c = config(db, prefix, table, "timestamp");
        connect.configure(base, c);
        assertEquals(100, ids(awaitValues(connect, prefix + table, 100)).size());
        String now = isPostgres(db) ? "clock_timestamp()" : "NOW(6)";
        db.execute("UPDATE " + table + " SET qty = -1, updated_at = " + now + " WHERE id IN (3, 50, 77)");
        List<JsonNode> all = awaitValues(connect, prefix + table, 103);
        List<JsonNode> again = all.subList(100, all.size());
        assertEquals(Set.of(3L, 50L, 77L), ids(again), "the updated rows, once each");
        assertTrue(again.stream().allMatch(v -> v.get("qty").asInt() == -1), "with their new values: " + again);
        db.execute("INSERT INTO " + table + " (sku, qty, price) VALUES ('t-new', 5, 1.00)");
        List<JsonNode> later = awaitValues(connect, prefix + table, 104);
        assertEquals("t-new", later.get(103).get("sku").asText());
        Thread.sleep(2000);
        assertEquals(104, values(connect, prefix + table).size(), "nothing read twice");
        connect.delete(base);
    }

    /**
     * Out-of-order commits through the worker: a transaction takes an id and a timestamp and stays open
     * while later rows commit and the task polls on; once it commits, its row arrives too, in each
     * incremental mode, each row once.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void aRowCommittedLateArrivesInEachIncrementalMode(Database db) throws Exception {
        for (String mode : List.of("incrementing", "timestamp", "timestamp+incrementing")) {
            String base = base("srclate");
            String table = base + "_t";
            createTable(db, table);
            fill(db, table, 10, "l-");
            String prefix = base + ".";
            Map<String, String> c = config(db, prefix, table, mode);
            c.put("tasks.max", "1");
            connect.configure(base, c);
            awaitValues(connect, prefix + table, 10);
            try (java.sql.Connection slow = db.connect()) {
                slow.setAutoCommit(false);
                try (java.sql.Statement st = slow.createStatement()) {
                    st.execute("INSERT INTO " + table + " (sku, qty, price) VALUES ('slow', 1, 1.00)");
                }
                Thread.sleep(30); // the quick rows' timestamps come later
                db.execute("INSERT INTO " + table + " (sku, qty, price) VALUES ('quick-1', 1, 1.00)",
                        "INSERT INTO " + table + " (sku, qty, price) VALUES ('quick-2', 1, 1.00)");
                Thread.sleep(1500); // several polls while it is open
                slow.commit();
            }
            List<JsonNode> all = awaitValues(connect, prefix + table, 13);
            assertTrue(all.stream().anyMatch(v -> v.get("sku").asText().equals("slow")), mode + ": the late row: " + all);
            assertEquals(13, ids(all).size(), mode + ": every row");
            Thread.sleep(1000);
            assertEquals(13, values(connect, prefix + table).size(), mode + ": each once");
            connect.delete(base);
        }
    }

    /**
     * topic.name.format names each table's topic (here with its schema), and a table name Kafka would refuse
     * as a topic (a space, an accented letter) becomes a legal one.
     */
    @Test
    void topicsAreNamedByTheFormatAndMadeLegalForKafka() {
        Database db = Database.postgres();
        String base = base("srctopic");
        String table = base + " Prix été";
        db.execute("CREATE TABLE \"" + table + "\" (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL)",
                "INSERT INTO \"" + table + "\" (sku) VALUES ('p-1')");
        String prefix = base + ".";
        Map<String, String> c = config(db, prefix, base + " Prix .*", "incrementing");
        c.put("topic.name.format", "${prefix}${schema}.${table}");
        connect.configure(base, c);
        List<JsonNode> rows = awaitValues(connect, prefix + "public." + base + "_Prix__t_", 1);
        assertEquals("p-1", rows.get(0).get("sku").asText());
        connect.delete(base);
    }

    /**
     * A table created later that the lists select but that lacks the mode's tracking column is named once in
     * the log, clearly, and left out while the others are read, however often the tables are listed again.
     */
    @Test
    void aTableMissingItsTrackingColumnIsReportedOnceAndLeftOut() throws Exception {
        Database db = Database.postgres();
        String base = base("srcmiss");
        createTable(db, base + "_good");
        fill(db, base + "_good", 5, "g-");
        String prefix = base + ".";
        Map<String, String> c = config(db, prefix, base + "_.*", "timestamp");
        c.put("table.poll.interval.ms", "1000");
        try (io.tributary.connect.testkit.LogCapture log = io.tributary.connect.testkit.LogCapture.start()) {
            connect.configure(base, c);
            assertEquals(5, awaitValues(connect, prefix + base + "_good", 5).size());
            // Made after the connector started (validate refuses a config whose tables lack the column).
            db.execute("CREATE TABLE " + base + "_plain (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL)",
                    "INSERT INTO " + base + "_plain (sku) VALUES ('p-1')");
            Thread.sleep(4_000); // several listings
            db.execute("INSERT INTO " + base + "_good (sku, qty, price) VALUES ('g-new', 1, 1.00)");
            assertEquals(6, awaitValues(connect, prefix + base + "_good", 6).size(), "the other table is still read");
            List<String> warnings = log.linesContaining("Not reading public." + base + "_plain");
            assertEquals(1, warnings.size(), "once: " + warnings);
            assertTrue(warnings.get(0).contains("no column updated_at (timestamp.column.name)"), warnings.get(0));
        }
        connect.awaitRunning(base, 1);
        connect.delete(base);
    }

    /** Bulk mode: the whole table each poll interval, so a deleted row stops appearing. No offsets. */
    @ParameterizedTest
    @MethodSource("databases")
    void bulkModeReadsTheWholeTableEachPoll(Database db) {
        String base = base("srcbulk");
        String table = base + "_t";
        createTable(db, table);
        fill(db, table, 40, "b-");
        String prefix = base + ".";
        Map<String, String> c = config(db, prefix, table, "bulk");
        c.put("poll.interval.ms", "500");
        connect.configure(base, c);
        List<JsonNode> twice = awaitValues(connect, prefix + table, 80);
        assertEquals(ids(twice.subList(0, 40)), ids(twice.subList(40, 80)), "each pass is the whole table");
        assertEquals(40, ids(twice.subList(0, 40)).size());
        db.execute("DELETE FROM " + table + " WHERE id = 7");
        Set<Long> remaining = new TreeSet<>(ids(twice.subList(0, 40)));
        remaining.remove(7L);
        // Passes go on: soon one of them (a run of records from id 1) is the table without the deleted row.
        Await.until(TIMEOUT, "a pass without the deleted row", () -> {
            List<JsonNode> all = values(connect, prefix + table);
            for (int start = 80; start + 39 <= all.size(); start++) {
                if (all.get(start).get("id").asLong() == 1 && ids(all.subList(start, start + 39)).equals(remaining)) {
                    return true;
                }
            }
            return false;
        });
        connect.delete(base);
    }

    /**
     * A custom query is read as a subselect, with the connector's own WHERE and ORDER BY outside it: its
     * filter and computed column hold, its records go to topic.prefix as the topic, and rows added later
     * that match arrive; in incrementing and in timestamp+incrementing mode.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void customQueryIsReadInItsMode(Database db) throws InterruptedException {
        for (String mode : List.of("incrementing", "timestamp+incrementing")) {
            String base = base("srcq");
            String table = base + "_t";
            createTable(db, table);
            fill(db, table, 60, "q-");
            String topic = base + "_big_moves";
            Map<String, String> c = config(db, topic, "", mode);
            c.remove("table.include.list");
            c.put("query", "SELECT o.id, o.sku, o.qty * 2 AS double_qty, o.updated_at FROM " + table + " o WHERE o.qty > 10");
            c.put("incrementing.column.name", "id");
            c.put("tasks.max", "1");
            connect.configure(base, c);
            List<JsonNode> rows = awaitValues(connect, topic, 50);
            assertEquals(50, ids(rows).size(), mode);
            assertTrue(rows.stream().allMatch(v -> v.get("double_qty").asLong() == 2 * v.get("id").asLong() && v.get("id").asLong() > 10),
                    mode + ": the query's filter and computed column: " + rows.get(0));
            db.execute("INSERT INTO " + table + " (sku, qty, price) VALUES ('small', 1, 1.00), ('large', 99, 1.00)");
            List<JsonNode> later = awaitValues(connect, topic, 51);
            assertEquals("large", later.get(50).get("sku").asText(), mode + ": the new row the query selects");
            Thread.sleep(2000);
            assertEquals(51, values(connect, topic).size(), mode + ": and not the one it filters out");
            connect.delete(base);
        }
    }

    /**
     * PostgreSQL's own types from a table made by hand: an enum comes out as a string whose schema lists the
     * labels, int4[] and text[] as arrays (NULL elements kept), and a column the connector cannot map
     * (numeric[]) is left out with column.unmapped.action=skip.
     */
    @Test
    void postgresEnumsAndArraysComeOutTyped() throws Exception {
        Database db = Database.postgres();
        String base = base("srcpgt");
        String table = base + "_t";
        db.execute("CREATE TYPE " + base + "_state AS ENUM ('draft', 'listed', 'retired')");
        db.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, state " + base + "_state NOT NULL, "
                + "shelves INT4[], tags TEXT[], weights NUMERIC[])");
        db.execute("INSERT INTO " + table + " (state, shelves, tags, weights) VALUES ('listed', '{3,1,2}', "
                + "ARRAY['fresh', NULL, 'local'], '{1.5}'), ('retired', NULL, '{}', NULL)");
        String prefix = base + ".";
        Map<String, String> c = new HashMap<>(config(db, prefix, table, "incrementing"));
        c.put("value.converter.schemas.enable", "true");
        c.put("column.unmapped.action", "skip");
        connect.configure(base, c);
        List<JsonNode> rows = awaitValues(connect, prefix + table, 2);
        JsonNode schema = rows.get(0).get("schema");
        JsonNode first = rows.get(0).get("payload");
        JsonNode second = rows.get(1).get("payload");
        JsonNode state = field(schema, "state");
        assertEquals("io.debezium.data.Enum", state.get("name").asText());
        assertEquals("draft,listed,retired", state.get("parameters").get("allowed").asText());
        assertEquals("listed", first.get("state").asText());
        assertEquals("retired", second.get("state").asText());
        assertEquals("array", field(schema, "shelves").get("type").asText());
        assertEquals("int32", field(schema, "shelves").get("items").get("type").asText());
        assertEquals("[3,1,2]", first.get("shelves").toString());
        assertEquals("[\"fresh\",null,\"local\"]", first.get("tags").toString());
        assertTrue(second.get("shelves").isNull());
        assertEquals("[]", second.get("tags").toString());
        assertFalse(first.has("weights"), "the unmapped column is skipped: " + first);
        connect.delete(base);
    }

    private static JsonNode field(JsonNode schema, String name) {
        for (JsonNode f : schema.get("fields")) {
            if (f.get("field").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + schema);
    }
}
