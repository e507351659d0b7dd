package io.tributary.connect.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.reactivex.schedulers.Schedulers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT sink over a pre-filled topic of 100-byte payloads, publishing at QoS 1 with one task to a Mosquitto of
 * the run's own, beside a plain HiveMQ client publishing the same payloads at QoS 1 with the same window to the
 * same broker. Rates count acknowledgements (PUBACKs): the connector's from its own JMX counter, the plain
 * client's from its futures. A latency run feeds the topic at a steady rate and times each message from the
 * Kafka producer's send to a subscriber's arrival.
 */
final class MqttSinkScenario {
    static final String SCENARIO = "mqtt-sink";
    static final String NAME = "Tributary MQTT sink";
    static final String LIMIT = "HiveMQ client, QoS 1 publish loop";
    static final String CONNECTOR_CLASS = "io.tributary.connect.mqtt.MqttSinkConnector";
    static final int PARTITIONS = 4;
    /** The connector's mqtt.max.in.flight.messages, and the plain client's window. */
    static final int WINDOW = 1_000;
    static final String LIMIT_THREADS = "bench-sink-limit";
    static final String LATENCY_THREADS = "bench-sink-latency";

    private final EmbeddedConnectCluster connect;
    private final String topic;
    private final long messages;
    private final boolean showThreads;

    MqttSinkScenario(EmbeddedConnectCluster connect, String topic, long messages, boolean showThreads) {
        this.connect = connect;
        this.topic = topic;
        this.messages = messages;
        this.showThreads = showThreads;
    }

    /** Fills the topic with the run's payloads, round-robin over its partitions. */
    void fill() {
        connect.kafka().createTopic(topic, PARTITIONS);
        byte[] payload = MqttLoad.payload(0);
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of("linger.ms", 10,
                "batch.size", 524288, "acks", "all"))) {
            for (long i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null, payload));
            }
            producer.flush();
        }
    }

    /** A plain client on threads of its own, named {@code prefix*}, so that CPU figures can tell them apart. */
    static Mqtt5AsyncClient client(String broker, String prefix) {
        URI u = URI.create(broker);
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(prefix + "-" + Long.toString(System.nanoTime(), 36))
                .serverHost(u.getHost()).serverPort(u.getPort() < 0 ? 1883 : u.getPort())
                .executorConfig(MqttClientExecutorConfig.builder()
                        .nettyExecutor(new ThreadPerTaskExecutor(new DefaultThreadFactory(prefix + "-io", true))).nettyThreads(1)
                        .applicationScheduler(Schedulers.from(Executors.newSingleThreadExecutor(
                                new DefaultThreadFactory(prefix + "-callback", true)))).build())
                .buildAsync();
        c.connectWith().cleanStart(true).send().join();
        return c;
    }

    /** The plain client: the same payloads at QoS 1 to the same broker, at most {@link #WINDOW} unacknowledged. */
    Result limit(String label, String broker) throws Exception {
        Mqtt5AsyncClient client = client(broker, LIMIT_THREADS);
        String base = "bench/sink-limit/" + Long.toString(System.nanoTime(), 36);
        byte[] payload = MqttLoad.payload(0);
        Semaphore window = new Semaphore(WINDOW);
        AtomicLong failed = new AtomicLong();
        MachineCpu cpu = new MachineCpu();
        try (ThreadCpu threads = new ThreadCpu(ThreadCpu.Threads.named(LIMIT_THREADS))) {
            long start = System.nanoTime();
            // Publishing on a thread of the limit's own, so its CPU counts as the connector's task thread's does.
            Exception[] error = new Exception[1];
            Thread loop = new Thread(() -> {
                try {
                    for (long i = 0; i < messages; i++) {
                        window.acquire();
                        client.publishWith().topic(base + "/p" + (i % PARTITIONS)).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                                .send().whenComplete((r, e) -> {
                                    if (e != null || r.getError().isPresent()) {
                                        failed.incrementAndGet();
                                    }
                                    window.release();
                                });
                    }
                    window.acquire(WINDOW);
                } catch (InterruptedException e) {
                    error[0] = e;
                }
            }, LIMIT_THREADS + "-loop");
            loop.start();
            loop.join();
            if (error[0] != null) {
                throw error[0];
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of the plain client's publishes failed");
            }
            ThreadCpu.Reading reading = threads.read();
            Result r = new Result(SCENARIO, "limit", LIMIT, label, 0, messages, seconds, 0, 0, cpu.busyPercent(), Double.NaN,
                    JdbcSinkScenario.microsPerRecord(reading, messages, LIMIT));
            System.out.printf("  %-36s %-28s %,12.0f msg/s, %.2f µs CPU/message%n", LIMIT, label, r.rate(), r.threadCpuMicros());
            return r;
        } finally {
            client.disconnect().join();
        }
    }

    /** The connector, one task, from the topic's start until the broker acknowledged every message. */
    Result tributary(String label, String broker) throws Exception {
        String run = "bench-mqtt-sink-" + Long.toString(System.nanoTime(), 36);
        Map<String, String> c = config(run, broker, topic);
        System.out.printf("  %-36s %-28s ...%n", NAME, label);
        ObjectName metrics = metrics(run);
        long deadline = System.nanoTime() + (long) ((messages / 1_000.0 + 120) * 1e9);
        ThreadCpu threadCpu = null;
        MachineCpu cpu = null;
        long firstCount = 0;
        long firstNanos = 0;
        try (ProcessStats stats = new ProcessStats()) {
            connect.configureConnector(run, c);
            long acknowledged = 0;
            while (acknowledged < messages) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(NAME + " " + label + ": " + acknowledged + " of " + messages
                            + " acknowledged in time; status: " + connect.connectorStatus(run));
                }
                acknowledged = acknowledged(metrics);
                if (threadCpu == null && acknowledged > 0) {
                    firstNanos = System.nanoTime();
                    firstCount = acknowledged;
                    cpu = new MachineCpu();
                    threadCpu = new ThreadCpu(threads(run));
                }
                Thread.sleep(threadCpu == null ? 1 : 10);
            }
            double seconds = (System.nanoTime() - firstNanos) / 1e9;
            ThreadCpu.Reading reading = threadCpu.read();
            long measured = messages - firstCount;
            connect.deleteConnector(run);
            Result r = new Result(SCENARIO, "tributary", NAME, label, 1, measured, seconds, stats.maxHeapMb(), stats.maxRssMb(),
                    cpu.busyPercent(), Double.NaN, JdbcSinkScenario.microsPerRecord(reading, measured, run));
            System.out.printf("  %-36s %-28s %,12.0f msg/s, %.2f µs CPU/message in %d threads%n", NAME, label, r.rate(),
                    r.threadCpuMicros(), reading.threadNames().size());
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

    private static Map<String, String> config(String run, String broker, String topic) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("mqtt.server.uri", broker);
        c.put("mqtt.topic", "bench/sink/" + run + "/p${partition}");
        c.put("mqtt.qos", "1");
        c.put("mqtt.max.in.flight.messages", Integer.toString(WINDOW));
        c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return c;
    }

    private static ObjectName metrics(String connector) throws Exception {
        return new ObjectName("io.tributary.connect:type=mqtt-sink-task,connector=" + ObjectName.quote(connector) + ",task=0");
    }

    private static long acknowledged(ObjectName metrics) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(metrics, "messages-acknowledged")).longValue();
        } catch (Exception notYetRegistered) {
            return 0;
        }
    }

    /** The connector's threads: its task thread and consumer heartbeat, and its MQTT session's network and callback threads. */
    static ThreadCpu.Threads threads(String connector) {
        ThreadCpu.Threads task = ThreadCpu.Threads.sinkConnector(connector);
        String clientId = "tributary-" + connector + "-0";
        String network = "tributary-mqtt-io-" + clientId + "-";
        String callbacks = "tributary-mqtt-callback-" + clientId + "-";
        return new ThreadCpu.Threads(task.description().replace(" and ", ", ") + ", `" + network + "*` and `" + callbacks + "*`",
                name -> task.matches().test(name) || name.startsWith(network) || name.startsWith(callbacks));
    }

    /**
     * Kafka→subscriber latency: records carrying their send time fed to a fresh topic at {@code rate} a second for
     * {@code seconds}, published by the connector at QoS 1, timed at a plain subscriber (QoS 1) on arrival.
     */
    LatencyRun.Latency latency(String broker, int rate, int seconds) throws Exception {
        String run = "bench-mqtt-sink-latency-" + Long.toString(System.nanoTime(), 36);
        connect.kafka().createTopic(run, PARTITIONS);
        String base = "bench/sink/" + run;
        try {
            return timeArrivals(NAME, broker, run, base, rate, seconds, () -> connect.configureConnector(run, config(run, broker, run)));
        } finally {
            connect.deleteConnector(run);
        }
    }

    /**
     * The same path without Connect, for the latency's floor on this machine: a plain Kafka consumer (default fetch
     * settings) on one thread hands each record to a plain HiveMQ client publishing at QoS 1.
     */
    LatencyRun.Latency plainLatency(String broker, int rate, int seconds) throws Exception {
        String run = "bench-mqtt-plain-latency-" + Long.toString(System.nanoTime(), 36);
        connect.kafka().createTopic(run, PARTITIONS);
        String base = "bench/sink/" + run;
        Mqtt5AsyncClient publisher = client(broker, LIMIT_THREADS);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread bridge = new Thread(() -> {
            try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(
                    Map.of("group.id", run, "auto.offset.reset", "earliest"))) {
                consumer.subscribe(List.of(run));
                while (!stop.get()) {
                    for (var r : consumer.poll(java.time.Duration.ofMillis(100))) {
                        publisher.publishWith().topic(base + "/p" + r.partition()).qos(MqttQos.AT_LEAST_ONCE).payload(r.value())
                                .send();
                    }
                }
            }
        }, LIMIT_THREADS + "-bridge");
        try {
            return timeArrivals(PLAIN_LATENCY, broker, run, base, rate, seconds, bridge::start);
        } finally {
            stop.set(true);
            bridge.join();
            publisher.disconnect().join();
        }
    }

    static final String PLAIN_LATENCY = "Kafka consumer → HiveMQ client (no Connect)";

    /** Feeds {@code topic} at {@code rate} after {@code start} and times each message's arrival under {@code base}. */
    private LatencyRun.Latency timeArrivals(String name, String broker, String topic, String base, int rate, int seconds,
                                            Starter start) throws Exception {
        List<Long> delays = Collections.synchronizedList(new ArrayList<>());
        Mqtt5AsyncClient subscriber = client(broker, LATENCY_THREADS);
        try {
            subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> delays.add(System.currentTimeMillis()
                    - MqttLoad.sentMillis(p.getPayloadAsBytes())));
            subscriber.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
            start.run();
            long total = (long) rate * seconds;
            try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of("linger.ms", 0))) {
                // Probes first, one per partition: the clock starts once the reader has its partitions and publishes.
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(topic, p, null, MqttLoad.payload(System.currentTimeMillis())));
                }
                producer.flush();
                awaitCount(delays, PARTITIONS, "the probes");
                delays.clear();
                long begin = System.nanoTime();
                for (long i = 0; i < total; i++) {
                    long wait = begin + i * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    producer.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null,
                            MqttLoad.payload(System.currentTimeMillis())));
                }
            }
            awaitCount(delays, total, "every message at the subscriber");
            List<Long> sorted;
            synchronized (delays) {
                sorted = new ArrayList<>(delays);
            }
            Collections.sort(sorted);
            LatencyRun.Latency l = new LatencyRun.Latency(name, rate, sorted.size(), percentile(sorted, 0.5),
                    percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
            System.out.printf("  %-44s latency at %,d/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", name, rate, l.p50Ms(),
                    l.p99Ms(), l.maxMs());
            return l;
        } finally {
            subscriber.disconnect().join();
        }
    }

    /** Starts whatever reads the topic and publishes. */
    @FunctionalInterface
    private interface Starter {
        void run() throws Exception;
    }

    private static void awaitCount(List<Long> delays, long count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (delays.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("latency run: " + delays.size() + " of " + count + " for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
