package io.tributary.connect.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.mqtt.MqttSinkTestSupport.Subscriber;
import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.MqttConnectionSettings;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.DeadLetterQueue;
import io.tributary.connect.testkit.MosquittoBroker;
import io.tributary.connect.testkit.Services;
import io.tributary.connect.testkit.TestCertificates;
import io.tributary.connect.testkit.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.tributary.connect.mqtt.MqttSinkTestSupport.produceReadings;
import static io.tributary.connect.mqtt.MqttSinkTestSupport.sinkConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT sink on brokers of the tests' own: a broker restart and a worker leaving mid-stream lose no message
 * (every one counted at a subscriber, duplicates reported); a publish the broker refuses goes to the dead letter
 * queue with the broker's reason; mutual TLS; refused credentials fail the task saying what to fix.
 */
class MqttSinkBrokerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(180);

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static String kafkaTopic(String name, int partitions) {
        String topic = Services.uniqueName(name);
        connect.createTopic(topic, partitions);
        return topic;
    }

    /** Per Kafka partition, the seq numbers the subscriber got, in arrival order. */
    private static Map<Integer, List<Integer>> seqs(List<InboundMessage> messages) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (InboundMessage m : messages) {
            JsonNode reading;
            try {
                reading = JSON.readTree(m.payload());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.computeIfAbsent(reading.get("partition").asInt(), p -> new ArrayList<>()).add(reading.get("seq").asInt());
        }
        return out;
    }

    /** Waits until every partition's {@code perPartition} seq numbers arrived at least once; returns the duplicates. */
    private static int awaitEveryReading(Subscriber subscriber, int partitions, int perPartition) {
        Await.until(LONG, "every reading at the subscriber at least once", () -> {
            Map<Integer, List<Integer>> seqs = seqs(subscriber.received.stream().filter(m -> !m.topic().endsWith("/probe")).toList());
            return seqs.size() == partitions && seqs.values().stream().allMatch(s -> s.stream().distinct().count() == perPartition);
        });
        int received = (int) subscriber.received.stream().filter(m -> !m.topic().endsWith("/probe")).count();
        return received - partitions * perPartition;
    }

    @Test
    void aBrokerRestartMidStreamLosesNoMessage() throws Exception {
        String topic = kafkaTopic("mqs_restart", 2);
        String base = "tributary/" + topic;
        int perPartition = 10_000;
        try (MosquittoBroker broker = MosquittoBroker.start();
             Subscriber subscriber = new Subscriber(broker.uri(), MqttConnectionSettings.Protocol.V5, base, 1, true)) {
            Map<String, String> c = sinkConfig(broker.uri(), topic, base + "/p${partition}", 1);
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            Thread producer = new Thread(() -> produceReadings(connect, topic, 2, perPartition));
            producer.start();
            Await.until(LONG, "readings flowing", () -> subscriber.received.size() > 2_000);
            broker.restart();
            producer.join();
            int duplicates = awaitEveryReading(subscriber, 2, perPartition);
            assertTrue(subscriber.received.stream().anyMatch(m -> m.connection() > 1),
                    "readings arrived after the restart, so it came mid-stream");
            System.out.println("Broker restart: " + 2 * perPartition + " readings, " + duplicates + " delivered twice");
            assertTrue(connect.status(topic).tasks().stream().allMatch(t -> t.state().equals("RUNNING")),
                    "the task rode out the restart");
            connect.delete(topic);
        }
    }

    @Test
    void aWorkerLeavingMidStreamLosesNoMessage() throws Exception {
        String topic = kafkaTopic("mqs_worker", 4);
        String base = "tributary/" + topic;
        int perPartition = 5_000;
        try (MosquittoBroker broker = MosquittoBroker.start();
             Subscriber subscriber = new Subscriber(broker.uri(), MqttConnectionSettings.Protocol.V5, base, 1, false)) {
            connect.configure(topic, sinkConfig(broker.uri(), topic, base + "/p${partition}", 2));
            connect.awaitRunning(topic, 2);
            Thread producer = new Thread(() -> produceReadings(connect, topic, 4, perPartition));
            producer.start();
            Await.until(LONG, "readings flowing", () -> subscriber.received.size() > 1_000);
            connect.removeWorkerRunning(topic);
            producer.join();
            connect.cluster().addWorker();
            int duplicates = awaitEveryReading(subscriber, 4, perPartition);
            System.out.println("Worker removed: " + 4 * perPartition + " readings, " + duplicates + " delivered twice");
            for (Map.Entry<Integer, List<Integer>> p : seqs(subscriber.received.stream()
                    .filter(m -> !m.topic().endsWith("/probe")).toList()).entrySet()) {
                // A moved partition starts again from its last committed offset, so a run may repeat, but within
                // each delivery the seq numbers rise: no message overtakes an earlier one of its partition.
                List<Integer> s = p.getValue();
                int descents = 0;
                for (int i = 1; i < s.size(); i++) {
                    descents += s.get(i) < s.get(i - 1) ? 1 : 0;
                }
                assertTrue(descents <= 2, "partition " + p.getKey() + " in order apart from a restart: " + descents);
            }
            connect.delete(topic);
        }
    }

    /**
     * The broker's ACL lets the sink write to .../open/# only: a message to .../closed comes back with MQTT 5 reason
     * NOT_AUTHORIZED and goes to the dead letter queue carrying it, while the records around it are published.
     */
    @Test
    void aMessageTheBrokerRefusesGoesToTheDeadLetterQueueWithTheReason() throws Exception {
        String topic = kafkaTopic("mqs_refused", 1);
        String base = "tributary/" + topic;
        Path acl = Files.createTempFile("tributary-acl", ".txt");
        Files.writeString(acl, "topic write " + base + "/open/#\n");
        try (MosquittoBroker broker = MosquittoBroker.start(List.of("acl_file " + acl.toAbsolutePath()));
             Subscriber subscriber = new Subscriber(broker.uri(), MqttConnectionSettings.Protocol.V5, base, 1, false)) {
            String dlq = topic + ".dlq";
            Map<String, String> c = DeadLetterQueue.enabled(sinkConfig("tcp://127.0.0.1:" + broker.tlsPort(), topic,
                    base + "/${value.door}/${value.seq}", 1), dlq);
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
                for (int seq = 0; seq < 6; seq++) {
                    producer.send(topic, 0, null, null, null, Map.of("door", seq == 3 ? "closed" : "open", "seq", seq));
                }
            }
            List<InboundMessage> got = subscriber.await("5 open-door messages", l -> l.size() >= 5);
            assertEquals(List.of(0, 1, 2, 4, 5), got.stream().map(m -> Integer.parseInt(m.topic().replaceAll(".*/", ""))).toList());
            List<Map<String, String>> dead = DeadLetterQueue.records(connect, dlq, 1);
            assertEquals(1, dead.size());
            assertEquals("NOT_AUTHORIZED", dead.get(0).get("tributary.mqtt.reason"), dead.toString());
            assertEquals(base + "/closed/3", dead.get(0).get("tributary.mqtt.topic"));
            assertEquals("3", dead.get(0).get("__connect.errors.offset"));
            Map<Integer, Long> committed = MqttSinkTestSupport.awaitCommitted(connect, topic, 1, 6);
            assertEquals(Map.of(0, 6L), committed, "the refused record's offset commits once it is in the DLQ");
            connect.delete(topic);
        }
    }

    @Test
    void publishesOverMutualTls() throws Exception {
        TestCertificates certs = TestCertificates.create();
        String topic = kafkaTopic("mqs_tls", 1);
        String base = "tributary/" + topic;
        try (MosquittoBroker broker = MosquittoBroker.start(certs.mosquittoClientCertificateListenerLines());
             Subscriber subscriber = new Subscriber(broker.uri(), MqttConnectionSettings.Protocol.V5, base, 1, false)) {
            Map<String, String> c = sinkConfig("ssl://localhost:" + broker.tlsPort(), topic, base + "/secure", 1);
            c.put("mqtt.ssl.truststore.location", certs.caCert.toString());
            c.put("mqtt.ssl.truststore.type", "PEM");
            c.put("mqtt.ssl.keystore.location", certs.clientKeystore.toString());
            c.put("mqtt.ssl.keystore.type", "PKCS12");
            c.put("mqtt.ssl.keystore.password", TestCertificates.KEYSTORE_PASSWORD);
            Map<String, String> wrongPassword = new java.util.HashMap<>(c);
            wrongPassword.put("mqtt.ssl.keystore.password", "not-the-keystore-password");
            Validation.assertError(connect.validate(MqttSinkConnector.class.getName(), wrongPassword),
                    "mqtt.ssl.keystore.location", "cannot be read");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            produceReadings(connect, topic, 1, 10);
            assertEquals(10, subscriber.awaitCount(10).size());
            connect.delete(topic);
        }
    }

    @Test
    void refusedCredentialsFailTheTaskSayingWhatToFix() throws Exception {
        String secret = "pw-" + java.util.UUID.randomUUID();
        String topic = kafkaTopic("mqs_auth", 1);
        try (MosquittoBroker broker = MosquittoBroker.start(MosquittoBroker.passwordLines("setpoint-writer", secret))) {
            Map<String, String> c = sinkConfig("tcp://127.0.0.1:" + broker.tlsPort(), topic, "tributary/" + topic, 1);
            c.put("mqtt.username", "setpoint-writer");
            c.put("mqtt.password", "not-the-password");
            connect.configure(topic, c);
            String trace = connect.awaitTaskFailed(topic, LONG);
            assertTrue(trace.contains("refused the connection") && trace.contains("mqtt.password"), trace);
            assertTrue(!trace.contains("not-the-password") && !trace.contains(secret), "the trace shows a password");
            connect.delete(topic);
        }
    }
}
