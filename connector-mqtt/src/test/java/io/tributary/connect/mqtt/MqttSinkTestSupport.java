package io.tributary.connect.mqtt;

import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.MqttConnectionSettings;
import io.tributary.connect.mqtt.client.MqttSession;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.Subscription;
import io.tributary.connect.mqtt.client.TestSessions;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Services;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** What the MQTT sink ITs share: a connector config, records to produce, and a subscriber that counts what arrives. */
final class MqttSinkTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private MqttSinkTestSupport() {
    }

    /** A sink of {@code kafkaTopic} to {@code mqttTopic} at {@code broker}, schemaless JSON keys and values. */
    static Map<String, String> sinkConfig(String broker, String kafkaTopic, String mqttTopic, int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MqttSinkConnector.class.getName());
        c.put("topics", kafkaTopic);
        c.put("tasks.max", Integer.toString(tasks));
        c.put("mqtt.server.uri", broker);
        c.put("mqtt.topic", mqttTopic);
        c.put("mqtt.reconnect.backoff.ms", "100");
        c.put("mqtt.reconnect.backoff.max.ms", "1000");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    /** Sends {@code count} readings per partition, {"device":"d<p>","seq":seq,"partition":p}, keyed d<p>. */
    static void produceReadings(ConnectClusterExtension connect, String topic, int partitions, int count) {
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            for (int seq = 0; seq < count; seq++) {
                for (int p = 0; p < partitions; p++) {
                    Map<String, Object> value = new HashMap<>();
                    value.put("device", "d" + p);
                    value.put("seq", seq);
                    value.put("partition", p);
                    producer.send(topic, p, null, "d" + p, null, value);
                }
            }
            producer.flush();
        }
    }

    /**
     * Waits until the connector's committed offset (GET /connectors/NAME/offsets) of each of {@code partitions} is
     * {@code expected}, and returns them by partition.
     */
    static Map<Integer, Long> awaitCommitted(ConnectClusterExtension connect, String connector, int partitions, long expected) {
        return Await.value(TIMEOUT, "offsets " + expected + " committed for " + partitions + " partitions", () -> {
            Map<Integer, Long> out = new TreeMap<>();
            for (var o : connect.cluster().connectorOffsets(connector).offsets()) {
                out.put(((Number) o.partition().get("kafka_partition")).intValue(),
                        ((Number) o.offset().get("kafka_offset")).longValue());
            }
            return out;
        }, m -> m.size() == partitions && m.values().stream().allMatch(v -> v == expected));
    }

    static String text(InboundMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    /**
     * A QoS 2 subscriber to {@code base/#} that keeps every message it gets, in arrival order. Persistent: the broker
     * queues what it publishes while the subscriber's connection is down (a broker restart).
     */
    static final class Subscriber implements AutoCloseable {
        final List<InboundMessage> received = new CopyOnWriteArrayList<>();
        private final MqttSession session;

        Subscriber(String broker, MqttConnectionSettings.Protocol version, String base, int qos, boolean persistent)
                throws Exception {
            session = TestSessions.connected(broker, version, Services.uniqueName("sink-sub"),
                    List.of(new Subscription(base + "/#", qos, false)), received, persistent);
            MqttSession probe = TestSessions.connected(broker, version, Services.uniqueName("sink-probe"), List.of(),
                    new CopyOnWriteArrayList<>());
            try {
                Await.until(Duration.ofSeconds(20), "the subscription to " + base + "/# in place", () -> {
                    probe.publish(OutboundMessage.of(base + "/probe", new byte[]{1}, 1, false)).join();
                    return received.stream().anyMatch(m -> m.topic().equals(base + "/probe"));
                });
            } finally {
                probe.close();
            }
        }

        static Subscriber to(String base) throws Exception {
            return new Subscriber(Services.mqttUri(), MqttConnectionSettings.Protocol.V5, base, 2, false);
        }

        /** The messages so far whose topic is not a probe, once {@code done} holds for them. */
        List<InboundMessage> await(String what, Predicate<List<InboundMessage>> done) {
            return Await.value(TIMEOUT, what, () -> new Messages(received.stream().filter(m -> !m.topic().endsWith("/probe"))
                    .toList()), done);
        }

        List<InboundMessage> awaitCount(int count) {
            return await(count + " messages at the subscriber", l -> l.size() >= count);
        }

        /** Per MQTT topic, the payloads in arrival order. */
        static Map<String, List<String>> byTopic(List<InboundMessage> messages) {
            Map<String, List<String>> out = new TreeMap<>();
            for (InboundMessage m : messages) {
                out.computeIfAbsent(m.topic(), t -> new java.util.ArrayList<>()).add(text(m));
            }
            return out;
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** Messages that print as their count and last few topics and payloads, so a timeout's message stays readable. */
    static final class Messages extends java.util.ArrayList<InboundMessage> {
        Messages(List<InboundMessage> messages) {
            super(messages);
        }

        @Override
        public String toString() {
            return size() + " messages, the last: " + subList(Math.max(0, size() - 5), size()).stream()
                    .map(m -> m.topic() + " " + text(m) + (m.retain() ? " (retained)" : "")).toList();
        }
    }
}
