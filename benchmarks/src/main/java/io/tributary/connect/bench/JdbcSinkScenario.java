package io.tributary.connect.bench;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one sink connector over the pre-filled topic into a fresh table and times it from the first
 * rows landing to the last, so worker start-up and consumer-group joins are not counted.
 */
final class JdbcSinkScenario {
    static final String SCENARIO = "jdbc-sink";
    static final String TRIBUTARY = "io.tributary.connect.jdbc.JdbcSinkConnector";
    static final String DEBEZIUM = "io.debezium.connector.jdbc.JdbcSinkConnector";
    /** Upsert into a table that already holds every key: each record updates a row. */
    static final String UPSERT_EXISTING = "upsert, rows exist";
    /** Upsert of the same orders as Debezium change events, which both sinks apply without an SMT. */
    static final String CDC_EVENTS = "upsert, CDC events";

    private final EmbeddedConnectCluster connect;
    private final Postgres pg;
    private final String topic;
    private final String cdcTopic;
    private final long records;
    private final int batchSize;
    private final long fullSizeBytes;

    /** {@code fullSizeBytes}: the size of a table holding all the rows, as the \copy limit left it. */
    JdbcSinkScenario(EmbeddedConnectCluster connect, Postgres pg, String topic, String cdcTopic, long records, int batchSize,
                     long fullSizeBytes) {
        this.cdcTopic = cdcTopic;
        this.fullSizeBytes = fullSizeBytes;
        this.connect = connect;
        this.pg = pg;
        this.topic = topic;
        this.records = records;
        this.batchSize = batchSize;
    }

    Result tributary(String mode, int tasks) throws Exception {
        return run("tributary", "Tributary JDBC sink", mode, tasks, tributaryConfig(base(mode)), "table.name.format");
    }

    Result debezium(String mode, int tasks, boolean unnest) throws Exception {
        String name = "Debezium JDBC sink 3.6.0" + (unnest ? " (UNNEST)" : "");
        return run("peer", name, mode, tasks, debeziumConfig(base(mode), unnest), "collection.name.format");
    }

    /** Tributary applying the change-event topic (change.event.format=auto picks the events out). */
    Result tributaryChangeEvents(int tasks) throws Exception {
        Map<String, String> c = tributaryConfig("upsert");
        c.put("delete.enabled", "true");
        return run("tributary", "Tributary JDBC sink", CDC_EVENTS, tasks, c, "table.name.format");
    }

    /** Debezium's sink on the change-event topic: what it is made for. */
    Result debeziumChangeEvents(int tasks) throws Exception {
        Map<String, String> c = debeziumConfig("upsert", false);
        c.put("delete.enabled", "true");
        return run("peer", "Debezium JDBC sink 3.6.0", CDC_EVENTS, tasks, c, "collection.name.format");
    }

    /** The connector's insert.mode for a benchmark mode. */
    /**
     * The CPU per record of a run's threads; a run whose threads were not found (none matched, or they spent
     * nothing) fails, rather than report a figure that counts nothing.
     */
    static double microsPerRecord(ThreadCpu.Reading threads, long records, String run) {
        if (threads.threadNames().isEmpty() || threads.cpuNanos() <= 0) {
            throw new IllegalStateException("no thread of " + run + " was found to have run: " + threads);
        }
        return threads.microsPer(records);
    }

    private static String base(String mode) {
        return mode.equals(UPSERT_EXISTING) || mode.equals(CDC_EVENTS) ? "upsert" : mode;
    }

    LatencyRun.Latency tributaryLatency(int tasks, int rate, int seconds) throws Exception {
        Map<String, String> c = tributaryConfig("insert");
        c.put("tasks.max", Integer.toString(tasks));
        return LatencyRun.measure(connect, pg, "Tributary JDBC sink", c, "table.name.format", rate, seconds);
    }

    LatencyRun.Latency debeziumLatency(int tasks, int rate, int seconds) throws Exception {
        Map<String, String> c = debeziumConfig("insert", false);
        c.put("tasks.max", Integer.toString(tasks));
        return LatencyRun.measure(connect, pg, "Debezium JDBC sink 3.6.0", c, "collection.name.format", rate, seconds);
    }

    private Map<String, String> tributaryConfig(String mode) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", TRIBUTARY);
        c.put("connection.url", pg.url);
        c.put("connection.user", pg.user);
        c.put("connection.password", pg.password);
        c.put("insert.mode", mode);
        c.put("pk.mode", mode.equals("upsert") ? "record_key" : "none");
        c.put("batch.size", Integer.toString(batchSize));
        return c;
    }

    private Map<String, String> debeziumConfig(String mode, boolean unnest) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", DEBEZIUM);
        c.put("connection.url", pg.url);
        c.put("connection.username", pg.user);
        c.put("connection.password", pg.password);
        c.put("insert.mode", mode);
        c.put("primary.key.mode", mode.equals("upsert") ? "record_key" : "none");
        if (mode.equals("upsert")) {
            c.put("primary.key.fields", "id");
        }
        c.put("schema.evolution", "none");
        c.put("batch.size", Integer.toString(batchSize));
        if (unnest) {
            c.put("dialect.postgres.unnest.insert.enabled", "true");
        }
        return c;
    }

    private Result run(String kind, String name, String mode, int tasks, Map<String, String> config, String tableKey)
            throws Exception {
        boolean existing = mode.equals(UPSERT_EXISTING);
        String table = ("bench_" + kind + "_" + (existing ? "update" : mode.equals(CDC_EVENTS) ? "cdc" : mode) + "_" + tasks + "_"
                + (name.contains("UNNEST") ? "unnest" : "std")).toLowerCase();
        pg.execute("DROP TABLE IF EXISTS " + table, OrderRecords.tableDdl(table, base(mode).equals("upsert")));
        if (existing) {
            // Every key already there with other values, settled (vacuumed) before the connector starts;
            // autovacuum off so each update's new row version grows the table, which is how progress shows.
            pg.execute("INSERT INTO " + table + " (" + OrderRecords.COLUMNS + ") SELECT g, 'old', 'old', 0, 0, NULL, "
                    + "now() FROM generate_series(0, " + (records - 1) + ") g", "VACUUM ANALYZE " + table,
                    "ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
        }
        pg.checkpoint();
        config.put("topics", mode.equals(CDC_EVENTS) ? cdcTopic : topic);
        config.put("tasks.max", Integer.toString(tasks));
        config.put(tableKey, table);
        // Both connectors get the same consumer: one poll can fill one batch.
        config.put("consumer.override.max.poll.records", Integer.toString(batchSize));
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        System.out.printf("  %-32s %-6s tasks=%d ...%n", name, mode, tasks);
        long deadline = System.nanoTime() + (long) ((records / 2_000.0 + 180) * 1e9);
        // A fresh connector name per run: a sink's consumer group keeps its offsets after the
        // connector is deleted, so a second run under the same name would read nothing.
        String connector = table + "_" + Long.toString(System.nanoTime(), 36);
        ThreadCpu threadCpu = null;
        try (ProcessStats stats = new ProcessStats(); Connection conn = pg.connect()) {
            connect.configureConnector(connector, config);
            long firstAt = 0;
            MachineCpu cpu = null;
            long firstCount = 0;
            long baseSize = existing ? pg.relationSize(conn, table) : -1;
            long lastSize = baseSize;
            long lastGrowth = 0;
            long countedAt = 0;
            long count = 0;
            long lastAt = 0;
            while (count < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " " + mode + " wrote " + count + " of " + records + " rows in time; "
                            + "status: " + connect.connectorStatus(connector));
                }
                Thread.sleep(50);
                long now = System.nanoTime();
                if (existing) {
                    // Updates leave the row count alone: watch the table grow by the new row versions, and
                    // count the updated rows (a scan) only once it has grown as much as a full load or has
                    // stopped growing. The run ends when the table last grew.
                    long size = pg.relationSize(conn, table);
                    if (size != lastSize) {
                        lastSize = size;
                        lastGrowth = now;
                        if (firstAt == 0) {
                            firstAt = now;
                            cpu = new MachineCpu(pg.isLocal() ? "postgres" : null);
                            threadCpu = new ThreadCpu(ThreadCpu.Threads.sinkConnector(connector));
                            firstCount = pg.updatedOrders(conn, table);
                        }
                    }
                    // Counted once per stall, so a pause (a rebalance) does not make this loop scan non-stop.
                    boolean stalled = firstAt != 0 && now - lastGrowth > 500_000_000L && countedAt < lastGrowth;
                    if (firstAt != 0 && (stalled || size >= baseSize + fullSizeBytes * 0.97)) {
                        count = pg.updatedOrders(conn, table);
                        countedAt = now;
                    }
                    lastAt = lastGrowth;
                    continue;
                }
                // count(*) over a growing table costs the database a scan: watch the cheap relation size
                // until the table is nearly as large as the same rows loaded by \copy, then count.
                long size = pg.relationSize(conn, table);
                if (firstAt == 0) {
                    if (size > 0) {
                        firstAt = now;
                        cpu = new MachineCpu(pg.isLocal() ? "postgres" : null);
                        threadCpu = new ThreadCpu(ThreadCpu.Threads.sinkConnector(connector));
                        firstCount = pg.count(conn, table);
                        count = firstCount;
                    }
                } else if (size >= fullSizeBytes * 0.97) {
                    count = pg.count(conn, table);
                    now = System.nanoTime();
                }
                lastAt = now;
            }
            double busy = cpu == null ? Double.NaN : cpu.busyPercent();
            double database = cpu == null ? Double.NaN : cpu.processCores();
            ThreadCpu.Reading threads = threadCpu == null ? null : threadCpu.read();
            List<Long> split = TaskSplit.read(connector, true, tasks);
            connect.deleteConnector(connector);
            long measured = records - firstCount;
            double seconds = (lastAt - firstAt) / 1e9;
            if (measured == 0 || seconds <= 0) {
                throw new IllegalStateException("all rows landed between two samples; raise --records");
            }
            Result r = new Result(SCENARIO, kind, name, mode, tasks, measured, seconds, stats.maxHeapMb(), stats.maxRssMb(), busy,
                    database, threads == null ? Double.NaN : microsPerRecord(threads, measured, connector), split);
            System.out.printf("  %-32s %-6s tasks=%d %,12.0f rows/s, %.2f µs CPU/row in %d threads, split %s%n", name, mode,
                    tasks, r.rate(), r.threadCpuMicros(), threads == null ? 0 : threads.threadNames().size(), split);
            return r;
        } finally {
            if (threadCpu != null) {
                threadCpu.close();
            }
            try {
                pg.execute("DROP TABLE IF EXISTS " + table);
            } catch (IllegalStateException ignored) {
                // leave it for the next run's DROP
            }
        }
    }
}
