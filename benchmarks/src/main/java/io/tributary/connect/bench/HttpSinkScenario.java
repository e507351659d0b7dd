package io.tributary.connect.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP sink over a pre-filled topic of flat JSON inventory rows to a loopback endpoint, at several
 * batch sizes and in-flight limits, each beside a plain HttpClient loop posting the same bodies to the same
 * endpoint. A run is timed from the first request reaching the endpoint to the one that completes its count.
 */
final class HttpSinkScenario {
    static final String SCENARIO = "http-sink";
    static final String NAME = "Tributary HTTP sink";
    static final String LIMIT = "HttpClient 5 loop";
    static final String READ_LIMIT = "Kafka consumer + converters";
    static final String READ_MODE = "read and convert the topic";
    static final String CONNECT_FLOOR = "Connect, discarding sink";
    static final String CONNECTOR_CLASS = "io.tributary.connect.http.HttpSinkConnector";
    static final int PARTITIONS = 4;

    /** How long each run of the plain loop posts. */
    static final double LIMIT_SECONDS = 4;

    private final EmbeddedConnectCluster connect;
    private final CountingEndpoint endpoint;
    private final String topic;
    private final boolean showThreads;

    HttpSinkScenario(EmbeddedConnectCluster connect, CountingEndpoint endpoint, String topic, boolean showThreads) {
        this.connect = connect;
        this.endpoint = endpoint;
        this.topic = topic;
        this.showThreads = showThreads;
    }

    static String mode(int batch, int inFlight) {
        return (batch == 1 ? "1 record per request" : "batches of " + batch) + ", " + inFlight + " in flight";
    }

    /** Fills the topic with {@code records} rows, keyed by id, round-robin over its partitions. */
    void fill(long records) {
        connect.kafka().createTopic(topic, PARTITIONS);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of("linger.ms", 10,
                "batch.size", 524288, "compression.type", "lz4", "acks", "all"))) {
            for (long id = 0; id < records; id++) {
                producer.send(new ProducerRecord<>(topic, (int) (id % PARTITIONS),
                        Long.toString(id).getBytes(StandardCharsets.UTF_8), HttpRecords.json(id).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /**
     * The Kafka side's floor: a plain consumer on one thread (one task) reading the whole topic and converting
     * each record with the connector's converters, without sending anything.
     */
    Result readLimit(long records) throws Exception {
        MachineCpu cpu = new MachineCpu();
        double seconds;
        ThreadCpu.Reading threads;
        try (ThreadCpu threadCpu = new ThreadCpu(ThreadCpu.Threads.named(Limits.CONSUMER_THREAD_PREFIX))) {
            seconds = Limits.consumeAndConvert(connect.kafka(), topic, PARTITIONS, records, 1,
                    org.apache.kafka.connect.storage.StringConverter::new, () -> {
                        org.apache.kafka.connect.json.JsonConverter values = new org.apache.kafka.connect.json.JsonConverter();
                        values.configure(Map.of("schemas.enable", "false"), false);
                        return values;
                    });
            threads = threadCpu.read();
        }
        Result r = new Result(SCENARIO, "limit", READ_LIMIT, READ_MODE, 0, records, seconds, 0, 0, cpu.busyPercent(),
                Double.NaN, JdbcSinkScenario.microsPerRecord(threads, records, READ_LIMIT));
        System.out.printf("  %-24s %-24s %,12.0f records/s, %.2f µs CPU/record%n", READ_LIMIT, READ_MODE, r.rate(),
                r.threadCpuMicros());
        return r;
    }

    /**
     * Connect's own floor: a sink that drops every record, with the connector's converters, over the whole
     * topic: what the worker spends per record before a connector does anything.
     */
    Result connectFloor(long records) throws Exception {
        String run = "bench-discard-" + Long.toString(System.nanoTime(), 36);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", DiscardingSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        DiscardingSinkConnector.Count count = DiscardingSinkConnector.COUNTS.computeIfAbsent(run,
                n -> new DiscardingSinkConnector.Count());
        long deadline = System.nanoTime() + (long) ((records / 2_000.0 + 120) * 1e9);
        ThreadCpu threadCpu = null;
        MachineCpu cpu = null;
        try {
            connect.configureConnector(run, c);
            while (count.records.get() < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(CONNECT_FLOOR + " took " + count.records.get() + " of " + records);
                }
                if (threadCpu == null && count.firstNanos != 0) {
                    cpu = new MachineCpu();
                    threadCpu = new ThreadCpu(ThreadCpu.Threads.sinkConnector(run));
                }
                Thread.sleep(threadCpu == null ? 2 : 20);
            }
            ThreadCpu.Reading reading = threadCpu.read();
            long measured = count.records.get() - count.firstRecords;
            double seconds = (count.lastNanos - count.firstNanos) / 1e9;
            connect.deleteConnector(run);
            Result r = new Result(SCENARIO, "limit", CONNECT_FLOOR, READ_MODE, 1, measured, seconds, 0, 0, cpu.busyPercent(),
                    Double.NaN, JdbcSinkScenario.microsPerRecord(reading, measured, run));
            System.out.printf("  %-24s %-24s %,12.0f records/s, %.2f µs CPU/record%n", CONNECT_FLOOR, READ_MODE, r.rate(),
                    r.threadCpuMicros());
            return r;
        } finally {
            if (threadCpu != null) {
                threadCpu.close();
            }
        }
    }

    Result limit(int batch, int inFlight) throws Exception {
        return HttpRawLimit.run(endpoint, mode(batch, inFlight), batch, batch == 1, inFlight, LIMIT_SECONDS);
    }

    /** The connector from the topic's start until the endpoint took {@code records} records. */
    Result tributary(int batch, int inFlight, long records) throws Exception {
        String run = "bench-http-" + batch + "-" + inFlight + "-" + Long.toString(System.nanoTime(), 36);
        String path = "/sink/" + run;
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("http.url", endpoint.url(path));
        c.put("body.format", batch == 1 ? "single" : "json_array");
        if (batch > 1) {
            c.put("batch.max.records", Integer.toString(batch));
        }
        c.put("max.in.flight.requests", Integer.toString(inFlight));
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        String mode = mode(batch, inFlight);
        System.out.printf("  %-24s %-24s ...%n", NAME, mode);
        CountingEndpoint.Tally tally = endpoint.tally(path);
        long deadline = System.nanoTime() + (long) ((records / 2_000.0 + 120) * 1e9);
        ThreadCpu threadCpu = null;
        MachineCpu cpu = null;
        try (ProcessStats stats = new ProcessStats()) {
            connect.configureConnector(run, c);
            while (tally.records.get() < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(NAME + " " + mode + " delivered " + tally.records.get() + " of " + records
                            + " records in time; status: " + connect.connectorStatus(run));
                }
                if (threadCpu == null && tally.firstNanos != 0) {
                    cpu = new MachineCpu();
                    threadCpu = new ThreadCpu(threads(run));
                }
                Thread.sleep(threadCpu == null ? 2 : 20);
            }
            ThreadCpu.Reading reading = threadCpu == null ? null : threadCpu.read();
            long measured = tally.records.get() - tally.firstRecords;
            double seconds = (tally.lastNanos - tally.firstNanos) / 1e9;
            connect.deleteConnector(run);
            if (reading == null || seconds <= 0) {
                throw new IllegalStateException("all records arrived at once; raise --http-records");
            }
            Result r = new Result(SCENARIO, "tributary", NAME, mode, 1, measured, seconds, stats.maxHeapMb(), stats.maxRssMb(),
                    cpu.busyPercent(), Double.NaN, JdbcSinkScenario.microsPerRecord(reading, measured, run));
            System.out.printf("  %-24s %-24s %,12.0f records/s, %.2f µs CPU/record in %d threads, %,d requests%n", NAME, mode,
                    r.rate(), r.threadCpuMicros(), reading.threadNames().size(), tally.requests.get());
            if (showThreads) {
                System.out.print(reading.top(8, measured));
            }
            return r;
        } finally {
            if (threadCpu != null) {
                threadCpu.close();
            }
        }
    }

    /** The connector's threads: its task thread and consumer heartbeat, and its request threads. */
    static ThreadCpu.Threads threads(String connector) {
        ThreadCpu.Threads task = ThreadCpu.Threads.sinkConnector(connector);
        String requests = "tributary-http-sink-" + connector + "-";
        return new ThreadCpu.Threads(task.description().replace(" and ", ", ") + " and `" + requests + "*`",
                name -> task.matches().test(name) || name.startsWith(requests));
    }

    /** Batch size × requests in flight, as {@code --http-shapes} lists them: {@code 1x1,1x4,100x1,...}. */
    static List<int[]> shapes(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            String[] parts = s.split("x");
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }).toList();
    }

    static final String DEFAULT_SHAPES = "1x1,1x4,100x1,100x4,500x1,500x4";
}
