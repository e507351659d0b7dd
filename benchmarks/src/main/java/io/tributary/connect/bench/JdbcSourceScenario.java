package io.tributary.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDBC source over four PostgreSQL tables: an initial load in incrementing mode, and a catch-up
 * in timestamp+incrementing mode of as many rows again, newer than the offset the connector starts
 * from ({@code timestamp.initial}), in tables holding as many older rows that its query must skip.
 * Each run writes to topics of its own and is timed from the first record reaching Kafka until Kafka
 * holds them all, so worker start-up and table discovery are not counted. The limit reads the same
 * rows and writes the same records without Connect ({@link JdbcFetchProduceLimit}), timed in every
 * round beside the connector. A last run loads one large table through a worker of its own with a
 * 512 MB heap ({@link HeapBoundWorker}).
 */
final class JdbcSourceScenario {
    static final String SCENARIO = "jdbc-source";
    static final String CONNECTOR = "io.tributary.connect.jdbc.JdbcSourceConnector";
    static final String LOAD = "initial load, incrementing";
    static final String CATCH_UP = "catch-up, timestamp+incrementing";
    static final String LIMIT = "JDBC fetch + Kafka producer (JsonConverter)";
    static final String HEAP = "one large table, worker heap";
    static final int TABLES = 4;
    /** The connector's default fetch.size, which the limit uses too. */
    static final int FETCH_SIZE = 1000;

    private final EmbeddedConnectCluster connect;
    private final Postgres pg;
    private final long rows;
    private final RetailTables tables;
    private List<String> loadTables;
    private List<String> catchUpTables;
    /** The topics of the first limit run, whose records the first initial load is checked against. */
    private String limitPrefix;
    private boolean checked;
    /** The GC figures of the last heap-bound run. */
    private HeapBoundWorker.Heap lastHeap;

    private final boolean showThreads;

    /**
     * {@code rows}: the rows of each run, over all four tables; {@code showThreads}: print where each run's
     * counted CPU went, thread by thread.
     */
    JdbcSourceScenario(EmbeddedConnectCluster connect, Postgres pg, long rows, boolean showThreads) {
        this.connect = connect;
        this.pg = pg;
        this.rows = rows;
        this.tables = new RetailTables(pg);
        this.showThreads = showThreads;
    }

    long rows() {
        return rows;
    }

    /** The load tables (rows/4 each) and the catch-up tables (twice that: the older half is behind the offset). */
    void createTables() {
        long each = rows / TABLES;
        System.out.printf("Creating %d tables of %,d rows and %d of %,d...%n", TABLES, each, TABLES, 2 * each);
        loadTables = tables.create("bench_src_load", TABLES, each);
        catchUpTables = tables.create("bench_src_catchup", TABLES, 2 * each);
        pg.checkpoint();
    }

    void dropTables() {
        tables.drop(loadTables);
        tables.drop(catchUpTables);
    }

    /**
     * The limit with {@code threads} streams (1, or one per table as 4 tasks have), reading what the initial
     * load reads, or with {@code catchUp} what the catch-up reads, the same way (by timestamp, from its offset).
     */
    Result limit(int threads, boolean catchUp) throws Exception {
        String prefix = freshPrefix("limit");
        List<String> source = catchUp ? catchUpTables : loadTables;
        createTopics(prefix, source);
        MachineCpu cpu = new MachineCpu(pg.isLocal() ? "postgres" : null);
        double seconds;
        ThreadCpu.Reading threadsCpu;
        try (ThreadCpu threadCpu = new ThreadCpu(JdbcFetchProduceLimit.THREADS);
             ThreadCpu everyThread = showThreads ? new ThreadCpu(ThreadCpu.Threads.all()) : null) {
            long requests = BrokerRequests.produceRequests();
            seconds = JdbcFetchProduceLimit.run(connect.kafka(), pg, source, prefix, threads, FETCH_SIZE,
                    catchUp ? RetailTables.updatedAtMs(rows / TABLES) : null);
            threadsCpu = threadCpu.read();
            if (everyThread != null) {
                System.out.printf("  %.1f records per produce request; every thread of this JVM:%n%s",
                        perRun() / (double) (BrokerRequests.produceRequests() - requests), everyThread.read().top(16, perRun()));
            }
        }
        long written = written(prefix, source);
        if (written != perRun()) {
            throw new IllegalStateException("the limit wrote " + written + " records of " + rows);
        }
        Result r = new Result(SCENARIO, "limit", LIMIT, limitMode(threads, catchUp), 0, written,
                seconds, 0, 0, cpu.busyPercent(), cpu.processCores(), JdbcSinkScenario.microsPerRecord(threadsCpu, written, LIMIT));
        System.out.printf("  %-40s %-26s %,12.0f rows/s, %.2f µs CPU/row%n", LIMIT, r.mode(), r.rate(), r.threadCpuMicros());
        show(threadsCpu, written);
        if (limitPrefix == null && !catchUp) {
            limitPrefix = prefix;
        }
        return r;
    }

    private void show(ThreadCpu.Reading threads, long records) {
        if (showThreads) {
            System.out.print(threads.top(12, records));
        }
    }

    /** The limit's mode for {@code threads} streams: "1 stream", "4 streams, by timestamp". */
    static String limitMode(int threads, boolean catchUp) {
        return (threads == 1 ? "1 stream" : threads + " streams") + (catchUp ? ", by timestamp" : "");
    }

    /** The rows a run reads: rows/4 of each table (the catch-up's newer half). */
    private long perRun() {
        return rows / TABLES * TABLES;
    }

    /** The initial load: every row of the load tables, in incrementing mode. */
    Result initialLoad(int tasks) throws Exception {
        Map<String, String> c = config("incrementing", "bench_src_load_.*", tasks);
        return run(LOAD, tasks, c, loadTables);
    }

    /** The catch-up: the newer half of the catch-up tables, from an offset in timestamp+incrementing mode. */
    Result catchUp(int tasks) throws Exception {
        Map<String, String> c = config("timestamp+incrementing", "bench_src_catchup_.*", tasks);
        c.put("timestamp.column.name", "updated_at");
        // Rows 1..each are behind the offset; each+1..2*each are new to it.
        c.put("timestamp.initial", Long.toString(RetailTables.updatedAtMs(rows / TABLES + 1)));
        return run(CATCH_UP, tasks, c, catchUpTables);
    }

    private Map<String, String> config(String mode, String include, int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR);
        c.put("connection.url", pg.url);
        c.put("connection.user", pg.user);
        c.put("connection.password", pg.password);
        c.put("mode", mode);
        c.put("table.include.list", "public\\." + include);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return c;
    }

    private Result run(String mode, int tasks, Map<String, String> config, List<String> tables) throws Exception {
        String prefix = freshPrefix(mode.startsWith("initial") ? "load" + tasks : "catchup" + tasks);
        createTopics(prefix, tables);
        config.put("topic.prefix", prefix);
        String connector = prefix.substring(0, prefix.length() - 1);
        long expected = perRun();
        System.out.printf("  Tributary JDBC source %-36s tasks=%d ...%n", mode, tasks);
        ThreadCpu[] threadCpu = new ThreadCpu[1];
        MachineCpu[] cpu = new MachineCpu[1];
        try (ProcessStats stats = new ProcessStats()) {
            List<TopicPartition> parts = tables.stream().map(t -> new TopicPartition(prefix + t, 0)).toList();
            connect.configureConnector(connector, config);
            ThreadCpu[] everyThread = new ThreadCpu[1];
            long[] requests = new long[1];
            TopicProgress.Window window = TopicProgress.await(connect.kafka(), parts, expected, 20, (count, first) -> {
                if (first) {
                    requests[0] = BrokerRequests.produceRequests();
                    cpu[0] = new MachineCpu(pg.isLocal() ? "postgres" : null);
                    threadCpu[0] = new ThreadCpu(ThreadCpu.Threads.sourceConnector(connector));
                    everyThread[0] = showThreads ? new ThreadCpu(ThreadCpu.Threads.all()) : null;
                }
            }, () -> mode + ", status: " + connect.connectorStatus(connector));
            ThreadCpu.Reading threads = threadCpu[0].read();
            if (everyThread[0] != null) {
                System.out.printf("  %.1f records per produce request; every thread of this JVM:%n%s",
                        window.measured() / (double) (BrokerRequests.produceRequests() - requests[0]),
                        everyThread[0].read().top(16, window.measured()));
                everyThread[0].close();
            }
            List<Long> split = TaskSplit.read(connector, false, tasks);
            connect.deleteConnector(connector);
            long measured = window.measured();
            if (!checked && limitPrefix != null && mode.equals(LOAD)) {
                sameRecords(prefix, limitPrefix, tables.get(0));
                checked = true;
            }
            Result r = new Result(SCENARIO, "tributary", "Tributary JDBC source", mode, tasks, measured, window.seconds(),
                    stats.maxHeapMb(), stats.maxRssMb(), cpu[0].busyPercent(), cpu[0].processCores(),
                    JdbcSinkScenario.microsPerRecord(threads, measured, connector), split);
            System.out.printf("  Tributary JDBC source %-36s tasks=%d %,12.0f rows/s, %.2f µs CPU/row, split %s%n", mode, tasks,
                    r.rate(), r.threadCpuMicros(), split);
            show(threads, measured);
            if (showThreads) {
                System.out.printf("  the tables' topics got their first records %.2f s apart and their last %.2f s apart%n",
                        window.startSpread(), window.endSpread());
            }
            return r;
        } finally {
            if (threadCpu[0] != null) {
                threadCpu[0].close();
            }
        }
    }

    /**
     * The limit's claim to write the same records: the first record of one table, as the connector wrote it and
     * as the limit did, must have the same key, value and headers.
     */
    private void sameRecords(String connectorPrefix, String limitPrefix, String table) throws Exception {
        ConsumerRecord<byte[], byte[]> ours = first(connectorPrefix + table);
        ConsumerRecord<byte[], byte[]> limit = first(limitPrefix + table);
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(ours.value());
        JsonNode b = json.readTree(limit.value());
        if (!a.equals(b) || !json.readTree(ours.key()).equals(json.readTree(limit.key())) || !headers(ours).equals(headers(limit))) {
            throw new IllegalStateException("the limit's records differ from the connector's:\n  connector "
                    + new String(ours.key(), StandardCharsets.UTF_8) + " " + a + " " + headers(ours) + "\n  limit     "
                    + new String(limit.key(), StandardCharsets.UTF_8) + " " + b + " " + headers(limit));
        }
        System.out.println("  (the limit's records match the connector's: key, value with schema, headers)");
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> h = new HashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    private ConsumerRecord<byte[], byte[]> first(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(Map.of("max.poll.records", 1))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    return r;
                }
            }
        }
        throw new IllegalStateException("no record in " + topic);
    }

    /**
     * One table of {@code heapRows} rows loaded by a worker of its own with a {@code heapMb} heap, schemaless
     * JSON (the heap is what is measured; the records' size only fills the disk). Fails unless every row
     * arrives and the worker stays up.
     */
    Result heapBound(Path pluginPath, long heapRows, int heapMb) throws Exception {
        String table = tables.create("bench_src_heap", 1, heapRows).get(0);
        String prefix = freshPrefix("heap");
        createTopics(prefix, List.of(table));
        Map<String, String> c = config("incrementing", "bench_src_heap_0", 1);
        c.put("topic.prefix", prefix);
        c.put("value.converter.schemas.enable", "false");
        c.put("key.converter.schemas.enable", "false");
        String connector = prefix.substring(0, prefix.length() - 1);
        System.out.printf("  Tributary JDBC source, %,d rows, worker with a %d MB heap ...%n", heapRows, heapMb);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tributary-bench-heap");
        try (HeapBoundWorker worker = new HeapBoundWorker(pluginPath, connect.kafka().bootstrapServers(), heapMb, dir)) {
            worker.configure(connector, c);
            boolean[] collected = new boolean[1];
            TopicProgress.Window window = TopicProgress.await(connect.kafka(), List.of(new TopicPartition(prefix + table, 0)),
                    heapRows, 100, (count, first) -> {
                        if (!worker.alive()) {
                            throw new IllegalStateException("the " + heapMb + " MB worker died after " + count + " rows; see "
                                    + worker.logFile());
                        }
                        if (!collected[0] && count >= heapRows / 2) {
                            // Half way through the load: what the worker holds alive while it reads.
                            worker.collectNow();
                            collected[0] = true;
                        }
                    }, () -> "status: " + worker.status(connector) + "; see " + worker.logFile());
            HeapBoundWorker.Heap heap = worker.heap();
            // The full collection's figure is the run's heap figure: the young collections' include old garbage.
            long heapFigure = heap.liveAfterFullMb() >= 0 ? heap.liveAfterFullMb() : heap.maxAfterGcMb();
            System.out.printf("  %,d rows at %,.0f rows/s; live heap half way %d MB, after a young collection at most %d MB, "
                    + "of %d MB; %d collections, %d full%n", heapRows, window.measured() / window.seconds(),
                    heap.liveAfterFullMb(), heap.maxAfterGcMb(), heapMb, heap.collections(), heap.fullCollections());
            lastHeap = heap;
            return new Result(SCENARIO, "tributary", "Tributary JDBC source (own worker, -Xmx" + heapMb + "m)", HEAP, 1,
                    window.measured(), window.seconds(), heapFigure, 0);
        } finally {
            tables.drop(List.of(table));
        }
    }

    HeapBoundWorker.Heap lastHeap() {
        return lastHeap;
    }

    private long written(String prefix, List<String> names) {
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(Map.of())) {
            return consumer.endOffsets(names.stream().map(t -> new TopicPartition(prefix + t, 0)).toList()).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    private void createTopics(String prefix, List<String> names) {
        for (String t : names) {
            connect.kafka().createTopic(prefix + t, 1);
        }
    }

    private static String freshPrefix(String what) {
        return "bench_src_" + what + "_" + Long.toString(System.nanoTime(), 36) + ".";
    }
}
