package io.tributary.connect.mqtt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Publishes numbered QoS 1 messages on a thread of its own, in bursts with a pause between them. */
final class TestPublisher {
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;

    private TestPublisher(String broker, IntFunction<String> topic, IntFunction<String> payload, int count, int burst,
                          long pauseMs, boolean untilAcknowledged) {
        thread = new Thread(() -> {
            try (TestMqttClient pub = new TestMqttClient(broker)) {
                for (int i = 0; i < count; i++) {
                    if (untilAcknowledged) {
                        pub.publishUntilAcknowledged(topic.apply(i), payload.apply(i));
                    } else {
                        pub.publish(topic.apply(i), payload.apply(i), 1);
                    }
                    sent.incrementAndGet();
                    if (i % burst == burst - 1) {
                        Thread.sleep(pauseMs);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-publisher");
        thread.setDaemon(true);
    }

    /**
     * Starts publishing {@code count} messages; {@code untilAcknowledged} retries each until the broker
     * acknowledges it (the broker may be restarting).
     */
    static TestPublisher start(String broker, IntFunction<String> topic, IntFunction<String> payload, int count, int burst,
                               long pauseMs, boolean untilAcknowledged) {
        TestPublisher p = new TestPublisher(broker, topic, payload, count, burst, pauseMs, untilAcknowledged);
        p.thread.start();
        return p;
    }

    /** Messages the broker took so far. */
    int sent() {
        return sent.get();
    }

    void join(long timeoutMs) throws InterruptedException {
        thread.join(timeoutMs);
    }
}
