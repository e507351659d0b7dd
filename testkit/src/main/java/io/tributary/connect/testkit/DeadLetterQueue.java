package io.tributary.connect.testkit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sink connector's dead letter queue in tests: the config that turns it on, and what it holds. */
public final class DeadLetterQueue {
    private DeadLetterQueue() {
    }

    /** {@code config} with errors tolerated and sent to {@code topic}, with Connect's context headers. */
    public static Map<String, String> enabled(Map<String, String> config, String topic) {
        Map<String, String> c = new HashMap<>(config);
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", topic);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    /** At least {@code expected} records of {@code topic}: each its headers as UTF-8 text, and its value under "value". */
    public static List<Map<String, String>> records(ConnectClusterExtension connect, String topic, int expected) {
        ConsumerRecords<byte[], byte[]> records = connect.kafka().consume(expected, 60_000, topic);
        List<Map<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Map<String, String> headers = new HashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), h.value() == null ? null
                    : new String(h.value(), StandardCharsets.UTF_8)));
            headers.put("value", r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
            out.add(headers);
        }
        return out;
    }
}
