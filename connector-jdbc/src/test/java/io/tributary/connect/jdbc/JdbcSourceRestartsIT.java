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
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
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
        String table = Services.uniqueName("src_eos").toLowerCase().replace('-', '_');
        db.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL, qty INTEGER NOT NULL)",
                "INSERT INTO " + table + " (sku, qty) SELECT 'sku-' || g, g FROM generate_series(1, " + rows + ") g");
        return table;
    }

    private static Map<String, String> config(String table, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("connection.url", Services.postgresUrl());
        c.put("connection.user", Services.postgresUser());
        c.put("connection.password", Services.postgresPassword());
        c.put("mode", "incrementing");
        c.put("table.include.list", table);
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "200");
        c.put("chunk.rows", "2000");
        c.put("batch.max.rows", "250");
        c.put("exactly.once.support", "required");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "2");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
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
        connect.configure(table, config(table, prefix));
        connect.awaitRunning(table, 1);
        awaitIds(topic, 2_000);
        String workerId = connect.status(table).tasks().get(0).workerId();
        WorkerHandle running = connect.cluster().workers().stream()
                .filter(w -> workerId.endsWith(":" + w.url().getPort())).findFirst().orElseThrow();
        connect.cluster().removeWorker(running);
        int atRemoval = committedIds(topic).size();
        assertTrue(atRemoval < rows, "the worker left in the middle of the load, at " + atRemoval + " rows");
        connect.cluster().addWorker();
        connect.awaitRunning(table, 1);
        List<Long> ids = awaitIds(topic, rows);
        Set<Long> distinct = new HashSet<>(ids);
        assertEquals(rows, distinct.size(), "every row");
        assertEquals(rows, ids.size(), "each row once: " + (ids.size() - distinct.size()) + " duplicates");
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
