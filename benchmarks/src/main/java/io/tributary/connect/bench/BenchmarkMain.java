package io.tributary.connect.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark scenarios and writes docs/benchmarks.md. Started by benchmarks/run.sh, which
 * builds the zip and fetches the peers first. Flags:
 * <pre>
 *   --scenario jdbc-sink|jdbc-source|mqtt-source|http-sink|mqtt-sink|http-source|all   (default all)
 *   --records N                rows in the pre-filled topic of the JDBC sink (default 1000000)
 *   --source-rows N            rows of each JDBC source run, over 4 tables (default 1000000)
 *   --heap-rows N              rows of the JDBC source's one-table run on a small worker heap, 0 to skip (default 5000000)
 *   --heap-mb N                that worker's heap (default 512)
 *   --messages N               messages per MQTT source run (default 200000)
 *   --http-records N           records per HTTP sink run with batches (default 1000000)
 *   --http-single-records N    records per HTTP sink run of one record per request (default 100000)
 *   --http-shapes LIST         HTTP sink batch sizes × requests in flight (default 1x1,1x4,100x1,100x4,500x1,500x4)
 *   --http-source-records N    records the HTTP source's feed serves (default 1000000)
 *   --http-source-page N       records per page of that feed (default 1000)
 *   --mqtt-uri URI             broker for the MQTT source (default: a Mosquitto the run starts, queue uncapped)
 *   --tasks N                  tasks for the side-by-side runs (default 4)
 *   --scale 1,2,4              task counts for the scale runs of both connectors (default 1,2,4)
 *   --batch-size N             batch.size for every sink (default 3000)
 *   --latency-rate N           records/s of the steady-rate latency run, 0 to skip (default 5000)
 *   --latency-seconds N        how long that run produces (default 15)
 *   --repeat N                 runs of each configuration, round-robin; the best is reported (default 3 for the
 *                              JDBC sink and source, 2 for the MQTT source)
 *   --no-peers                 skip Debezium
 *   --show-threads             print, for each MQTT and JDBC source run, the threads of this JVM that spent the
 *                              most CPU; for a JDBC source run also its records per produce request and how far
 *                              apart its tables started and ended
 *   --plugin-path DIR          folder holding the unpacked Tributary zip and the peers' plugins
 *   --out FILE                 report (default docs/benchmarks.md)
 * </pre>
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = parse(args);
        String scenario = flags.getOrDefault("scenario", "all");
        Path pluginPath = Path.of(flags.getOrDefault("plugin-path", "benchmarks/target/plugin-path"));
        Path out = Path.of(flags.getOrDefault("out", "docs/benchmarks.md"));
        if (!Files.isDirectory(pluginPath)) {
            throw new IllegalArgumentException("no plugin path at " + pluginPath + "; run benchmarks/run.sh");
        }
        if (!scenario.equals("all") && !ReportFile.ORDER.contains(scenario)) {
            throw new IllegalArgumentException("unknown --scenario " + scenario + "; use " + String.join(", ", ReportFile.ORDER)
                    + " or all");
        }
        long started = System.nanoTime();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Postgres pg = new Postgres();
        Map<String, String> sections = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        try (BenchCluster cluster = new BenchCluster(pluginPath, 2)) {
            if (scenario.equals("all") || scenario.equals(JdbcSinkScenario.SCENARIO)) {
                Report report = jdbcSink(cluster, pg, flags);
                int tasks = Integer.parseInt(flags.getOrDefault("tasks", "4"));
                sections.put(JdbcSinkScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-jdbc-sink.png"), tasks));
                targets.addAll(report.targets(tasks));
            }
            if (scenario.equals("all") || scenario.equals(JdbcSourceScenario.SCENARIO)) {
                JdbcSourceScenario source = new JdbcSourceScenario(cluster.connect(), pg,
                        Long.parseLong(flags.getOrDefault("source-rows", "1000000")), flags.containsKey("show-threads"));
                JdbcSourceReport report = jdbcSource(source, pluginPath, flags);
                sections.put(JdbcSourceScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-jdbc-source.png"),
                        source.rows()));
                targets.addAll(report.targets());
            }
            if (scenario.equals("all") || scenario.equals(HttpSourceScenario.SCENARIO)) {
                HttpSourceReport report = httpSource(cluster, flags);
                sections.put(HttpSourceScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-http-source.png")));
                targets.addAll(report.targets());
            }
            if (scenario.equals("all") || scenario.equals(HttpSinkScenario.SCENARIO)) {
                HttpSinkReport report = httpSink(cluster, flags);
                sections.put(HttpSinkScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-http-sink.png")));
                targets.addAll(report.targets());
            }
            if (scenario.equals("all") || scenario.equals(MqttSinkScenario.SCENARIO)) {
                MqttSinkReport report = mqttSink(cluster, flags);
                sections.put(MqttSinkScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-mqtt-sink.png")));
                targets.addAll(report.targets());
            }
            if (scenario.equals("all") || scenario.equals(MqttSourceScenario.SCENARIO)) {
                MqttReport report = mqttSource(cluster, flags);
                sections.put(MqttSourceScenario.SCENARIO, report.section(out.resolveSibling("benchmarks-mqtt-source.png")));
                targets.addAll(report.targets());
            }
        }
        String command = "benchmarks/run.sh " + String.join(" ", args).replaceAll("--plugin-path \\S+ ?", "")
                .replaceAll("--out \\S+ ?", "").trim();
        ReportFile.write(out, command.trim(), Environment.describe(pg), sections);
        System.out.println();
        targets.forEach(System.out::println);
        System.out.printf("%nWrote %s (and charts) in %.0f s%n", out, (System.nanoTime() - started) / 1e9);
        // The HiveMQ client's event-loop threads are not daemons and outlive the load clients: without
        // this the JVM (and its 6 GB heap) would stay up after the run.
        System.exit(0);
    }

    private static Report jdbcSink(BenchCluster cluster, Postgres pg, Map<String, String> flags) throws Exception {
        long records = Long.parseLong(flags.getOrDefault("records", "1000000"));
        int tasks = Integer.parseInt(flags.getOrDefault("tasks", "4"));
        int batchSize = Integer.parseInt(flags.getOrDefault("batch-size", "3000"));
        List<Integer> scale = scale(flags);
        boolean peers = !flags.containsKey("no-peers");
        int latencyRate = Integer.parseInt(flags.getOrDefault("latency-rate", "5000"));
        int latencySeconds = Integer.parseInt(flags.getOrDefault("latency-seconds", "15"));
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "3"));
        List<Result> results = new ArrayList<>();
        List<LatencyRun.Latency> latencies = new ArrayList<>();
        System.out.println("JDBC sink");
        String topic = "bench_orders_" + Long.toString(System.currentTimeMillis(), 36);
        int partitions = 4;
        cluster.connect().kafka().createTopic(topic, partitions);
        System.out.printf("Filling %s with %,d records...%n", topic, records);
        double produce = Limits.produce(cluster.connect().kafka(), topic, partitions, records);
        results.add(new Result(JdbcSinkScenario.SCENARIO, "limit", "Kafka producer (JsonConverter)", "write", 0, records,
                produce, 0, 0));
        System.out.printf("  producer                 %,12.0f records/s%n", records / produce);
        // An untimed pass first, so that the converter's code is compiled and the topic is in the page cache
        // before the first timed read; then the timed reads join the connectors' rounds below.
        Limits.consumeAndConvert(cluster.connect().kafka(), topic, partitions, records, 2);
        Limits.CopyResult copyRun = Limits.psqlCopy(pg, Path.of(System.getProperty("java.io.tmpdir")), "bench_limit_copy", records);
        double copy = copyRun.seconds();
        results.add(new Result(JdbcSinkScenario.SCENARIO, "limit", "psql \\copy (same rows)", "insert", 0, records, copy, 0, 0,
                Double.NaN, copyRun.databaseCores()));
        System.out.printf("  psql \\copy               %,12.0f rows/s%n", records / copy);

        // The same orders as Debezium change events, for the sinks that apply CDC topics without an SMT.
        String cdcTopic = topic + "_cdc";
        cluster.connect().kafka().createTopic(cdcTopic, partitions);
        System.out.printf("Filling %s with the same orders as Debezium change events...%n", cdcTopic);
        Limits.produce(cluster.connect().kafka(), cdcTopic, partitions, records, OrderRecords.ENVELOPE, OrderRecords::changeEvent);
        Limits.consumeAndConvert(cluster.connect().kafka(), cdcTopic, partitions, records, 2);
        JdbcSinkScenario sink = new JdbcSinkScenario(cluster.connect(), pg, topic, cdcTopic, records, batchSize,
                copyRun.tableBytes());
        List<Run> runs = new ArrayList<>();
        // The converter limit is timed in every round next to the connectors, so that it and they meet the
        // same machine: on a shared machine the speed drifts over minutes, by as much as a third here.
        runs.add(() -> consumeLimit(cluster, topic, partitions, records, Report.CONSUME_LIMIT));
        runs.add(() -> consumeLimit(cluster, cdcTopic, partitions, records, Report.CDC_CONSUME_LIMIT));
        runs.add(() -> sink.tributary("insert", tasks));
        runs.add(() -> sink.tributary("upsert", tasks));
        runs.add(() -> sink.tributary(JdbcSinkScenario.UPSERT_EXISTING, tasks));
        runs.add(() -> sink.tributaryChangeEvents(tasks));
        if (peers) {
            runs.add(() -> sink.debeziumChangeEvents(tasks));
            runs.add(() -> sink.debezium("insert", tasks, false));
            runs.add(() -> sink.debezium("insert", tasks, true));
            runs.add(() -> sink.debezium("upsert", tasks, false));
            runs.add(() -> sink.debezium(JdbcSinkScenario.UPSERT_EXISTING, tasks, false));
        }
        for (int n : scale) {
            if (n != tasks) {
                runs.add(() -> sink.tributary("insert", n));
            }
        }
        results.addAll(bestOf(runs, repeat));
        if (latencyRate > 0) {
            latencies.add(sink.tributaryLatency(tasks, latencyRate, latencySeconds));
            if (peers) {
                latencies.add(sink.debeziumLatency(tasks, latencyRate, latencySeconds));
            }
        }
        return new Report(results, latencies, repeat);
    }

    private static Result consumeLimit(BenchCluster cluster, String topic, int partitions, long records, String name)
            throws Exception {
        MachineCpu cpu = new MachineCpu();
        double seconds;
        ThreadCpu.Reading threads;
        try (ThreadCpu threadCpu = new ThreadCpu(ThreadCpu.Threads.named(Limits.CONSUMER_THREAD_PREFIX))) {
            seconds = Limits.consumeAndConvert(cluster.connect().kafka(), topic, partitions, records, 2);
            threads = threadCpu.read();
        }
        Result r = new Result(JdbcSinkScenario.SCENARIO, "limit", name, "read", 0, records, seconds, 0, 0, cpu.busyPercent(),
                Double.NaN, JdbcSinkScenario.microsPerRecord(threads, records, name));
        System.out.printf("  %-24s %,12.0f records/s%n", name, r.rate());
        return r;
    }

    private static JdbcSourceReport jdbcSource(JdbcSourceScenario source, Path pluginPath, Map<String, String> flags)
            throws Exception {
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "3"));
        long heapRows = Long.parseLong(flags.getOrDefault("heap-rows", "5000000"));
        int heapMb = Integer.parseInt(flags.getOrDefault("heap-mb", "512"));
        System.out.println("JDBC source");
        source.createTables();
        try {
            // Untimed first: the limit's and the connector's code compiled, the tables in the page cache, before
            // any run is kept; the first load also checks the limit writes the same records as the connector.
            System.out.println("Warming up (not reported)");
            source.limit(1, false);
            source.initialLoad(1);
            List<Run> runs = new ArrayList<>();
            for (boolean catchUp : List.of(false, true)) {
                runs.add(() -> source.limit(1, catchUp));
                runs.add(() -> source.limit(JdbcSourceScenario.TABLES, catchUp));
            }
            for (int tasks : List.of(1, JdbcSourceScenario.TABLES)) {
                runs.add(() -> source.initialLoad(tasks));
                runs.add(() -> source.catchUp(tasks));
            }
            List<Result> results = bestOf(runs, repeat);
            Result heap = heapRows > 0 ? source.heapBound(pluginPath, heapRows, heapMb) : null;
            return new JdbcSourceReport(results, heap, heap == null ? null : source.lastHeap(), heapRows, heapMb);
        } finally {
            source.dropTables();
        }
    }

    private static HttpSinkReport httpSink(BenchCluster cluster, Map<String, String> flags) throws Exception {
        long records = Long.parseLong(flags.getOrDefault("http-records", "1000000"));
        long single = Long.parseLong(flags.getOrDefault("http-single-records", "100000"));
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "2"));
        System.out.println("HTTP sink");
        try (CountingEndpoint endpoint = new CountingEndpoint()) {
            HttpSinkScenario sink = new HttpSinkScenario(cluster.connect(), endpoint,
                    "bench_http_" + Long.toString(System.currentTimeMillis(), 36), flags.containsKey("show-threads"));
            System.out.printf("Filling the topic with %,d records...%n", records);
            sink.fill(records);
            // Untimed first: the connector's and the loop's code compiled before any run is kept.
            System.out.println("Warming up (not reported)");
            sink.limit(100, 4);
            sink.tributary(100, 4, Math.min(records, 200_000));
            sink.readLimit(records);
            sink.connectFloor(Math.min(records, 200_000));
            List<Run> runs = new ArrayList<>();
            runs.add(() -> sink.readLimit(records));
            runs.add(() -> sink.connectFloor(records));
            for (int[] shape : HttpSinkScenario.shapes(flags.getOrDefault("http-shapes", HttpSinkScenario.DEFAULT_SHAPES))) {
                long n = shape[0] == 1 ? Math.min(single, records) : records;
                runs.add(() -> sink.limit(shape[0], shape[1]));
                runs.add(() -> sink.tributary(shape[0], shape[1], n));
            }
            return new HttpSinkReport(bestOf(runs, repeat), records, Math.min(single, records));
        }
    }

    private static HttpSourceReport httpSource(BenchCluster cluster, Map<String, String> flags) throws Exception {
        long records = Long.parseLong(flags.getOrDefault("http-source-records", "1000000"));
        int page = Integer.parseInt(flags.getOrDefault("http-source-page", "1000"));
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "2"));
        System.out.printf("HTTP source: rendering %,d records in pages of %,d...%n", records, page);
        try (PagedFeed feed = new PagedFeed(records, page)) {
            HttpSourceScenario source = new HttpSourceScenario(cluster.connect(), feed, records, page,
                    flags.containsKey("show-threads"));
            // Untimed first: the connector's and the loop's code compiled before any run is kept.
            System.out.println("Warming up (not reported)");
            source.limit(HttpSourceScenario.DEFAULTS);
            source.tributary(HttpSourceScenario.DEFAULTS);
            List<Run> runs = new ArrayList<>();
            for (String mode : List.of(HttpSourceScenario.DEFAULTS, HttpSourceScenario.NO_DEDUP)) {
                runs.add(() -> source.limit(mode));
                runs.add(() -> source.tributary(mode));
            }
            return new HttpSourceReport(bestOf(runs, repeat), records, page);
        }
    }

    private static MqttSinkReport mqttSink(BenchCluster cluster, Map<String, String> flags) throws Exception {
        long messages = Long.parseLong(flags.getOrDefault("messages", "200000"));
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "2"));
        int latencyRate = Integer.parseInt(flags.getOrDefault("latency-rate", "5000"));
        int latencySeconds = Integer.parseInt(flags.getOrDefault("latency-seconds", "15"));
        System.out.println("MQTT sink");
        // The MQTT source scenario's brokers: Mosquitto as installed but without a cap on queued messages, and
        // one whose window (max_inflight_messages, announced as the Receive Maximum) is raised from 20 to 1000.
        try (io.tributary.connect.testkit.MosquittoBroker own = io.tributary.connect.testkit.MosquittoBroker.start(List.of(),
                List.of("persistence false", "max_queued_messages 0"));
             io.tributary.connect.testkit.MosquittoBroker wide = io.tributary.connect.testkit.MosquittoBroker.start(List.of(),
                     List.of("persistence false", "max_queued_messages 0", "max_inflight_messages 1000"))) {
            MqttSinkScenario sink = new MqttSinkScenario(cluster.connect(), "bench_mqtt_sink_"
                    + Long.toString(System.currentTimeMillis(), 36), messages, flags.containsKey("show-threads"));
            System.out.printf("Filling the topic with %,d records...%n", messages);
            sink.fill();
            System.out.println("Warming up (not reported)");
            sink.limit(MqttSinkReport.WIDE_WINDOW, wide.uri());
            sink.tributary(MqttSinkReport.WIDE_WINDOW, wide.uri());
            List<Run> runs = new ArrayList<>();
            runs.add(() -> sink.limit(MqttSinkReport.DEFAULT_WINDOW, own.uri()));
            runs.add(() -> sink.tributary(MqttSinkReport.DEFAULT_WINDOW, own.uri()));
            runs.add(() -> sink.limit(MqttSinkReport.WIDE_WINDOW, wide.uri()));
            runs.add(() -> sink.tributary(MqttSinkReport.WIDE_WINDOW, wide.uri()));
            List<Result> results = bestOf(runs, repeat);
            // Latency in rounds too, the connector and the plain bridge by turns, each one's lowest p99 kept: this
            // machine's pauses land on one run or another, and the same rule for both keeps the comparison fair.
            LatencyRun.Latency latency = null;
            LatencyRun.Latency plain = null;
            for (int round = 0; latencyRate > 0 && round < repeat; round++) {
                latency = lowerP99(latency, sink.latency(own.uri(), latencyRate, latencySeconds));
                plain = lowerP99(plain, sink.plainLatency(own.uri(), latencyRate, latencySeconds));
            }
            return new MqttSinkReport(results, latency, plain, messages);
        }
    }

    private static LatencyRun.Latency lowerP99(LatencyRun.Latency kept, LatencyRun.Latency run) {
        return kept == null || run.p99Ms() < kept.p99Ms() ? run : kept;
    }

    private static MqttReport mqttSource(BenchCluster cluster, Map<String, String> flags) throws Exception {
        long messages = Long.parseLong(flags.getOrDefault("messages", "200000"));
        System.out.println("MQTT source");
        // A Mosquitto of the run's own, as installed but with no cap on queued messages: the default
        // cap (1000 per client) makes the broker drop QoS 1 messages whenever publishers run ahead of
        // any subscriber, which would measure the cap rather than the subscriber.
        io.tributary.connect.testkit.MosquittoBroker own = flags.containsKey("mqtt-uri") ? null
                : io.tributary.connect.testkit.MosquittoBroker.start(List.of(),
                        List.of("persistence false", "max_queued_messages 0"));
        // And one whose window for MQTT 3.1.1 clients is raised from 20 to 1000 (max_inflight_messages).
        io.tributary.connect.testkit.MosquittoBroker wide = own == null ? null
                : io.tributary.connect.testkit.MosquittoBroker.start(List.of(),
                        List.of("persistence false", "max_queued_messages 0", "max_inflight_messages 1000"));
        String broker = own != null ? own.uri() : flags.get("mqtt-uri");
        MqttSourceScenario mqtt = new MqttSourceScenario(cluster.connect(), broker, messages, flags.containsKey("show-threads"));
        try {
            return mqttSource(mqtt, wide == null ? null : wide.uri(), flags);
        } finally {
            if (own != null) {
                own.close();
                wide.close();
            }
        }
    }

    private static MqttReport mqttSource(MqttSourceScenario mqtt, String wideBroker, Map<String, String> flags) throws Exception {
        int repeat = Integer.parseInt(flags.getOrDefault("repeat", "2"));
        int latencyRate = Integer.parseInt(flags.getOrDefault("latency-rate", "5000"));
        int latencySeconds = Integer.parseInt(flags.getOrDefault("latency-seconds", "15"));
        List<Result> results = new ArrayList<>();
        results.add(mqtt.brokerLimit());
        results.add(mqtt.producerLimit());
        Map<String, String> tuned = Map.of("producer.override.linger.ms", "1");
        List<Run> runs = new ArrayList<>();
        // The CPU floor per message, timed in every round beside the connector runs.
        runs.add(mqtt::pairLimit);
        runs.add(() -> mqtt.tributary(MqttReport.V311, 1, Map.of("mqtt.version", "3.1.1")));
        if (wideBroker != null) {
            runs.add(() -> mqtt.tributary(MqttReport.V311_WIDE, 1, Map.of("mqtt.version", "3.1.1"), wideBroker));
        }
        runs.add(() -> mqtt.tributary(MqttReport.DEFAULTS, 1, Map.of()));
        for (int n : scale(flags)) {
            runs.add(() -> mqtt.tributary(MqttReport.TUNED, n, tuned));
        }
        // Catch-up at each scale: whether more tasks add throughput once the publishers are idle, and what a
        // message costs when every task has full batches (the live runs split a paced load into trickles).
        for (int n : scale(flags)) {
            runs.add(() -> mqtt.backlog(MqttReport.BACKLOG, n, tuned));
        }
        // What the default bound on unacknowledged messages costs where it could bite: draining a backlog.
        runs.add(() -> mqtt.backlog(MqttReport.BACKLOG_UNBOUNDED, 1, Map.of("producer.override.linger.ms", "1",
                "mqtt.max.unacknowledged.messages", "1000000")));
        results.addAll(bestOf(runs, repeat));
        List<LatencyRun.Latency> latencies = new ArrayList<>();
        if (latencyRate > 0) {
            latencies.add(mqtt.latency(MqttReport.DEFAULTS, 1, Map.of(), latencyRate, latencySeconds));
        }
        return new MqttReport(results, latencies);
    }

    private static List<Integer> scale(Map<String, String> flags) {
        return Arrays.stream(flags.getOrDefault("scale", "1,2,4").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }

    /**
     * Every configuration runs {@code repeat} times, round-robin so that no run always goes first
     * (JIT warm-up, heap sizing); the best of each is kept, as is usual for throughput.
     */
    private static List<Result> bestOf(List<Run> runs, int repeat) throws Exception {
        Map<String, Result> best = new LinkedHashMap<>();
        for (int round = 1; round <= repeat; round++) {
            System.out.printf("Round %d of %d%n", round, repeat);
            for (Run run : runs) {
                Result r = run.call();
                best.merge(r.name() + "|" + r.mode() + "|" + r.tasks(), r, (a, b) -> a.rate() >= b.rate() ? a : b);
            }
        }
        return new ArrayList<>(best.values());
    }

    /** One measured connector run. */
    @FunctionalInterface
    private interface Run {
        Result call() throws Exception;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("no-peers") || name.equals("show-threads")) {
                flags.put(name, "true");
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return flags;
    }
}
