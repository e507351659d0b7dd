package io.tributary.connect.mqtt;

import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.MqttConnectionSettings;
import io.tributary.connect.mqtt.client.MqttSession;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.PublishOutcome;
import io.tributary.connect.mqtt.client.Subscription;
import io.tributary.connect.mqtt.client.TestSessions;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.NatsMqttBroker;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT connectors' core paths against a second broker implementation, nats-server's MQTT support
 * (3.1.1, QoS 0 and 1): the source subscribes and every message reaches Kafka once; a session, and the sink
 * connector, publish and a subscriber gets every message in order. QoS 2 and MQTT 5, which nats-server lacks, are left to the
 * Mosquitto tests.
 */
class SecondBrokerIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static NatsMqttBroker nats;

    @BeforeAll
    static void startNats() throws Exception {
        nats = NatsMqttBroker.start();
    }

    @AfterAll
    static void stopNats() throws Exception {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void theSourceTakesEveryQos0And1MessageFromNatsIntoKafka() throws Exception {
        String base = Services.uniqueName("nats_src");
        String topic = base + "-records";
        connect.createTopic(topic, 1);
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MqttSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("mqtt.server.uri", nats.uri());
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.topics", base + "/#");
        c.put("mqtt.qos", "1");
        c.put("kafka.topic", topic);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        connect.configure(base, c);
        connect.awaitRunning(base, 1);
        MqttSession publisher = session(Services.uniqueName("nats-pub"), List.of(), new CopyOnWriteArrayList<>());
        try {
            Await.until(Duration.ofSeconds(60), "the source subscribed at nats-server", () -> {
                publisher.publish(OutboundMessage.of(base + "/probe", "probe".getBytes(StandardCharsets.UTF_8), 1, false)).join();
                return !connect.records(topic).isEmpty();
            });
            for (int i = 0; i < 200; i++) {
                PublishOutcome outcome = publisher.publish(OutboundMessage.of(base + "/sensor/" + (i % 4),
                        ("m" + i).getBytes(StandardCharsets.UTF_8), i % 2, false)).get(10, TimeUnit.SECONDS);
                assertTrue(outcome.taken());
            }
        } finally {
            publisher.close();
        }
        List<ConsumerRecord<byte[], byte[]>> records = Await.value(Duration.ofSeconds(60), "200 messages in " + topic,
                () -> connect.records(topic).stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .startsWith("m")).toList(), l -> l.size() >= 200);
        Set<String> values = new HashSet<>();
        records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        assertEquals(200, values.size(), "every message");
        connect.delete(base);
    }

    @Test
    void aSessionPublishesToNatsAndASubscriberGetsEveryMessageInOrder() throws Exception {
        String base = "tributary/" + Services.uniqueName("nats_pub");
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        MqttSession subscriber = session(Services.uniqueName("nats-sub"), List.of(new Subscription(base + "/#", 1, false)),
                received);
        MqttSession publisher = session(Services.uniqueName("nats-pub"), List.of(), new CopyOnWriteArrayList<>());
        try {
            Await.until(Duration.ofSeconds(30), "the subscription in place at nats-server", () -> {
                publisher.publish(OutboundMessage.of(base + "/probe", new byte[]{1}, 1, false)).join();
                return received.stream().anyMatch(m -> m.topic().endsWith("/probe"));
            });
            for (int i = 0; i < 100; i++) {
                assertTrue(publisher.publish(OutboundMessage.of(base + "/labels", ("price " + i).getBytes(StandardCharsets.UTF_8),
                        1, false)).get(10, TimeUnit.SECONDS).taken());
            }
            List<InboundMessage> labels = Await.value(Duration.ofSeconds(30), "100 messages at the subscriber",
                    () -> received.stream().filter(m -> m.topic().endsWith("/labels")).toList(), l -> l.size() >= 100);
            for (int i = 0; i < 100; i++) {
                assertEquals("price " + i, new String(labels.get(i).payload(), StandardCharsets.UTF_8), "in order");
            }
        } finally {
            publisher.close();
            subscriber.close();
        }
    }

    @Test
    void theSinkPublishesEveryRecordToNatsInPartitionOrder() throws Exception {
        String topic = Services.uniqueName("nats_sink");
        String base = "tributary/" + topic;
        connect.createTopic(topic, 2);
        Map<String, String> c = MqttSinkTestSupport.sinkConfig(nats.uri(), topic, base + "/p${partition}", 1);
        c.put("mqtt.version", "3.1.1");
        try (MqttSinkTestSupport.Subscriber subscriber = new MqttSinkTestSupport.Subscriber(nats.uri(),
                MqttConnectionSettings.Protocol.V3_1_1, base, 1, false)) {
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            MqttSinkTestSupport.produceReadings(connect, topic, 2, 500);
            List<InboundMessage> got = subscriber.awaitCount(1_000);
            Map<String, List<String>> byTopic = MqttSinkTestSupport.Subscriber.byTopic(got);
            for (int p = 0; p < 2; p++) {
                List<String> payloads = byTopic.get(base + "/p" + p);
                assertEquals(500, payloads.size(), "partition " + p);
                for (int seq = 0; seq < 500; seq++) {
                    assertEquals(seq, new com.fasterxml.jackson.databind.ObjectMapper().readTree(payloads.get(seq)).get("seq").asInt(),
                            "partition " + p + " in order");
                }
            }
        }
        connect.delete(topic);
    }

    private static MqttSession session(String clientId, List<Subscription> subs, List<InboundMessage> received)
            throws Exception {
        return TestSessions.connected(nats.uri(), MqttConnectionSettings.Protocol.V3_1_1, clientId, subs, received);
    }
}
