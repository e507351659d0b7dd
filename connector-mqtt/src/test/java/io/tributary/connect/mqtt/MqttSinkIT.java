package io.tributary.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.mqtt.MqttSinkTestSupport.Subscriber;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.MqttConnectionSettings;
import io.tributary.connect.mqtt.sink.SinkMetrics;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.DeadLetterQueue;
import io.tributary.connect.testkit.MosquittoBroker;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tributary.connect.mqtt.MqttSinkTestSupport.TIMEOUT;
import static io.tributary.connect.mqtt.MqttSinkTestSupport.produceReadings;
import static io.tributary.connect.mqtt.MqttSinkTestSupport.sinkConfig;
import static io.tributary.connect.mqtt.MqttSinkTestSupport.text;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MQTT sink through a real two-worker Connect cluster against the local Mosquitto: templating, order, errors. */
class MqttSinkIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final String broker = Services.mqttUri();

    private static String kafkaTopic(String name, int partitions) {
        String topic = Services.uniqueName(name);
        connect.createTopic(topic, partitions);
        return topic;
    }

    @Test
    void topicQosRetainAndPropertiesComeFromEachRecord() throws Exception {
        String topic = kafkaTopic("mqs_props", 1);
        String base = "tributary/" + topic;
        Map<String, String> c = sinkConfig(broker, topic, base + "/devices/${value.device}/setpoint", 1);
        c.put("mqtt.qos.from", "${header.qos}");
        c.put("mqtt.retain.from", "${value.keep}");
        c.put("mqtt.user.properties.headers", "site");
        c.put("mqtt.user.properties.header.prefix", "mqtt.prop.");
        c.put("mqtt.content.type", "application/json");
        c.put("mqtt.message.expiry.seconds", "${value.ttl}");
        c.put("mqtt.response.topic", base + "/replies/${key}");
        c.put("mqtt.correlation.data", "${header.request-id}");
        try (Subscriber subscriber = Subscriber.to(base)) {
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
                for (int i = 0; i < 3; i++) {
                    Map<String, Object> value = new HashMap<>();
                    value.put("device", "thermostat-" + i);
                    value.put("celsius", 20 + i);
                    value.put("keep", i == 1);
                    if (i != 2) {
                        value.put("ttl", 600);
                    }
                    Map<String, String> headers = new HashMap<>();
                    headers.put("site", "berlin");
                    headers.put("mqtt.prop.line", "L" + i);
                    headers.put("ignored", "x");
                    headers.put("request-id", "req-" + i);
                    if (i != 0) {
                        headers.put("qos", Integer.toString(i));
                    }
                    producer.send(topic, 0, null, "k" + i, null, value, headers);
                }
            }
            List<InboundMessage> got = subscriber.awaitCount(3);
            for (int i = 0; i < 3; i++) {
                InboundMessage m = got.get(i);
                assertEquals(base + "/devices/thermostat-" + i + "/setpoint", m.topic());
                JsonNode payload = JSON.readTree(m.payload());
                assertEquals(20 + i, payload.get("celsius").asInt(), "the value as JSON");
                // A record without the header gets mqtt.qos (1); the subscriber asked for QoS 2.
                assertEquals(i == 0 ? 1 : i, m.qos(), "QoS of record " + i);
                assertEquals("application/json", m.contentType());
                assertEquals(base + "/replies/k" + i, m.responseTopic());
                assertArrayEquals(("req-" + i).getBytes(StandardCharsets.UTF_8), m.correlationData());
                assertEquals(Set.of(Map.entry("site", "berlin"), Map.entry("line", "L" + i)), new HashSet<>(m.userProperties()),
                        "headers named or prefixed become user properties, the prefix cut");
                if (i == 2) {
                    assertNull(m.messageExpirySeconds(), "no ttl, no expiry");
                } else {
                    assertTrue(m.messageExpirySeconds() > 500 && m.messageExpirySeconds() <= 600, "expiry from ttl: "
                            + m.messageExpirySeconds());
                }
            }
        }
        // The retained one is what a new subscriber gets: only record 1 asked for the retain flag.
        try (Subscriber late = Subscriber.to(base + "/devices")) {
            List<InboundMessage> retained = late.await("the retained setpoint", l -> !l.isEmpty());
            assertEquals(1, retained.size(), "only record 1 was retained: " + retained);
            assertEquals(base + "/devices/thermostat-1/setpoint", retained.get(0).topic());
            assertTrue(retained.get(0).retain());
        }
        connect.delete(topic);
    }

    /**
     * On a broker of the test's own: the shared Mosquitto queues at most 1000 messages for a subscriber (its
     * max_queued_messages default) and drops the rest, faster than any subscriber of a test drains them.
     */
    @Test
    void everyPartitionArrivesInOrderAcrossTasksAndOffsetsCommit() throws Exception {
        String topic = kafkaTopic("mqs_order", 4);
        String base = "tributary/" + topic;
        int perPartition = 1_500;
        try (MosquittoBroker own = MosquittoBroker.start();
             Subscriber subscriber = new Subscriber(own.uri(), MqttConnectionSettings.Protocol.V5, base, 2, false)) {
            Map<String, String> c = sinkConfig(own.uri(), topic, base + "/p${partition}", 2);
            c.put("mqtt.max.in.flight.messages", "50");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 2);
            produceReadings(connect, topic, 4, perPartition);
            List<InboundMessage> got = subscriber.awaitCount(4 * perPartition);
            Map<String, List<String>> byTopic = Subscriber.byTopic(got);
            assertEquals(4, byTopic.size());
            for (int p = 0; p < 4; p++) {
                List<String> payloads = byTopic.get(base + "/p" + p);
                assertEquals(perPartition, payloads.size(), "partition " + p + ": every record once");
                for (int seq = 0; seq < perPartition; seq++) {
                    assertEquals(seq, JSON.readTree(payloads.get(seq)).get("seq").asInt(), "partition " + p + " in order");
                }
            }
        }
        Map<Integer, Long> committed = MqttSinkTestSupport.awaitCommitted(connect, topic, 4, perPartition);
        assertEquals(4, committed.size(), "offsets of every partition committed: " + committed);
        // The tasks' metrics over JMX (the embedded workers share this JVM) count every acknowledgement.
        long acknowledged = 0;
        for (String task : List.of("0", "1")) {
            acknowledged += ((Number) java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                    TaskMetrics.objectName(SinkMetrics.TYPE, topic, task), "messages-acknowledged")).longValue();
        }
        assertTrue(acknowledged >= 4L * perPartition, "messages-acknowledged: " + acknowledged);
        connect.delete(topic);
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueWithTheirRule() throws Exception {
        String topic = kafkaTopic("mqs_bad", 1);
        String dlq = topic + ".dlq";
        String base = "tributary/" + topic;
        Map<String, String> c = DeadLetterQueue.enabled(sinkConfig(broker, topic, base + "/${value.zone}/price", 1), dlq);
        c.put("mqtt.qos.from", "${header.qos}");
        c.put("mqtt.message.max.bytes", "300");
        try (Subscriber subscriber = Subscriber.to(base)) {
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
                producer.send(topic, 0, null, "ok-1", null, Map.of("zone", "a", "price", 1));
                producer.send(topic, 0, null, "no-zone", null, Map.of("price", 2));
                producer.send(topic, 0, null, "wildcard", null, Map.of("zone", "a/#", "price", 3));
                producer.send(topic, 0, null, "empty-level", null, Map.of("zone", "", "price", 4));
                producer.send(topic, 0, null, "qos-9", null, Map.of("zone", "a", "price", 5), Map.of("qos", "9"));
                producer.send(topic, 0, null, "too-large", null, Map.of("zone", "a", "price", "x".repeat(400)));
                producer.send(topic, 0, null, "ok-2", null, Map.of("zone", "b", "price", 7));
            }
            List<InboundMessage> got = subscriber.awaitCount(2);
            assertEquals(List.of(base + "/a/price", base + "/b/price"), got.stream().map(InboundMessage::topic).toList());
        }
        List<Map<String, String>> dead = DeadLetterQueue.records(connect, dlq, 5);
        assertEquals(5, dead.size());
        Map<String, String> causeByKey = new HashMap<>();
        for (Map<String, String> d : dead) {
            causeByKey.put(d.get("__connect.errors.exception.message").contains("no value for ${value.zone}") ? "no-zone"
                    : d.get("__connect.errors.exception.message").contains("wildcard") ? "wildcard"
                    : d.get("__connect.errors.exception.message").contains("empty level") ? "empty-level"
                    : d.get("__connect.errors.exception.message").contains("must be 0, 1 or 2") ? "qos-9"
                    : d.get("__connect.errors.exception.message").contains("mqtt.message.max.bytes") ? "too-large" : "?",
                    d.get("__connect.errors.offset"));
        }
        assertEquals(Map.of("no-zone", "1", "wildcard", "2", "empty-level", "3", "qos-9", "4", "too-large", "5"),
                causeByKey, "each bad record with its rule: " + dead);
        connect.delete(topic);
    }

    @Test
    void aBadRecordWithoutErrorToleranceFailsTheTaskNamingIt() throws Exception {
        String topic = kafkaTopic("mqs_fail", 1);
        connect.configure(topic, sinkConfig(broker, topic, "tributary/" + topic + "/${value.zone}", 1));
        connect.awaitRunning(topic, 1);
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            producer.send(topic, 0, null, "k", null, Map.of("price", 2));
        }
        String trace = connect.awaitTaskFailed(topic, TIMEOUT);
        assertTrue(trace.contains(topic + "/0@0") && trace.contains("${value.zone}") && trace.contains("errors.tolerance=all"),
                trace);
        connect.delete(topic);
    }

    @Test
    void tombstonesClearTheRetainedMessageOfTheirTopic() throws Exception {
        String topic = kafkaTopic("mqs_tomb", 1);
        String base = "tributary/" + topic;
        Map<String, String> c = sinkConfig(broker, topic, base + "/labels/${key}", 1);
        c.put("mqtt.retain", "true");
        c.put("mqtt.tombstones", "clear-retained");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            producer.send(topic, 0, null, "shelf-1", null, Map.of("price", 1));
            producer.send(topic, 0, null, "shelf-2", null, Map.of("price", 2));
        }
        try (Subscriber first = Subscriber.to(base + "/labels")) {
            assertEquals(2, first.await("both retained labels", l -> l.size() >= 2).size());
        }
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            producer.send(topic, 0, null, "shelf-1", null, null);
            producer.send(topic, 0, null, "shelf-3", null, Map.of("price", 3));
        }
        // shelf-3 arriving retained means the tombstone before it was published (one partition, in order).
        try (Subscriber second = Subscriber.to(base + "/labels")) {
            List<InboundMessage> retained = second.await("shelf-3's label", l -> l.stream().anyMatch(m -> m.topic().endsWith("shelf-3")));
            assertEquals(List.of(base + "/labels/shelf-2", base + "/labels/shelf-3"),
                    retained.stream().map(InboundMessage::topic).sorted().toList(), "shelf-1's retained label was cleared");
        }
        connect.delete(topic);
    }

    @Test
    void mqtt311PublishesPayloadsWithoutProperties() throws Exception {
        String topic = kafkaTopic("mqs_v3", 1);
        String base = "tributary/" + topic;
        Map<String, String> c = sinkConfig(broker, topic, base + "/${key}", 1);
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.qos", "2");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (Subscriber subscriber = new Subscriber(broker, MqttConnectionSettings.Protocol.V3_1_1, base, 2, false)) {
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
                for (int i = 0; i < 50; i++) {
                    producer.sendRaw(topic, 0, "gate".getBytes(StandardCharsets.UTF_8),
                            ("open " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            List<InboundMessage> got = subscriber.awaitCount(50);
            for (int i = 0; i < 50; i++) {
                assertEquals("open " + i, text(got.get(i)), "a String value as its UTF-8 text, in order");
                assertEquals(2, got.get(i).qos());
                assertNull(got.get(i).contentType());
            }
        }
        connect.delete(topic);
    }

    @Test
    void validateNamesTheKeyAndTheFix() {
        Map<String, String> c = sinkConfig(broker, "t", "tributary/+/x", 1);
        ConfigInfos infos = connect.validate(MqttSinkConnector.class.getName(), c);
        assertError(infos, "mqtt.topic", "wildcards");

        c = sinkConfig(broker, "t", "tributary/${value.device}", 1);
        c.put("mqtt.qos.from", "qos-${header.qos}");
        assertError(connect.validate(MqttSinkConnector.class.getName(), c), "mqtt.qos.from", "one placeholder");

        c = sinkConfig(broker, "t", "tributary/${unknown}", 1);
        assertError(connect.validate(MqttSinkConnector.class.getName(), c), "mqtt.topic", "unknown placeholder");

        c = sinkConfig(broker, "t", "tributary/x", 1);
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.content.type", "application/json");
        assertError(connect.validate(MqttSinkConnector.class.getName(), c), "mqtt.content.type", "mqtt.version=5");
    }
}
