package io.tributary.connect.bench;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The MQTT source: the same QoS 1 load (100-byte payloads over 16 sensor topics) is published to
 * the broker while the connector writes it to a 4-partition topic; the rate is timed from the first
 * publish until Kafka holds every message. Limits: the broker's own publish-to-subscribe rate with
 * the same publishers, and Kafka's producer rate for the same records.
 */
final class MqttSourceScenario {
    static final String SCENARIO = "mqtt-source";
    static final String CONNECTOR = "io.tributary.connect.mqtt.MqttSourceConnector";
    private static final int PARTITIONS = 4;
    private static final int SENSOR_TOPICS = 16;

    static final String PAIR_LIMIT = "plain subscriber → Kafka producer, ack after Kafka (no Connect)";
    /** The connector's default client id prefix, which its thread names carry. */
    private static final String CLIENT_ID_PREFIX = "tributary";

    private final EmbeddedConnectCluster connect;
    private final String broker;
    private final long messages;
    private final boolean showThreads;

    /** {@code showThreads}: print where each run's CPU went, thread by thread (every thread of this JVM). */
    MqttSourceScenario(EmbeddedConnectCluster connect, String broker, long messages, boolean showThreads) {
        this.connect = connect;
        this.broker = broker;
        this.messages = messages;
        this.showThreads = showThreads;
    }

    Result brokerLimit() throws Exception {
        MachineCpu cpu = new MachineCpu();
        double seconds = MqttLoad.brokerSeconds(broker, messages);
        double busy = cpu.busyPercent();
        System.out.printf("  mosquitto QoS 1 pub→sub      %,12.0f msg/s%n", messages / seconds);
        return new Result(SCENARIO, "limit", "Mosquitto QoS 1 publish→subscribe (no Connect)", "QoS 1", 0, messages, seconds, 0, 0, busy);
    }

    /** The CPU floor per message: the same load through a plain subscriber and producer ({@link MqttPair}). */
    Result pairLimit() throws Exception {
        String run = "bench-mqtt-pair-" + Long.toString(System.nanoTime(), 36);
        String topic = topic(run);
        MachineCpu cpu = new MachineCpu();
        double seconds;
        ThreadCpu.Reading threads;
        try (ThreadCpu threadCpu = new ThreadCpu(MqttPair.THREADS); ThreadCpu all = allThreads()) {
            seconds = MqttPair.seconds(connect.kafka(), broker, "bench/" + run, SENSOR_TOPICS, topic, messages);
            threads = threadCpu.read();
            show(all, PAIR_LIMIT);
        }
        Result r = new Result(SCENARIO, "limit", PAIR_LIMIT, "QoS 1", 0, messages, seconds, 0, 0, cpu.busyPercent(), Double.NaN,
                JdbcSinkScenario.microsPerRecord(threads, messages, PAIR_LIMIT));
        System.out.printf("  %-44s %,12.0f msg/s, %.2f µs CPU/msg%n", "plain subscriber + producer", r.rate(), r.threadCpuMicros());
        return r;
    }

    /** Every thread, when asked to show them; else null. */
    private ThreadCpu allThreads() {
        return showThreads ? new ThreadCpu(ThreadCpu.Threads.all()) : null;
    }

    private void show(ThreadCpu all, String what) {
        if (all != null) {
            System.out.printf("  where the CPU went (%s):%n%s", what, all.read().top(14, messages));
        }
    }

    Result producerLimit() {
        String topic = topic("limit");
        long start = System.nanoTime();
        // Idempotence off, as for the test kit's producers: the embedded broker answers a burst from an
        // idempotent producer with OutOfOrderSequence loops.
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of("enable.idempotence", false))) {
            for (long i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, ("bench/s" + (i % 16)).getBytes(), MqttLoad.payload(System.currentTimeMillis())));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  Kafka producer (same records) %,11.0f records/s%n", messages / seconds);
        return new Result(SCENARIO, "limit", "Kafka producer (same records)", "write", 0, messages, seconds, 0, 0);
    }

    /** One connector run; {@code label} says which settings, {@code overrides} are those settings. */
    Result tributary(String label, int tasks, Map<String, String> overrides) throws Exception {
        return tributary(label, tasks, overrides, broker);
    }

    /** As above, against another broker (one with other settings). */
    Result tributary(String label, int tasks, Map<String, String> overrides, String broker) throws Exception {
        String run = "bench-mqtt-" + Long.toString(System.nanoTime(), 36);
        String topic = topic(run);
        String base = "bench/" + run;
        Map<String, String> c = config(base, topic, tasks, overrides);
        c.put("mqtt.server.uri", broker);
        System.out.printf("  %-44s tasks=%d ...%n", label, tasks);
        try (ProcessStats stats = new ProcessStats()) {
            connect.configureConnector(run, c);
            awaitSubscribed(run, broker, base, topic, tasks);
            long before = endOffset(topic);
            long start = System.nanoTime();
            MachineCpu cpu = new MachineCpu();
            try (ThreadCpu threads = new ThreadCpu(ThreadCpu.Threads.mqttSource(run, CLIENT_ID_PREFIX)); ThreadCpu all = allThreads()) {
                MqttLoad.publish(broker, base, SENSOR_TOPICS, messages, 0);
                awaitOffset(topic, before, before + messages, label);
                double seconds = (System.nanoTime() - start) / 1e9;
                show(all, label + ", " + tasks + " tasks");
                return finish(run, label, tasks, seconds, cpu, threads, stats);
            }
        }
    }

    /**
     * Catch-up after downtime: the connector (persistent sessions) is stopped, the broker queues the
     * whole load for its sessions, and the rate is timed from the first message reaching Kafka after
     * the connector resumes until Kafka holds them all. The publishers are idle while it drains.
     */
    Result backlog(String label, int tasks, Map<String, String> overrides) throws Exception {
        String run = "bench-mqtt-backlog-" + Long.toString(System.nanoTime(), 36);
        String topic = topic(run);
        String base = "bench/" + run;
        Map<String, String> c = config(base, topic, tasks, overrides);
        c.put("mqtt.clean.start", "false");
        c.put("mqtt.session.expiry.seconds", "600");
        System.out.printf("  %-44s tasks=%d ...%n", label, tasks);
        try (ProcessStats stats = new ProcessStats()) {
            connect.configureConnector(run, c);
            awaitSubscribed(run, broker, base, topic, tasks);
            connect.stopConnector(run);
            awaitStopped(run);
            long before = endOffset(topic);
            MqttLoad.publish(broker, base, SENSOR_TOPICS, messages, 0);
            // From the resume: the tasks' threads start anew, and all of the backlog is theirs to drain.
            try (ThreadCpu threads = new ThreadCpu(ThreadCpu.Threads.mqttSource(run, CLIENT_ID_PREFIX)); ThreadCpu all = allThreads()) {
                connect.resumeConnector(run);
                MachineCpu cpu = new MachineCpu();
                double seconds = drainSeconds(topic, before, before + messages, label);
                show(all, label + ", " + tasks + " tasks");
                return finish(run, label, tasks, seconds, cpu, threads, stats);
            }
        }
    }

    /** Reads the run's CPU and its tasks' record counts, removes the connector and reports the timed run. */
    private Result finish(String run, String label, int tasks, double seconds, MachineCpu cpu, ThreadCpu threadCpu,
                          ProcessStats stats) {
        double busy = cpu.busyPercent();
        ThreadCpu.Reading threads = threadCpu.read();
        List<Long> split = TaskSplit.read(run, false, tasks);
        connect.deleteConnector(run);
        Result r = new Result(SCENARIO, "tributary", "Tributary MQTT source", label, tasks, messages, seconds,
                stats.maxHeapMb(), stats.maxRssMb(), busy, Double.NaN, JdbcSinkScenario.microsPerRecord(threads, messages, run),
                split);
        System.out.printf("  %-44s tasks=%d %,12.0f msg/s, CPU %.0f%% busy, %.2f µs CPU/msg in %d threads, split %s%n", label,
                tasks, r.rate(), r.cpuBusyPercent(), r.threadCpuMicros(), threads.threadNames().size(), split);
        return r;
    }

    private void awaitStopped(String connector) {
        io.tributary.connect.testkit.Await.until(Duration.ofSeconds(60), connector + " stopped with no tasks", () -> {
            var status = connect.connectorStatus(connector);
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
    }

    /** Seconds from the first new record in Kafka until it holds {@code target}; the first record's own wait is not timed. */
    private double drainSeconds(String topic, long before, long target, String what) throws InterruptedException {
        FirstSeen first = awaitOffset(topic, before, target, what);
        long end = System.nanoTime();
        // Scaled to the whole load, as the messages that landed before the first sample were not timed.
        return first == null ? Double.NaN : (end - first.at()) / 1e9 * (target - before) / (target - first.held());
    }

    /** Publish-to-Kafka latency at a steady rate: the topic stamps log-append time, the payload the send time. */
    LatencyRun.Latency latency(String label, int tasks, Map<String, String> overrides, int rate, int seconds) throws Exception {
        String run = "bench-mqtt-lat-" + Long.toString(System.nanoTime(), 36);
        String topic = topic(run);
        String base = "bench/" + run;
        connect.configureConnector(run, config(base, topic, tasks, overrides));
        awaitSubscribed(run, broker, base, topic, tasks);
        long before = endOffset(topic);
        long total = (long) rate * seconds;
        MqttLoad.publish(broker, base, 16, total, rate);
        awaitOffset(topic, before, before + total, "latency run");
        connect.deleteConnector(run);
        List<Long> delays = new ArrayList<>();
        Map<String, Object> props = Map.of("auto.offset.reset", "earliest", "group.id", run);
        try (KafkaConsumer<byte[], byte[]> consumer = connect.kafka().createConsumer(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (delays.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().length == MqttLoad.PAYLOAD_BYTES) {
                        delays.add(r.timestamp() - MqttLoad.sentMillis(r.value()));
                    }
                }
            }
        }
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        LatencyRun.Latency l = new LatencyRun.Latency("Tributary MQTT source, " + label, rate, sorted.length,
                sorted[(int) (sorted.length * 0.5)], sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))],
                sorted[sorted.length - 1]);
        System.out.printf("  %-44s latency at %,d/s: p50 %.0f ms, p99 %.0f ms%n", label, rate, l.p50Ms(), l.p99Ms());
        return l;
    }

    private Map<String, String> config(String base, String topic, int tasks, Map<String, String> overrides) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", CONNECTOR);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("mqtt.server.uri", broker);
        // One filter per sensor topic, as a user lists what a connector reads: the default plan deals them out over
        // the tasks (plain subscriptions), so tasks.max 2 and 4 share the load without shared subscriptions.
        c.put("mqtt.topics", String.join(",", java.util.stream.IntStream.range(0, SENSOR_TOPICS)
                .mapToObj(i -> base + "/s" + i).toList()));
        c.put("mqtt.qos", "1");
        c.put("mqtt.clean.start", "true");
        c.put("kafka.topic", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.putAll(overrides);
        return c;
    }

    /** Waits for every task to run, then for probes to come through, so no subscription starts late. */
    private void awaitSubscribed(String connector, String broker, String base, String topic, int tasks) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            Object seen;
            try {
                var status = connect.connectorStatus(connector);
                if (status.tasks().size() == tasks && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))) {
                    break;
                }
                seen = status;
            } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
                seen = e.getMessage(); // no status yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connector + " did not start: " + seen);
            }
            Thread.sleep(200);
        }
        long before = endOffset(topic);
        while (endOffset(topic) - before < SENSOR_TOPICS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the connector did not deliver probes to " + topic);
            }
            MqttLoad.publish(broker, base, SENSOR_TOPICS, SENSOR_TOPICS, 0);
            Thread.sleep(1000);
        }
        Thread.sleep(2000); // the other tasks' subscriptions, made in the same second
    }

    private String topic(String run) {
        String topic = "bench." + run;
        NewTopic t = new NewTopic(topic, PARTITIONS, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"));
        try (var admin = connect.kafka().createAdminClient()) {
            admin.createTopics(List.of(t)).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        return topic;
    }

    private long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = offsetReader()) {
            return endOffset(consumer, topic);
        }
    }

    private KafkaConsumer<byte[], byte[]> offsetReader() {
        return connect.kafka().createConsumer(Map.of("group.id", "bench-offsets-" + UUID.randomUUID()));
    }

    private static long endOffset(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new TopicPartition(topic, p));
        }
        return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }

    /** When Kafka's end offsets were first seen past the count before a run, and the count then. */
    private record FirstSeen(long at, long held) {
    }

    /**
     * Polls Kafka's end offsets every 10 ms (the measurement's clock) until they reach {@code target};
     * returns when they first passed {@code before}, or null if they were already at the target.
     */
    private FirstSeen awaitOffset(String topic, long before, long target, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        try (KafkaConsumer<byte[], byte[]> consumer = offsetReader()) {
            FirstSeen first = null;
            long held;
            while ((held = endOffset(consumer, topic)) < target) {
                if (first == null && held > before) {
                    first = new FirstSeen(System.nanoTime(), held);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + ": Kafka holds " + held + " of " + target);
                }
                Thread.sleep(10);
            }
            return first;
        }
    }
}
