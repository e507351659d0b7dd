package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.jdbc.db.TableId;
import io.tributary.connect.jdbc.source.ReadPlan;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import io.tributary.connect.testkit.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDBC source on workers with exactly-once source support: a worker leaving in the middle of a
 * first load, and offsets moved through the REST API.
 */
class JdbcSourceRestartsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2)
            .workerProp("exactly.once.source.support", "enabled")
            .brokerProp("transaction.state.log.replication.factor", "1")
            .brokerProp("transaction.state.log.min.isr", "1")
            .build();

    private final Database db = Database.postgres();

    private String table(int rows) {
        return table(db, rows);
    }

    /** A table of {@code rows} rows, filled in one statement. */
    private static String table(Database db, int rows) {
        String table = Services.uniqueName("src_eos").toLowerCase().replace('-', '_');
        boolean postgres = JdbcSourceTestSupport.isPostgres(db);
        db.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL, qty INTEGER NOT NULL)",
                "INSERT INTO " + table + " (id, sku, qty) SELECT seq, CONCAT('sku-', seq), seq FROM "
                        + (postgres ? "generate_series(1, " + rows + ") AS s(seq)" : "seq_1_to_" + rows));
        return table;
    }

    private Map<String, String> config(String table, String prefix) {
        return config(db, table, prefix);
    }

    private static Map<String, String> config(Database db, String table, String prefix) {
        Map<String, String> c = JdbcSourceTestSupport.config(db, prefix, table, "incrementing");
        c.remove("timestamp.column.name");
        c.put("tasks.max", "1");
        c.put("chunk.rows", "2000");
        c.put("batch.max.rows", "250");
        c.put("exactly.once.support", "required");
        c.put("topic.creation.default.partitions", "2");
        return c;
    }

    /** The ids of the committed records (read_committed: aborted transactions' records are not seen). */
    private static List<Long> committedIds(String topic) {
        try {
            List<Long> ids = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, Map.of("isolation.level", "read_committed"),
                    null, topic)) {
                JsonNode v = JSON.readTree(r.value());
                ids.add(v.get("id").asLong());
            }
            return ids;
        } catch (Exception e) {
            return List.of(); // not created yet
        }
    }

    private static List<Long> awaitIds(String topic, int n) {
        return Await.value(TIMEOUT, n + " committed records in " + topic, () -> committedIds(topic), ids -> ids.size() >= n);
    }

    @Test
    void aWorkerLeavingInTheMiddleOfAFirstLoadCostsNoRowAndNoDuplicate() {
        int rows = 40_000;
        String table = table(rows);
        String prefix = "eos.";
        String topic = prefix + table;
        loadWhileTheWorkerRunningItLeaves(table, config(table, prefix), topic, rows);
        connect.delete(table);
    }

    /**
     * Runs the connector, removes the worker running its task once 2,000 records are in, adds a worker, and
     * checks every row arrived once; returns the ids in the topic's order.
     */
    private static List<Long> loadWhileTheWorkerRunningItLeaves(String table, Map<String, String> config, String topic,
                                                                int rows) {
        connect.configure(table, config);
        connect.awaitRunning(table, 1);
        // By end offsets, not by reading the topic (which takes long enough for a fast load to finish meanwhile).
        Await.until(TIMEOUT, "2,000 records written to " + topic, () -> connect.endOffsets(topic) >= 2_000);
        connect.removeWorkerRunning(table);
        long atRemoval = connect.endOffsets(topic);
        assertTrue(atRemoval < rows, "the worker left in the middle of the load, at end offset " + atRemoval);
        connect.cluster().addWorker();
        connect.awaitRunning(table, 1);
        List<Long> ids = awaitIds(topic, rows);
        Set<Long> distinct = new HashSet<>(ids);
        assertEquals(rows, distinct.size(), "every row");
        assertEquals(rows, ids.size(), "each row once: " + (ids.size() - distinct.size()) + " duplicates");
        return ids;
    }

    /**
     * Bulk mode reads a pass in primary key order, each record's offset its key: a worker leaving in the
     * middle of the pass, the task goes on elsewhere after the last key committed, so the pass holds every
     * row once, in key order (exactly-once workers commit each poll's records with its offset).
     */
    @Test
    void aWorkerLeavingInTheMiddleOfABulkPassCostsNoRowAndNoDuplicate() {
        int rows = 60_000;
        String table = table(rows);
        String prefix = "bulk.";
        String topic = prefix + table;
        Map<String, String> c = config(table, prefix);
        c.put("mode", "bulk");
        c.remove("exactly.once.support");
        c.put("poll.interval.ms", "600000"); // one pass in this test
        // Many small chunks and polls: the pass lasts long enough on a fast machine for the worker to leave in it.
        c.put("chunk.rows", "2000");
        c.put("batch.max.rows", "250");
        c.put("topic.creation.default.partitions", "1"); // one partition, so the topic keeps the pass's order
        List<Long> ids = loadWhileTheWorkerRunningItLeaves(table, c, topic, rows);
        assertEquals(ids.stream().sorted().toList(), ids, "in key order, the pass not started over");
        connect.delete(table);
    }

    /**
     * The database drops the task's connection again and again in the middle of a load (as a failover or
     * an administrator's pg_terminate_backend does): the task retries, and every row arrives once.
     */
    @Test
    void connectionsKilledMidLoadCostNoRowAndNoDuplicate() throws Exception {
        int rows = 30_000;
        String table = table(rows);
        String prefix = "outage.";
        String topic = prefix + table;
        Map<String, String> c = config(table, prefix);
        c.put("retry.backoff.ms", "200");
        c.put("retry.backoff.max.ms", "1000");
        connect.configure(table, c);
        connect.awaitRunning(table, 1);
        awaitIds(topic, 1_000);
        long killed = 0;
        for (int round = 0; round < 5 && committedIds(topic).size() < rows; round++) {
            // The task's pool names its connections after the connector (application_name).
            killed += db.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE "
                    + "'tributary-jdbc-source-" + table + "-%'");
            Thread.sleep(700);
        }
        assertTrue(killed > 0, "the task's connections were found and cut");
        List<Long> ids = awaitIds(topic, rows);
        assertEquals(rows, new HashSet<>(ids).size(), "every row");
        assertEquals(rows, ids.size(), "each row once");
        connect.awaitRunning(table, 1);
        connect.delete(table);
    }

    /**
     * The database goes away for seconds in the middle of a load, as while it restarts or fails over: open
     * connections are reset, new ones refused until it is back. The task retries with backoff, resumes
     * from its offset, and every row arrives once, on PostgreSQL and on MariaDB.
     */
    @ParameterizedTest
    @MethodSource("io.tributary.connect.jdbc.JdbcSourceModesIT#databases")
    void theDatabaseGoneForSecondsMidLoadCostsNoRowAndNoDuplicate(Database direct) throws Exception {
        int rows = 30_000;
        String table = table(direct, rows);
        TcpProxy proxy = direct.proxy();
        Database db = direct.through(proxy);
        try {
            String prefix = "gone.";
            String topic = prefix + table;
            Map<String, String> c = config(db, table, prefix);
            c.put("retry.backoff.ms", "200");
            c.put("retry.backoff.max.ms", "1000");
            c.put("max.retries", "40");
            connect.configure(table, c);
            connect.awaitRunning(table, 1);
            awaitIds(topic, 1_000);
            proxy.cut();
            int atCut = committedIds(topic).size();
            Thread.sleep(6_000);
            assertEquals("RUNNING", connect.status(table).tasks().get(0).state(), "the task waits for the database");
            proxy.restore();
            assertTrue(atCut < rows, "the database went away in the middle of the load, at " + atCut + " rows");
            List<Long> ids = awaitIds(topic, rows);
            assertEquals(rows, new HashSet<>(ids).size(), "every row");
            assertEquals(rows, ids.size(), "each row once");
            connect.awaitRunning(table, 1);
            connect.delete(table);
        } finally {
            proxy.close();
        }
    }

    @Test
    void offsetsMovedThroughRestAreCheckedAndFollowed() throws Exception {
        int rows = 500;
        String table = table(rows);
        String prefix = "offsets.";
        String topic = prefix + table;
        connect.configure(table, config(table, prefix));
        connect.awaitRunning(table, 1);
        assertEquals(rows, awaitIds(topic, rows).size());
        connect.cluster().stopConnector(table);
        Await.until(TIMEOUT, table + " stopped", () -> "STOPPED".equals(connect.status(table).connector().state()));

        String schema = "public";
        Map<String, Object> partition = Map.of(ReadPlan.PARTITION_TABLE, new TableId(schema, table).toString());
        ConnectRestException refused = assertThrows(ConnectRestException.class, () -> connect.cluster().alterConnectorOffsets(table,
                new ConnectorOffsets(List.of(new ConnectorOffset(partition, Map.of("incrementing", "four hundred"))))));
        assertTrue(refused.getMessage().contains("incrementing") && refused.getMessage().contains("integer"),
                refused.getMessage());

        connect.cluster().alterConnectorOffsets(table, new ConnectorOffsets(List.of(new ConnectorOffset(partition,
                Map.of("incrementing", 400L)))));
        connect.cluster().resumeConnector(table);
        connect.awaitRunning(table, 1);
        List<Long> ids = awaitIds(topic, rows + 100);
        assertEquals(rows + 100, ids.size(), "rows 401 to 500 read again");
        Map<Long, Integer> seen = new HashMap<>();
        ids.forEach(id -> seen.merge(id, 1, Integer::sum));
        for (long id = 1; id <= rows; id++) {
            assertEquals(id > 400 ? 2 : 1, seen.get(id), "row " + id);
        }
        connect.delete(table);
    }
}
