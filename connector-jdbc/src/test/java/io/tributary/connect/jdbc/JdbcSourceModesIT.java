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
