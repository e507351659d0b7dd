package io.tributary.connect.bench;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP source reading a loopback feed ({@link PagedFeed}) of {@code records} records in pages of
 * {@code pageSize}, cursor-paged, into a topic of its own ({@value #PARTITIONS} partitions), one task; beside it, in every round, the plain
 * fetch-and-produce loop ({@link HttpFetchProduceLimit}) reading the same pages into a topic of its own. Runs are
 * timed from the first record reaching Kafka until Kafka holds them all.
 */
final class HttpSourceScenario {
    static final String SCENARIO = "http-source";
    static final String NAME = "Tributary HTTP source";
    static final String LIMIT = "HttpClient 5 fetch + producer loop";
    static final String CONNECTOR_CLASS = "io.tributary.connect.http.HttpSourceConnector";
    /** The connector with its defaults (a de-duplication window of 10,000 records). */
    static final String DEFAULTS = "cursor pages, defaults";
    /** The connector with de-duplication off, as the loop does none. */
    static final String NO_DEDUP = "cursor pages, dedup.window.records=0";
    /**
     * Partitions of each run's topic. With one, both jobs wait on the producer (one request in flight, 16 KB
     * batches) rather than on their own work; records keyed by id spread over four.
     */
    static final int PARTITIONS = 4;

    private final EmbeddedConnectCluster connect;
    private final PagedFeed feed;
    private final long records;
    private final int pageSize;
    private final boolean showThreads;

    HttpSourceScenario(EmbeddedConnectCluster connect, PagedFeed feed, long records, int pageSize, boolean showThreads) {
        this.connect = connect;
        this.feed = feed;
        this.records = records;
        this.pageSize = pageSize;
        this.showThreads = showThreads;
    }

    Result limit(String mode) throws Exception {
        String topic = fresh("limit");
        connect.kafka().createTopic(topic, PARTITIONS);
        MachineCpu cpu = new MachineCpu();
        double seconds;
        ThreadCpu.Reading reading;
        try (ThreadCpu threads = new ThreadCpu(HttpFetchProduceLimit.THREADS)) {
            seconds = HttpFetchProduceLimit.run(connect.kafka(), feed, topic);
            reading = threads.read();
        }
        Result r = new Result(SCENARIO, "limit", LIMIT, mode, 1, records, seconds, 0, 0, cpu.busyPercent(), Double.NaN,
                JdbcSinkScenario.microsPerRecord(reading, records, LIMIT));
        System.out.printf("  %-36s %-36s %,12.0f records/s, %.2f µs CPU/record%n", LIMIT, mode, r.rate(), r.threadCpuMicros());
        return r;
    }

    Result tributary(String mode) throws Exception {
        String topic = fresh("run");
        String connector = topic.replace('.', '-');
        connect.kafka().createTopic(topic, PARTITIONS);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("tasks.max", "1");
        c.put("http.endpoints", "feed");
        c.put("http.endpoint.feed.url", feed.url());
        c.put("http.endpoint.feed.topic", topic);
        c.put("http.endpoint.feed.pagination", "cursor");
        c.put("http.endpoint.feed.pagination.cursor.pointer", "/next");
        c.put("http.endpoint.feed.records.pointer", "/items");
        c.put("http.endpoint.feed.key.pointer", "/id");
        c.put("http.endpoint.feed.poll.interval.ms", "3600000");
        if (mode.equals(NO_DEDUP)) {
            c.put("http.endpoint.feed.dedup.window.records", "0");
        }
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        System.out.printf("  %-36s %-36s ...%n", NAME, mode);
        ThreadCpu[] threadCpu = new ThreadCpu[1];
        MachineCpu[] cpu = new MachineCpu[1];
        try (ProcessStats stats = new ProcessStats()) {
            connect.configureConnector(connector, c);
            List<TopicPartition> partitions = java.util.stream.IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            TopicProgress.Window window = TopicProgress.await(connect.kafka(), partitions, records,
                    20, (count, first) -> {
                        if (first) {
                            cpu[0] = new MachineCpu();
                            threadCpu[0] = new ThreadCpu(threads(connector));
                        }
                    }, () -> "status: " + connect.connectorStatus(connector));
            ThreadCpu.Reading reading = threadCpu[0].read();
            connect.deleteConnector(connector);
            long measured = window.measured();
            Result r = new Result(SCENARIO, "tributary", NAME, mode, 1, measured, window.seconds(), stats.maxHeapMb(),
                    stats.maxRssMb(), cpu[0].busyPercent(), Double.NaN, JdbcSinkScenario.microsPerRecord(reading, measured,
                    connector));
            System.out.printf("  %-36s %-36s %,12.0f records/s, %.2f µs CPU/record%n", NAME, mode, r.rate(),
                    r.threadCpuMicros());
            if (showThreads) {
                System.out.print(reading.top(8, measured));
            }
            return r;
        } finally {
            if (threadCpu[0] != null) {
                threadCpu[0].close();
            }
        }
    }

    /** The connector's threads: its task thread and producer, and its request threads. */
    static ThreadCpu.Threads threads(String connector) {
        ThreadCpu.Threads task = ThreadCpu.Threads.sourceConnector(connector);
        String requests = "tributary-http-source-" + connector + "-";
        return new ThreadCpu.Threads(task.description().replace(" and ", ", ") + " and `" + requests + "*`",
                name -> task.matches().test(name) || name.startsWith(requests));
    }

    long records() {
        return records;
    }

    int pageSize() {
        return pageSize;
    }

    private static String fresh(String what) {
        return "bench_http_source_" + what + "_" + Long.toString(System.nanoTime(), 36);
    }
}
