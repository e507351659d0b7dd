package io.tributary.connect.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT source's job without Connect, as the CPU limit per message: one plain MQTT 5 subscriber
 * (manual acknowledgement, the connector's Receive Maximum) hands each message to a plain Kafka
 * producer set up as Connect sets up a source task's (acks=all, one request in flight, linger 1 ms as
 * the tuned runs) and acknowledges it to the broker once Kafka has it. No conversion, no headers, no
 * offsets, no bound on what is unacknowledged: what is left is the floor any MQTT-to-Kafka bridge pays.
 */
final class MqttPair {
    static final String THREAD_PREFIX = "bench-pair-mqtt-";
    static final String CLIENT_ID = "bench-pair-producer";
    /** The subscriber's network and callback threads, and the producer's network thread. */
    static final ThreadCpu.Threads THREADS = ThreadCpu.Threads.named(THREAD_PREFIX,
            "kafka-producer-network-thread | " + CLIENT_ID);

    /**
     * One callback thread for every run, never shut down: the client hands it the end of a flow after
     * disconnect, and a stopped executor would turn that into an error on the client's thread.
     */
    private static final ExecutorService INBOUND = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_PREFIX + "inbound");
        t.setDaemon(true);
        return t;
    });

    private MqttPair() {
    }

    /** Seconds from the first publish until Kafka acknowledged {@code count} messages; CPU measured by the caller. */
    static double seconds(EmbeddedKafkaCluster kafka, String uri, String base, int topics, String kafkaTopic, long count)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        URI u = URI.create(uri);
        Mqtt5AsyncClient sub = MqttClient.builder().useMqttVersion5().identifier(THREAD_PREFIX + Long.toString(System.nanoTime(), 36))
                .serverHost(u.getHost()).serverPort(u.getPort() < 0 ? 1883 : u.getPort())
                .executorConfig(MqttClientExecutorConfig.builder()
                        .nettyExecutor(new ThreadPerTaskExecutor(new DefaultThreadFactory(THREAD_PREFIX + "io", true)))
                        .nettyThreads(1).build())
                .buildAsync();
        AtomicLong written = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(props)) {
            sub.publishes(MqttGlobalPublishFilter.ALL, p -> producer.send(
                    new ProducerRecord<>(kafkaTopic, p.getTopic().toString().getBytes(), p.getPayloadAsBytes()), (md, e) -> {
                        if (e == null) {
                            p.acknowledge();
                            written.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }), INBOUND, true);
            sub.connectWith().cleanStart(true).restrictions().receiveMaximum(65535).applyRestrictions().send().join();
            sub.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
            long start = System.nanoTime();
            MqttLoad.publish(uri, base, topics, count, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (written.get() < count) {
                if (failed.get() > 0 || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain pair wrote " + written.get() + " of " + count + " ("
                            + failed.get() + " sends failed)");
                }
                Thread.sleep(5);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            sub.disconnect().join();
        }
    }
}
