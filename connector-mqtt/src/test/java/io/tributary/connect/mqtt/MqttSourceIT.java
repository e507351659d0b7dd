package io.tributary.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MQTT source against the local Mosquitto, through a real 2-worker Connect cluster. */
class MqttSourceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final String broker = Services.mqttUri();

    static Map<String, String> sourceConfig(String broker, String filters) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MqttSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("mqtt.server.uri", broker);
        c.put("mqtt.topics", filters);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("producer.override.linger.ms", "5");
        return c;
    }

    /** Starts a connector and waits until its tasks' clients have subscribed (a probe message comes through). */
    private void startAndAwaitSubscribed(String name, Map<String, String> config, int tasks, String probeTopic,
                                         String kafkaTopic) {
        connect.configure(name, config);
        connect.awaitRunning(name, tasks);
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            Await.until(TIMEOUT, name + " to receive a probe on " + probeTopic, () -> {
                pub.publish(probeTopic, "probe", 1);
                return !all(kafkaTopic).isEmpty();
            });
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    private static List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        return all(connect, topic);
    }

    static List<ConsumerRecord<byte[], byte[]>> all(ConnectClusterExtension connect, String topic) {
        return connect.records(topic);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count) {
        return Await.value(TIMEOUT, count + " records in " + topic, () -> all(topic), l -> l.size() >= count);
    }

    @Test
    void wildcardsRulesAndHeadersReachTheirKafkaTopics() {
        String base = Services.uniqueName("mq_route");
        String plainTopic = base + ".kitchen.temp";
        String ruleTopic = base + "-plant-p1_pressure";
        connect.createTopic(plainTopic, 1);
        connect.createTopic(ruleTopic, 1);
        Map<String, String> c = sourceConfig(broker, base + "/+/temp," + base + "/plant/#");
        c.put("kafka.topic.rules", "^" + base + "/plant/(.+)$=>" + base + "-plant-$1");
        startAndAwaitSubscribed(base, c, 1, base + "/kitchen/temp", plainTopic);

        try (TestMqttClient pub = new TestMqttClient(broker)) {
            pub.publish(base + "/kitchen/temp", "21.5".getBytes(StandardCharsets.UTF_8), 1, false, Map.of("site", "berlin"));
            pub.publish(base + "/plant/p1/pressure", "3.2", 1);
            pub.publish(base + "/office/humidity", "40", 1); // matches no filter
        }
        ConsumerRecord<byte[], byte[]> reading = Await.value(TIMEOUT, "the kitchen reading", () -> all(plainTopic),
                l -> l.stream().anyMatch(r -> "21.5".equals(text(r.value())))).stream()
                .filter(r -> "21.5".equals(text(r.value()))).findFirst().orElseThrow();
        assertEquals(base + "/kitchen/temp", text(reading.key()));
        assertEquals(base + "/kitchen/temp", header(reading, "mqtt.topic"));
        assertEquals("1", header(reading, "mqtt.qos"));
        assertEquals("false", header(reading, "mqtt.retain"));
        assertTrue(header(reading, "mqtt.message.id").startsWith("tributary-" + base + "-0:"));
        assertEquals("berlin", header(reading, "site"));

        List<ConsumerRecord<byte[], byte[]>> plant = awaitRecords(ruleTopic, 1);
        assertEquals("3.2", text(plant.get(0).value()));
        assertTrue(connect.kafka().describeTopics(base + ".office.humidity").get(base + ".office.humidity").isEmpty(),
                "a topic no filter matches must not reach Kafka");
        connect.delete(base);
    }

    @Test
    void jsonPayloadsWithInferredSchemaAndBadPayloadsToTheErrorTopic() throws Exception {
        String base = Services.uniqueName("mq_json");
        String dataTopic = base + "-data";
        String errorTopic = base + "-errors";
        connect.createTopic(dataTopic, 1);
        connect.createTopic(errorTopic, 1);
        Map<String, String> c = sourceConfig(broker, base + "/#");
        c.put("kafka.topic", dataTopic);
        c.put("mqtt.payload.format", "json");
        c.put("mqtt.json.schema", "infer");
        c.put("mqtt.record.key", "field");
        c.put("mqtt.record.key.field", "device.id");
        c.put("mqtt.record.timestamp", "field");
        c.put("mqtt.record.timestamp.field", "ts");
        c.put("mqtt.payload.max.bytes", "200");
        c.put("mqtt.errors.topic", errorTopic);
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        connect.configure(base, c);
        connect.awaitRunning(base, 1);
        Thread.sleep(2000); // the subscription is made right after connecting

        try (TestMqttClient pub = new TestMqttClient(broker)) {
            pub.publish(base + "/d1", "{\"device\":{\"id\":\"d-1\"},\"temp\":21.5,\"n\":3,\"ts\":1700000000000}", 1);
            pub.publish(base + "/d1", "{not json", 1);
            pub.publish(base + "/d1", new byte[]{'"', (byte) 0xC3, (byte) 0x28, '"'}, 1, false, Map.of());
            pub.publish(base + "/d1", "{\"pad\":\"" + "x".repeat(300) + "\"}", 1);
            pub.publish(base + "/d1", new byte[0], 1, false, Map.of());
        }
        List<ConsumerRecord<byte[], byte[]>> data = awaitRecords(dataTopic, 2);
        List<ConsumerRecord<byte[], byte[]>> errors = awaitRecords(errorTopic, 3);
        assertEquals(2, data.size());
        ConsumerRecord<byte[], byte[]> good = data.get(0);
        assertEquals("d-1", text(good.key()));
        assertEquals(1_700_000_000_000L, good.timestamp());
        JsonNode envelope = JSON.readTree(good.value());
        assertEquals(21.5, envelope.at("/payload/temp").doubleValue());
        assertEquals(3, envelope.at("/payload/n").longValue());
        assertEquals("double", envelope.at("/schema/fields/1/type").asText());
        assertEquals("int64", envelope.at("/schema/fields/2/type").asText());
        assertNull(data.get(1).value(), "an empty payload is a null value");

        assertEquals(3, errors.size());
        assertEquals(List.of("not-json", "not-json", "too-large"),
                errors.stream().map(r -> header(r, "tributary.error.reason")).toList());
        assertEquals(base + "/d1", header(errors.get(0), "mqtt.topic"));
        assertTrue(header(errors.get(1), "tributary.error.exception.message").contains("UTF-8"),
                header(errors.get(1), "tributary.error.exception.message"));
        assertEquals("310", header(errors.get(2), "mqtt.payload.bytes"));
        assertTrue(JSON.readTree(errors.get(2).value()).path("payload").isNull(),
                "an oversized payload is not copied to the error topic");
        assertEquals("RUNNING", connect.status(base).tasks().get(0).state(), "bad payloads must not stop the task");
        connect.delete(base);
    }

    @Test
    void stringPayloadsRefuseInvalidUtf8AndDropWhenAsked() {
        String base = Services.uniqueName("mq_text");
        String topic = base + "-text";
        connect.createTopic(topic, 1);
        Map<String, String> c = sourceConfig(broker, base + "/#");
        c.put("kafka.topic", topic);
        c.put("mqtt.payload.format", "string");
        c.put("mqtt.errors.action", "drop");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        startAndAwaitSubscribed(base, c, 1, base + "/probe", topic);
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            pub.publish(base + "/t", new byte[]{(byte) 0xFF, (byte) 0xFE}, 1, false, Map.of());
            pub.publish(base + "/t", "grüße", 1);
        }
        List<ConsumerRecord<byte[], byte[]>> records = Await.value(TIMEOUT, "the text record", () -> all(topic),
                l -> l.stream().anyMatch(r -> "grüße".equals(text(r.value()))));
        assertTrue(records.stream().noneMatch(r -> base.concat("/t").equals(text(r.key())) && !"grüße".equals(text(r.value()))),
                "the invalid UTF-8 payload was dropped, not written");
        assertEquals("RUNNING", connect.status(base).tasks().get(0).state());
        connect.delete(base);
    }

    @Test
    void mqtt311SplitsFiltersOverTasksEachMessageOnceAndReportsOverJmx() throws Exception {
        String base = Services.uniqueName("mq_v311");
        String topic = base + "-out";
        connect.createTopic(topic, 2);
        Map<String, String> c = sourceConfig(broker, base + "/a/#," + base + "/b/#");
        c.put("mqtt.version", "3.1.1");
        c.put("tasks.max", "3");
        c.put("kafka.topic", topic);
        connect.configure(base, c);
        connect.awaitRunning(base, 2); // one task per filter, never more
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            Await.until(TIMEOUT, "both filters subscribed", () -> {
                pub.publish(base + "/a/probe", "probe", 1);
                pub.publish(base + "/b/probe", "probe", 1);
                return all(topic).stream().map(r -> header(r, "mqtt.message.id").split(":")[0]).distinct().count() == 2;
            });
            for (int i = 0; i < 100; i++) {
                pub.publish(base + "/a/x", "a-" + i, 1);
                pub.publish(base + "/b/x", "b-" + i, 1);
            }
        }
        List<String> values = Await.value(TIMEOUT, "200 messages", () -> all(topic).stream().map(r -> text(r.value()))
                .filter(v -> !v.equals("probe")).toList(), l -> l.size() >= 200);
        Thread.sleep(1000);
        values = all(topic).stream().map(r -> text(r.value())).filter(v -> !v.equals("probe")).toList();
        assertEquals(200, values.size(), "each message once");
        assertEquals(200, new HashSet<>(values).size());

        javax.management.ObjectName metrics = io.tributary.connect.common.metrics.TaskMetrics.objectName(
                "mqtt-source-task", base, "0");
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        assertEquals(true, server.getAttribute(metrics, "connected"));
        assertTrue((Long) server.getAttribute(metrics, "messages-received") >= 100,
                "messages-received: " + server.getAttribute(metrics, "messages-received"));
        assertEquals(0, ((Number) server.getAttribute(metrics, "messages-in-flight")).intValue());
        connect.delete(base);
    }

    @Test
    void everyQosLevelArrives() {
        String base = Services.uniqueName("mq_qos");
        int perLevel = 40;
        for (int qos = 0; qos <= 2; qos++) {
            String topic = base + "-q" + qos;
            connect.createTopic(topic, 1);
            Map<String, String> c = sourceConfig(broker, base + "/q" + qos + "/#");
            c.put("mqtt.qos", Integer.toString(qos));
            c.put("kafka.topic", topic);
            startAndAwaitSubscribed(base + "-q" + qos, c, 1, base + "/q" + qos + "/probe", topic);
        }
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < perLevel; i++) {
                    pub.publish(base + "/q" + qos + "/m", "m" + i, qos);
                }
            }
        }
        for (int qos = 0; qos <= 2; qos++) {
            String topic = base + "-q" + qos;
            List<ConsumerRecord<byte[], byte[]>> records = Await.value(TIMEOUT, perLevel + " QoS " + qos + " messages",
                    () -> all(topic), l -> l.stream().filter(r -> text(r.value()).startsWith("m")).count() >= perLevel);
            Set<String> values = new HashSet<>();
            records.stream().filter(r -> text(r.value()).startsWith("m")).forEach(r -> values.add(text(r.value())));
            assertEquals(perLevel, values.size(), "QoS " + qos);
            int q = qos;
            assertTrue(records.stream().filter(r -> text(r.value()).startsWith("m"))
                    .allMatch(r -> Integer.toString(q).equals(header(r, "mqtt.qos"))));
            connect.delete(base + "-q" + qos);
        }
    }

    @Test
    void retainedMessagesAreFlaggedOrSkippedAndSysTopicsOnlyComeWhenNamed() {
        String base = Services.uniqueName("mq_retain");
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            pub.publish(base + "/state/a", "on".getBytes(StandardCharsets.UTF_8), 1, true, Map.of());
        }
        String included = base + "-incl";
        String skipped = base + "-skip";
        String sys = base + "-sys";
        connect.createTopic(included, 1);
        connect.createTopic(skipped, 1);
        Map<String, String> inc = sourceConfig(broker, base + "/state/#");
        inc.put("kafka.topic", included);
        inc.put("mqtt.clean.start", "true");
        connect.configure(included, inc);
        Map<String, String> skip = sourceConfig(broker, base + "/state/#");
        skip.put("kafka.topic", skipped);
        skip.put("mqtt.retained.messages", "skip");
        skip.put("mqtt.clean.start", "true");
        startAndAwaitSubscribed(skipped, skip, 1, base + "/state/probe", skipped);

        List<ConsumerRecord<byte[], byte[]>> inRecords = Await.value(TIMEOUT, "the retained message", () -> all(included),
                l -> l.stream().anyMatch(r -> "on".equals(text(r.value()))));
        ConsumerRecord<byte[], byte[]> retained = inRecords.stream().filter(r -> "on".equals(text(r.value()))).findFirst().orElseThrow();
        assertEquals("true", header(retained, "mqtt.retain"));
        assertTrue(all(skipped).stream().noneMatch(r -> "on".equals(text(r.value()))), "skip must drop retained messages");

        // '#' never matches $SYS topics (the broker's rule); naming one subscribes to it.
        Map<String, String> sysConfig = sourceConfig(broker, "$SYS/broker/version");
        sysConfig.put("kafka.topic", sys + "-${mqtt.topic}");
        sysConfig.put("mqtt.clean.start", "true");
        // Brokers send retained messages (such as this one) only to plain subscriptions.
        sysConfig.put("mqtt.shared.subscription.enabled", "false");
        String sysTopic = sys + "-_SYS.broker.version";
        connect.createTopic(sysTopic, 1);
        connect.configure(sys, sysConfig);
        List<ConsumerRecord<byte[], byte[]>> version = awaitRecords(sysTopic, 1);
        assertTrue(text(version.get(0).value()).startsWith("mosquitto"), text(version.get(0).value()));
        assertEquals("$SYS/broker/version", text(version.get(0).key()));
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            pub.publish(base + "/state/a", new byte[0], 1, true, Map.of()); // clears the retained message
        }
        connect.delete(included);
        connect.delete(skipped);
        connect.delete(sys);
    }

    @Test
    void persistentSessionDeliversWhatWasPublishedWhileTheConnectorWasStopped() {
        String base = Services.uniqueName("mq_session");
        String topic = base + "-out";
        connect.createTopic(topic, 1);
        Map<String, String> c = sourceConfig(broker, base + "/#");
        c.put("kafka.topic", topic);
        startAndAwaitSubscribed(base, c, 1, base + "/probe", topic);
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            for (int i = 0; i < 20; i++) {
                pub.publish(base + "/m", "before-" + i, 1);
            }
            Await.until(TIMEOUT, "20 records before the stop",
                    () -> all(topic).stream().filter(r -> text(r.value()).startsWith("before-")).count() >= 20);
            connect.cluster().stopConnector(base);
            Await.until(TIMEOUT, base + " STOPPED", () -> "STOPPED".equals(connect.status(base).connector().state()));
            for (int i = 0; i < 30; i++) {
                pub.publish(base + "/m", "during-" + i, 1);
            }
        }
        connect.cluster().resumeConnector(base);
        List<ConsumerRecord<byte[], byte[]>> records = Await.value(TIMEOUT, "30 messages published while stopped",
                () -> all(topic), l -> l.stream().filter(r -> text(r.value()).startsWith("during-")).map(r -> text(r.value()))
                        .distinct().count() == 30);
        assertEquals(30, records.stream().filter(r -> text(r.value()).startsWith("during-")).map(r -> text(r.value()))
                .distinct().count());
        connect.delete(base);
    }

    @Test
    void sharedSubscriptionSpreadsMessagesOverTwoTasksEachOnce() {
        String base = Services.uniqueName("mq_shared");
        String topic = base + "-out";
        connect.createTopic(topic, 2);
        Map<String, String> c = sourceConfig(broker, base + "/#");
        c.put("kafka.topic", topic);
        c.put("tasks.max", "2");
        c.put("mqtt.shared.subscription.enabled", "true");
        connect.configure(base, c);
        connect.awaitRunning(base, 2);
        Set<String> workers = new HashSet<>();
        connect.status(base).tasks().forEach(t -> workers.add(t.workerId()));
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            Await.until(TIMEOUT, "both tasks subscribed", () -> {
                for (int i = 0; i < 20; i++) {
                    pub.publish(base + "/probe", "probe", 1);
                }
                return all(topic).stream().map(r -> header(r, "mqtt.message.id").split(":")[0]).distinct().count() == 2;
            });
            for (int i = 0; i < 2000; i++) {
                pub.publish(base + "/m/" + (i % 10), "m-" + i, 1);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> records = Await.value(TIMEOUT, "2000 messages", () -> all(topic),
                l -> l.stream().filter(r -> text(r.value()).startsWith("m-")).count() >= 2000);
        List<String> values = records.stream().map(r -> text(r.value())).filter(v -> v.startsWith("m-")).toList();
        assertEquals(2000, new HashSet<>(values).size(), "every message arrives");
        assertEquals(2000, values.size(), "and only once across the two tasks");
        Map<String, Long> perClient = new HashMap<>();
        records.stream().filter(r -> text(r.value()).startsWith("m-"))
                .forEach(r -> perClient.merge(header(r, "mqtt.message.id").split(":")[0], 1L, Long::sum));
        assertEquals(2, perClient.size(), "both tasks read: " + perClient);
        System.out.println("Shared subscription: messages per task " + perClient + " on workers " + workers);
        connect.delete(base);
    }

    @Test
    void validateNamesTheKeyAndTheFix() {
        Map<String, String> c = sourceConfig("http://nowhere", "a/#/b");
        c.put("mqtt.qos", "3");
        c.put("mqtt.ssl.truststore.location", "/no/such/file.pem");
        c.put("kafka.topic", "bad topic!");
        ConfigInfos infos = connect.validate(MqttSourceConnector.class.getName(), c);
        assertError(infos, "mqtt.server.uri", "tcp://");
        assertError(infos, "mqtt.topics", "'#' must be a whole level and the last one");
        assertError(infos, "mqtt.qos", "3");
        assertError(infos, "mqtt.ssl.truststore.location", "not a readable file");
        assertError(infos, "kafka.topic", "legal Kafka topic name");

        Map<String, String> cross = sourceConfig("tcp://localhost:1883", "a/#");
        cross.put("mqtt.record.key", "field");
        ConfigInfos crossInfos = connect.validate(MqttSourceConnector.class.getName(), cross);
        assertError(crossInfos, "mqtt.record.key", "mqtt.payload.format=json");

        Map<String, String> missing = sourceConfig("tcp://localhost:1883", "a/#");
        missing.remove("mqtt.topics");
        assertError(connect.validate(MqttSourceConnector.class.getName(), missing), "mqtt.topics", "");
    }
}
