package io.tributary.connect.mqtt;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LogCapture;
import io.tributary.connect.testkit.MosquittoBroker;
import io.tributary.connect.testkit.Services;
import io.tributary.connect.testkit.TcpProxy;
import io.tributary.connect.testkit.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT source against Mosquitto brokers of the test's own (a TLS listener, a restart mid-stream),
 * through a real 2-worker Connect cluster.
 */
class MqttSourceBrokerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static List<String> values(String topic) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : MqttSourceIT.all(connect, topic)) {
            out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void readsOverTlsTrustingAPemCaWithHostnameVerification() throws Exception {
        TestCertificates certs = TestCertificates.create();
        try (MosquittoBroker broker = MosquittoBroker.start(certs.mosquittoListenerLines())) {
            String name = Services.uniqueName("mq_tls");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> c = MqttSourceIT.sourceConfig("ssl://localhost:" + broker.tlsPort(), name + "/#");
            c.put("kafka.topic", topic);
            c.put("mqtt.ssl.truststore.location", certs.caCert.toString());
            c.put("mqtt.ssl.truststore.type", "PEM");

            Map<String, String> wrongType = new java.util.HashMap<>(c);
            wrongType.put("mqtt.ssl.truststore.type", "JKS");
            ConfigInfos infos = connect.validate(MqttSourceConnector.class.getName(), wrongType);
            assertError(infos, "mqtt.ssl.truststore.location", "cannot be read");

            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "a message over TLS", () -> {
                    pub.publish(name + "/secure", "over-tls", 1);
                    return values(topic).contains("over-tls");
                });
            }
            connect.delete(name);
        }
    }

    @Test
    void authenticatesWithAClientCertificateFromAKeystore() throws Exception {
        TestCertificates certs = TestCertificates.create();
        try (MosquittoBroker broker = MosquittoBroker.start(certs.mosquittoClientCertificateListenerLines())) {
            String name = Services.uniqueName("mq_mtls");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> anonymous = MqttSourceIT.sourceConfig("ssl://localhost:" + broker.tlsPort(), name + "/#");
            anonymous.put("kafka.topic", topic);
            anonymous.put("mqtt.ssl.truststore.location", certs.caCert.toString());
            anonymous.put("mqtt.ssl.truststore.type", "PEM");
            anonymous.put("mqtt.reconnect.backoff.max.ms", "1000");
            Map<String, String> withCertificate = new java.util.HashMap<>(anonymous);
            withCertificate.put("mqtt.ssl.keystore.location", certs.clientKeystore.toString());
            withCertificate.put("mqtt.ssl.keystore.type", "PKCS12");
            withCertificate.put("mqtt.ssl.keystore.password", TestCertificates.KEYSTORE_PASSWORD);

            Map<String, String> wrongPassword = new java.util.HashMap<>(withCertificate);
            wrongPassword.put("mqtt.ssl.keystore.password", "not-the-keystore-password");
            ConfigInfos infos = connect.validate(MqttSourceConnector.class.getName(), wrongPassword);
            assertError(infos, "mqtt.ssl.keystore.location", "cannot be read");

            // Without a certificate the broker refuses the handshake: the task keeps retrying, nothing arrives.
            connect.configure(name + "-anonymous", withTopic(anonymous, topic + "-anonymous"));
            connect.createTopic(topic + "-anonymous", 1);
            connect.configure(name, withCertificate);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "a message over mutual TLS", () -> {
                    pub.publish(name + "/secure", "client-certificate", 1);
                    return values(topic).contains("client-certificate");
                });
            }
            assertTrue(values(topic + "-anonymous").isEmpty(), "a client without a certificate got messages");
            String log = java.nio.file.Files.readString(broker.directory().resolve("mosquitto.log"));
            assertTrue(log.contains("as tributary-connector") || log.contains("u'tributary-connector'"),
                    "the broker names the certificate's identity: " + log);
            connect.delete(name);
            connect.delete(name + "-anonymous");
        }
    }

    @Test
    void authenticatesWithUsernameAndPasswordAndFailsClearlyOnAWrongOne() throws Exception {
        String secret = "pw-" + java.util.UUID.randomUUID();
        try (MosquittoBroker broker = MosquittoBroker.start(MosquittoBroker.passwordLines("sensor-reader", secret))) {
            String name = Services.uniqueName("mq_auth");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> c = MqttSourceIT.sourceConfig("tcp://127.0.0.1:" + broker.tlsPort(), name + "/#");
            c.put("kafka.topic", topic);
            c.put("mqtt.username", "sensor-reader");
            c.put("mqtt.password", secret);
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "a message to the authenticated connector", () -> {
                    pub.publish(name + "/in", "authenticated", 1);
                    return values(topic).contains("authenticated");
                });
            }

            String wrong = name + "-wrong";
            Map<String, String> bad = new java.util.HashMap<>(c);
            bad.put("mqtt.password", "not-the-password");
            connect.configure(wrong, bad);
            String trace = connect.awaitTaskFailed(wrong, TIMEOUT);
            assertTrue(trace.contains("refused the connection") && trace.contains("mqtt.password"), trace);
            assertTrue(!trace.contains("not-the-password") && !trace.contains(secret), "the trace shows a password");
            connect.delete(wrong);
            connect.delete(name);
        }
    }

    private static Map<String, String> withTopic(Map<String, String> config, String topic) {
        Map<String, String> c = new java.util.HashMap<>(config);
        c.put("kafka.topic", topic);
        return c;
    }

    @Test
    void readsOverWebSockets() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(List.of("protocol websockets"))) {
            String name = Services.uniqueName("mq_ws");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> c = MqttSourceIT.sourceConfig("ws://127.0.0.1:" + broker.tlsPort() + "/mqtt", name + "/#");
            c.put("kafka.topic", topic);
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "a message over WebSocket", () -> {
                    pub.publish(name + "/ws", "over-ws", 1);
                    return values(topic).contains("over-ws");
                });
            }
            connect.delete(name);
        }
    }

    @Test
    void brokerRestartMidStreamLosesNothing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String name = Services.uniqueName("mq_restart");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> c = MqttSourceIT.sourceConfig(broker.uri(), name + "/#");
            c.put("kafka.topic", topic);
            // The task comes back well after the broker and the publisher do, so that messages are always
            // published while it is away: the broker must keep them for its session (a shared subscription
            // on Mosquitto 2.0 would lose them).
            c.put("mqtt.reconnect.backoff.ms", "3000");
            c.put("mqtt.reconnect.backoff.max.ms", "4000");
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "the source subscribed", () -> {
                    pub.publish(name + "/probe", "probe", 1);
                    return values(topic).contains("probe");
                });
            }

            int total = 1500;
            TestPublisher publisher = TestPublisher.start(broker.uri(), i -> name + "/m", i -> "m-" + i, total, 30, 100, true);
            Await.until(TIMEOUT, "a third published", () -> publisher.sent() > total / 3);
            broker.restart();
            publisher.join(120_000);
            assertEquals(total, publisher.sent(), "the publisher finished");
            List<String> got = Await.value(TIMEOUT, total + " messages after the broker restart", () -> values(topic),
                    l -> new HashSet<>(l.stream().filter(v -> v.startsWith("m-")).toList()).size() == total);
            long mine = got.stream().filter(v -> v.startsWith("m-")).count();
            assertEquals(total, new HashSet<>(got.stream().filter(v -> v.startsWith("m-")).toList()).size());
            System.out.println("Broker restart: " + total + " messages, " + (mine - total) + " duplicates");
            assertEquals("RUNNING", connect.status(name).tasks().get(0).state());
            connect.delete(name);
        }
    }

    @Test
    void losingTheWorkerThatRunsTheTaskLosesNoMessage() throws Exception {
        // A broker of our own: while the task moves, the broker queues what arrives for its session,
        // and the installed Mosquitto drops beyond max_queued_messages (1000) — a broker setting to
        // size for rate x failover time, not something a client can make up for.
        try (MosquittoBroker own = MosquittoBroker.start()) {
            losingTheWorkerLosesNoMessage(own.uri());
        }
    }

    private void losingTheWorkerLosesNoMessage(String broker) throws Exception {
        String base = Services.uniqueName("mq_crash");
        String topic = base + "-out";
        connect.createTopic(topic, 1);
        Map<String, String> c = MqttSourceIT.sourceConfig(broker, base + "/#");
        c.put("kafka.topic", topic);
        connect.configure(base, c);
        connect.awaitRunning(base, 1);
        try (TestMqttClient pub = new TestMqttClient(broker)) {
            Await.until(TIMEOUT, "the source subscribed", () -> {
                pub.publish(base + "/probe", "probe", 1);
                return values(topic).contains("probe");
            });
        }

        int total = 3000;
        TestPublisher publisher = TestPublisher.start(broker, i -> base + "/m", i -> "m-" + i, total, 30, 100, false);
        Await.until(TIMEOUT, "a third of the messages published", () -> publisher.sent() > total / 3);
        String workerId = connect.removeWorkerRunning(base);
        try {
            publisher.join(60_000);
            assertEquals(total, publisher.sent());
            List<String> all = Await.value(TIMEOUT, total + " messages after the worker loss", () -> values(topic),
                    l -> l.stream().filter(v -> v.startsWith("m-")).distinct().count() == total);
            List<String> values = all.stream().filter(v -> v.startsWith("m-")).toList();
            assertEquals(total, new HashSet<>(values).size(), "no message lost");
            String after = connect.status(base).tasks().get(0).workerId();
            assertTrue(!after.equals(workerId), "the task moved to the other worker");
            System.out.println("Worker loss: " + total + " messages, " + (values.size() - total)
                    + " duplicates (re-delivered after the move)");
        } finally {
            connect.cluster().addWorker();
            connect.delete(base);
        }
    }

    /**
     * Two tasks with the default settings (the filters split over the tasks, plain persistent subscriptions)
     * and a Mosquitto restart while publishers go on and the tasks stay away (they reconnect 3-4 s later):
     * the broker keeps what arrives for each task's session, so nothing is lost. Shared subscriptions, the
     * default before, lose on Mosquitto 2.0 whatever is published until a member subscribes again.
     */
    @Test
    void severalTasksLoseNothingAcrossABrokerRestartWithTheDefaults() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String name = Services.uniqueName("mq_restart2");
            String topic = name + "-out";
            connect.createTopic(topic, 2);
            Map<String, String> c = MqttSourceIT.sourceConfig(broker.uri(), name + "/a/#," + name + "/b/#");
            c.put("tasks.max", "2");
            c.put("kafka.topic", topic);
            c.put("mqtt.reconnect.backoff.ms", "3000");
            c.put("mqtt.reconnect.backoff.max.ms", "4000");
            connect.configure(name, c);
            connect.awaitRunning(name, 2);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "both tasks subscribed", () -> {
                    pub.publish(name + "/a/probe", "probe-a", 1);
                    pub.publish(name + "/b/probe", "probe-b", 1);
                    return values(topic).containsAll(List.of("probe-a", "probe-b"));
                });
            }
            int perFilter = 800;
            List<TestPublisher> publishers = new ArrayList<>();
            for (String sub : List.of("a", "b")) {
                publishers.add(TestPublisher.start(broker.uri(), i -> name + "/" + sub + "/m", i -> sub + "-" + i, perFilter,
                        20, 100, true));
            }
            Await.until(TIMEOUT, "a third published", () -> publishers.stream().mapToInt(TestPublisher::sent).sum()
                    > 2 * perFilter / 3);
            broker.restart();
            for (TestPublisher p : publishers) {
                p.join(120_000);
            }
            assertEquals(2 * perFilter, publishers.stream().mapToInt(TestPublisher::sent).sum(), "the publishers finished");
            List<String> got = Await.value(TIMEOUT, 2 * perFilter + " messages after the broker restart",
                    () -> values(topic), l -> mine(l).size() == 2 * perFilter);
            System.out.println("Broker restart with 2 tasks: " + 2 * perFilter + " messages, "
                    + (got.stream().filter(v -> v.matches("[ab]-\\d+")).count() - 2 * perFilter) + " duplicates");
            assertTrue(connect.status(name).tasks().stream().allMatch(t -> "RUNNING".equals(t.state())));
            connect.delete(name);
        }
    }

    private static java.util.Set<String> mine(List<String> values) {
        return new HashSet<>(values.stream().filter(v -> v.matches("[ab]-\\d+")).toList());
    }

    /**
     * Kafka made slow (a producer that lingers a second per batch) so that a second of traffic would wait for
     * its acknowledgement, and the task's connection to the broker cut mid-stream, as a crash of its worker
     * cuts it: the messages Kafka had but the broker never heard acknowledged come again when the session
     * resumes. The task had at most mqtt.max.unacknowledged.messages of them (its reconnect log says how many);
     * the acknowledgements the cut connection was still carrying come on top, at most one Kafka batch's worth,
     * which the bound also caps. Without the bound, a second of traffic comes twice.
     */
    @Test
    void aCutConnectionReDeliversNoMoreThanTheUnacknowledgedBound() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(List.of(), List.of("max_queued_messages 0"));
             TcpProxy proxy = TcpProxy.to("127.0.0.1", broker.port()); LogCapture logs = LogCapture.start()) {
            String base = Services.uniqueName("mq_bound");
            String topic = base + "-out";
            connect.createTopic(topic, 1);
            int bound = 300;
            Map<String, String> c = MqttSourceIT.sourceConfig("tcp://127.0.0.1:" + proxy.port(), base + "/#");
            c.put("kafka.topic", topic);
            c.put("mqtt.max.unacknowledged.messages", Integer.toString(bound));
            c.put("mqtt.reconnect.backoff.ms", "500");
            c.put("mqtt.reconnect.backoff.max.ms", "1000");
            c.put("producer.override.linger.ms", "1000");
            c.put("producer.override.batch.size", "1048576");
            connect.configure(base, c);
            connect.awaitRunning(base, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "the source subscribed", () -> {
                    pub.publish(base + "/probe", "probe", 1);
                    return values(topic).contains("probe");
                });
            }
            int total = 4000;
            // Bursts of 100 with 50 ms between them: about 2,000 msg/s.
            TestPublisher publisher = TestPublisher.start(broker.uri(), i -> base + "/m", i -> "m-" + i, total, 100, 50, false);
            Await.until(TIMEOUT, "half of the messages published", () -> publisher.sent() > total / 2);
            proxy.cut();
            Await.until(TIMEOUT, "the task to notice the cut", () -> logs.linesContaining(base).stream()
                    .anyMatch(l -> l.contains("is not connected")));
            proxy.restore();
            publisher.join(60_000);
            List<String> all = Await.value(TIMEOUT, total + " messages after the cut", () -> values(topic),
                    l -> l.stream().filter(v -> v.startsWith("m-")).distinct().count() == total);
            long duplicates = all.stream().filter(v -> v.startsWith("m-")).count() - total;
            String resumed = logs.linesContaining(base).stream().filter(l -> l.contains("resumed its session"))
                    .findFirst().orElseThrow(() -> new AssertionError("no reconnect line in the log"));
            Matcher handedOn = Pattern.compile("(\\d+) of them handed to Kafka already").matcher(resumed);
            assertTrue(handedOn.find(), resumed);
            System.out.println("Cut connection with a bound of " + bound + ": " + duplicates + " duplicates, "
                    + handedOn.group(1) + " handed to Kafka unacknowledged when it broke");
            assertTrue(Integer.parseInt(handedOn.group(1)) <= bound, resumed);
            assertTrue(duplicates <= 2L * bound, duplicates + " messages came twice; the bound is " + bound);
            assertEquals("RUNNING", connect.status(base).tasks().get(0).state());
            connect.delete(base);
        }
    }

    /**
     * tasks.max=3 over two filters without shared subscriptions: the connector runs the two tasks the
     * filters allow and says so at start, with each task's filters and how to get more tasks.
     */
    @Test
    void theStartLogSaysWhichFiltersEachTaskReadsAndHowToGetMoreTasks() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(); LogCapture logs = LogCapture.start()) {
            String name = Services.uniqueName("mq_plan");
            Map<String, String> c = MqttSourceIT.sourceConfig(broker.uri(), name + "/a/#," + name + "/b/#");
            c.put("tasks.max", "3");
            c.put("kafka.topic", name + "-out");
            connect.configure(name, c);
            connect.awaitRunning(name, 2);
            String plan = Await.value(TIMEOUT, "the connector's task plan in the log", () -> logs.lines().stream()
                    .filter(l -> l.contains(name) && l.contains("2 of tasks.max=3")).findFirst().orElse(null),
                    l -> l != null);
            assertTrue(plan.contains("[" + name + "/a/#]") && plan.contains("[" + name + "/b/#]"), plan);
            assertTrue(plan.contains("mqtt.shared.subscription.enabled") && plan.contains("mqtt.topics"), plan);
            Await.until(TIMEOUT, "each task's start line", () -> logs.lines().stream()
                    .filter(l -> l.contains(name) && l.contains("plain subscription")).count() >= 2);
            connect.delete(name);
        }
    }
}
