package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces of the JDBC sink integration tests: connector configs, record schemas, DLQ reads. */
final class JdbcSinkTestSupport {
    static final Schema ORDER_KEY = SchemaBuilder.struct().name("OrderKey").field("id", Schema.INT64_SCHEMA).build();
    static final Schema ORDER = SchemaBuilder.struct().name("Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("store", Schema.STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private JdbcSinkTestSupport() {
    }

    static Map<String, String> sinkConfig(Database db, String topic, int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("connection.url", db.url());
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("auto.create", "true");
        c.put("consumer.override.max.poll.records", "500");
        c.put("retry.backoff.ms", "200");
        c.put("retry.backoff.max.ms", "2000");
        return c;
    }

    static Struct order(long id, String store, int qty, String note) {
        return new Struct(ORDER).put("id", id).put("store", store).put("qty", qty).put("note", note);
    }

    static Struct orderKey(long id) {
        return new Struct(ORDER_KEY).put("id", id);
    }

    static Map<String, String> withDeadLetterQueue(Map<String, String> config, String dlqTopic) {
        Map<String, String> c = new HashMap<>(config);
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlqTopic);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    /** The dead letter queue's records as (original offset, exception message header). */
    static List<String[]> deadLetters(ConnectClusterExtension connect, String dlqTopic, int expected) {
        ConsumerRecords<byte[], byte[]> records = connect.kafka().consume(expected, 60_000, dlqTopic);
        List<String[]> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(new String[]{header(r, "__connect.errors.offset"), header(r, "__connect.errors.exception.message"),
                    header(r, "__connect.errors.topic")});
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
