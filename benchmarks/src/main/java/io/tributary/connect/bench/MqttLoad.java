package io.tributary.connect.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.reactivex.Scheduler;
import io.reactivex.schedulers.Schedulers;
import io.netty.util.concurrent.ThreadPerTaskExecutor;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MQTT load without Connect: publishers at QoS 1 (several connections, a bounded window each) and a
 * plain subscriber, to measure the broker's own publish-to-subscribe rate and to feed the connector.
 * Each payload starts with the time it was sent (epoch ms, ASCII), padded to a fixed size.
 */
final class MqttLoad {
    static final int PAYLOAD_BYTES = 100;
    private static final int PUBLISHERS = 4;
    private static final int WINDOW = 500;
    /** Prefix of the load clients' network threads, which no CPU figure counts. */
    static final String THREAD_PREFIX = "bench-mqtt-load";
    /**
     * The load's own Netty threads: the HiveMQ client otherwise shares one event loop across the
     * JVM, so the publishers' work would run on the threads of whichever client is measured.
     */
    private static final Executor LOAD_THREADS = new ThreadPerTaskExecutor(new DefaultThreadFactory(THREAD_PREFIX, true));
    /** And its own threads for the publish futures' callbacks, which the client otherwise runs on RxJava's shared pool. */
    private static final Scheduler LOAD_CALLBACKS = Schedulers.from(Executors.newFixedThreadPool(2,
            new DefaultThreadFactory(THREAD_PREFIX + "-callback", true)));

    private MqttLoad() {
    }

    static byte[] payload(long sentMillis) {
        byte[] b = new byte[PAYLOAD_BYTES];
        Arrays.fill(b, (byte) ' ');
        byte[] ts = ("{\"ts\":" + sentMillis + "}").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ts, 0, b, 0, ts.length);
        return b;
    }

    static long sentMillis(byte[] payload) {
        String s = new String(payload, 0, Math.min(payload.length, 40), StandardCharsets.US_ASCII);
        return Long.parseLong(s.substring(s.indexOf(':') + 1, s.indexOf('}')));
    }

    private static Mqtt5AsyncClient client(String uri, String prefix) {
        URI u = URI.create(uri);
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5()
                .identifier(prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(u.getHost()).serverPort(u.getPort() < 0 ? 1883 : u.getPort())
                .executorConfig(MqttClientExecutorConfig.builder().nettyExecutor(LOAD_THREADS).nettyThreads(2)
                        .applicationScheduler(LOAD_CALLBACKS).build())
                .buildAsync();
        c.connect().join();
        return c;
    }

    /**
     * Publishes {@code count} messages over {@code topics} sensor topics under {@code base}, at most
     * {@code ratePerSecond} a second (0: as fast as the broker acknowledges); returns when all are acknowledged.
     */
    static void publish(String uri, String base, int topics, long count, int ratePerSecond) throws InterruptedException {
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            clients.add(client(uri, "bench-pub"));
            windows.add(new Semaphore(WINDOW));
        }
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            if (ratePerSecond > 0) {
                long wait = start + i * 1_000_000_000L / ratePerSecond - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            int p = (int) (i % PUBLISHERS);
            Semaphore window = windows.get(p);
            window.acquire();
            clients.get(p).publishWith().topic(base + "/s" + (i % topics)).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload(System.currentTimeMillis())).send()
                    .whenComplete((r, e) -> window.release());
        }
        for (int p = 0; p < PUBLISHERS; p++) {
            windows.get(p).acquire(WINDOW);
            clients.get(p).disconnect().join();
        }
    }

    /** The broker's own QoS 1 publish-to-subscribe rate: seconds to deliver {@code count} messages to one subscriber. */
    static double brokerSeconds(String uri, long count) throws Exception {
        String base = "bench/limit/" + UUID.randomUUID().toString().substring(0, 8);
        Mqtt5AsyncClient sub = client(uri, "bench-sub");
        AtomicLong received = new AtomicLong();
        sub.publishes(MqttGlobalPublishFilter.ALL, p -> received.incrementAndGet());
        sub.subscribeWith().topicFilter(base + "/#").qos(MqttQos.AT_LEAST_ONCE).send().join();
        long start = System.nanoTime();
        publish(uri, base, 16, count, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (received.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("subscriber got " + received.get() + " of " + count);
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sub.disconnect().join();
        return seconds;
    }
}
