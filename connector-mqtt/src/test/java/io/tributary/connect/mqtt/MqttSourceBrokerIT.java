package io.tributary.connect.mqtt;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.MosquittoBroker;
import io.tributary.connect.testkit.Services;
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
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void brokerRestartMidStreamLosesNothing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            String name = Services.uniqueName("mq_restart");
            String topic = name + "-out";
            connect.createTopic(topic, 1);
            Map<String, String> c = MqttSourceIT.sourceConfig(broker.uri(), name + "/#");
            c.put("kafka.topic", topic);
            c.put("mqtt.reconnect.backoff.ms", "200");
            c.put("mqtt.reconnect.backoff.max.ms", "2000");
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                Await.until(TIMEOUT, "the source subscribed", () -> {
                    pub.publish(name + "/probe", "probe", 1);
                    return values(topic).contains("probe");
                });
            }

            int total = 1500;
            AtomicInteger sent = new AtomicInteger();
            Thread publisher = new Thread(() -> {
                try (TestMqttClient pub = new TestMqttClient(broker.uri())) {
                    for (int i = 0; i < total; i++) {
                        pub.publishUntilAcknowledged(name + "/m", "m-" + i);
                        sent.incrementAndGet();
                        if (i % 30 == 29) {
                            Thread.sleep(100);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            publisher.start();
            Await.until(TIMEOUT, "a third published", () -> sent.get() > total / 3);
            broker.restart();
            publisher.join(120_000);
            assertEquals(total, sent.get(), "the publisher finished");
            List<String> got = Await.value(TIMEOUT, total + " messages after the broker restart", () -> values(topic),
                    l -> new HashSet<>(l.stream().filter(v -> v.startsWith("m-")).toList()).size() == total);
            long mine = got.stream().filter(v -> v.startsWith("m-")).count();
            assertEquals(total, new HashSet<>(got.stream().filter(v -> v.startsWith("m-")).toList()).size());
            System.out.println("Broker restart: " + total + " messages, " + (mine - total) + " duplicates");
            assertEquals("RUNNING", connect.status(name).tasks().get(0).state());
            connect.delete(name);
        }
    }
}
