package io.tributary.connect.jdbc;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.jdbc.sink.JdbcSinkMetrics;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.DeadLetterQueue;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.TcpProxy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared pieces of the JDBC sink integration tests: connector configs, record schemas, DLQ reads. */
final class JdbcSinkTestSupport {
    static final Schema ORDER_KEY = SchemaBuilder.struct().name("OrderKey").field("id", Schema.INT64_SCHEMA).build();
    static final Schema ORDER = SchemaBuilder.struct().name("Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("store", Schema.STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Schema ADDRESS = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.INT32_SCHEMA).build();
    /** A record with every type the sink maps, for the round-trip test of each database. */
    static final Schema EVERYTHING = SchemaBuilder.struct().name("Everything")
            .field("id", Schema.INT64_SCHEMA)
            .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA).field("text", Schema.STRING_SCHEMA)
            .field("raw", Schema.BYTES_SCHEMA)
            .field("price", Decimal.schema(3))
            .field("day", Date.SCHEMA).field("clock", Time.SCHEMA).field("at", Timestamp.SCHEMA)
            .field("uid", SchemaBuilder.string().name("io.debezium.data.Uuid").build())
            .field("doc", SchemaBuilder.string().name("io.debezium.data.Json").build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("scores", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
            .field("address", ADDRESS)
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
            .field("empty", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final long EVERYTHING_AT_MILLIS = 1_700_000_123_456L;
    static final String EVERYTHING_TEXT = "a \"quoted\", comma\nline é";

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

    static Struct everything() {
        return new Struct(EVERYTHING).put("id", 1L).put("i8", (byte) -5).put("i16", (short) 300).put("i32", 70000)
                .put("f32", 1.5f).put("f64", 2.25d).put("flag", true).put("text", EVERYTHING_TEXT)
                .put("raw", new byte[]{0, 1, (byte) 0xff}).put("price", new BigDecimal("12.345"))
                .put("day", new java.util.Date(19_000L * 86_400_000L)).put("clock", new java.util.Date(3_600_000L + 1_234))
                .put("at", new java.util.Date(EVERYTHING_AT_MILLIS)).put("uid", "6f1c2a5e-0000-4000-8000-000000000001")
                .put("doc", "{\"a\": [1, 2]}").put("tags", List.of("x", "y\"z")).put("scores", List.of(1, 2, 3))
                .put("address", new Struct(ADDRESS).put("city", "Lyon").put("zip", 69000))
                .put("attrs", Map.of("k", 1)).put("empty", "");
    }

    /**
     * The values of {@link #everything()} that read back alike from every database, from a row with
     * columns i8, i16, i32, f32, f64, text, uid, doc (doc.a[1]), tag2 (tags[1]), score3 (scores[2]),
     * city (address.city), attr (attrs.k) and empty.
     */
    static void assertEverythingCommon(Map<String, Object> row) {
        assertEquals(-5, ((Number) row.get("i8")).intValue());
        assertEquals(300, ((Number) row.get("i16")).intValue());
        assertEquals(70000, ((Number) row.get("i32")).intValue());
        assertEquals(1.5, ((Number) row.get("f32")).doubleValue());
        assertEquals(2.25, ((Number) row.get("f64")).doubleValue());
        assertEquals(EVERYTHING_TEXT, row.get("text"));
        assertEquals("6f1c2a5e-0000-4000-8000-000000000001", String.valueOf(row.get("uid")));
        assertEquals("2", String.valueOf(row.get("doc")));
        assertEquals("y\"z", row.get("tag2"));
        assertEquals("3", String.valueOf(row.get("score3")));
        assertEquals("Lyon", row.get("city"));
        assertEquals("1", String.valueOf(row.get("attr")));
        assertEquals("", row.get("empty"));
    }

    static Struct orderKey(long id) {
        return new Struct(ORDER_KEY).put("id", id);
    }

    static Map<String, String> withDeadLetterQueue(Map<String, String> config, String dlqTopic) {
        return DeadLetterQueue.enabled(config, dlqTopic);
    }

    /**
     * The database goes away mid-stream (every connection reset, new ones refused) for longer than a
     * few retries, then comes back: the upsert sink retries with backoff, resumes, and every record
     * lands exactly once with every task still running.
     */
    static void outageMidStreamLosesNothing(ConnectClusterExtension connect, Database db, String topic, String quote)
            throws InterruptedException {
        String table = quote + topic + quote;
        try (TcpProxy proxy = db.proxy()) {
            connect.createTopic(topic, 2);
            Map<String, String> config = sinkConfig(db.through(proxy), topic, 2);
            config.put("insert.mode", "upsert");
            config.put("pk.mode", "record_key");
            config.put("batch.size", "200");
            config.put("max.retries", "100");
            connect.configure(topic, config);
            connect.awaitRunning(topic, 2);
            int n = 20_000;
            Thread producing = new Thread(() -> {
                try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
                    for (int i = 0; i < n; i++) {
                        p.send(topic, i % 2, ORDER_KEY, orderKey(i), ORDER, order(i, "s", i, null));
                        if (i % 500 == 499) {
                            p.flush();
                            Thread.sleep(150);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producing.start();
            Await.value(Duration.ofSeconds(60), "2000 rows before the outage", () -> db.count("SELECT count(*) FROM " + table),
                    rows -> rows > 2000);
            assertTrue(proxy.openConnections() > 0, "the sink holds connections through the proxy");
            proxy.cut();
            long rowsAtCut = db.count("SELECT count(*) FROM " + table);
            Thread.sleep(8_000);
            assertEquals(rowsAtCut, db.count("SELECT count(*) FROM " + table), "nothing is written while the database is away");
            assertTrue(rowsAtCut < n, "the outage fell mid-stream");
            proxy.restore();
            producing.join();
            db.awaitCount("SELECT count(*) FROM " + table, n, Duration.ofSeconds(120));
            assertEquals(n, db.count("SELECT count(DISTINCT id) FROM " + table));
            assertEquals(n - 1L, db.count("SELECT max(qty) FROM " + table));
            ConnectorStateInfo status = connect.status(topic);
            assertTrue(status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state())), status.tasks().toString());
            assertTrue(taskMetric(topic, 0, "write-retries") + taskMetric(topic, 1, "write-retries") > 0,
                    "the outage shows in the tasks' write-retries metric");
            connect.delete(topic);
        }
    }

    /**
     * Someone drops the table while the sink runs, and later drops one of its columns: with auto.create
     * and auto.evolve the sink makes them again and goes on. No record is lost or sent to error handling
     * (errors.tolerance=none would fail the task), and the task keeps running.
     */
    static void tableChangedUnderTheSinkIsMadeAgain(ConnectClusterExtension connect, Database db, String topic, String quote) {
        String table = quote + topic + quote;
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("auto.evolve", "true");
        connect.configure(topic, config);
        sendOrders(connect, topic, 0, 100);
        db.awaitCount("SELECT count(*) FROM " + table, 100, Duration.ofSeconds(60));

        db.execute("DROP TABLE " + table);
        sendOrders(connect, topic, 100, 200);
        db.awaitCount("SELECT count(*) FROM " + table, 100, Duration.ofSeconds(60));
        assertEquals(100, db.count("SELECT min(id) FROM " + table), "the re-created table holds the records sent after the drop");

        db.execute("ALTER TABLE " + table + " DROP COLUMN " + quote + "note" + quote);
        sendOrders(connect, topic, 200, 300);
        db.awaitCount("SELECT count(*) FROM " + table + " WHERE " + quote + "note" + quote + " IS NOT NULL", 100,
                Duration.ofSeconds(60));
        assertEquals(200, db.count("SELECT count(*) FROM " + table));
        assertEquals(299, db.count("SELECT max(id) FROM " + table));
        ConnectorStateInfo status = connect.status(topic);
        assertEquals("RUNNING", status.tasks().get(0).state(), status.tasks().toString());
        assertEquals(0, taskMetric(topic, 0, "records-errored"));
        connect.delete(topic);
    }

    /**
     * Debezium change events of an 'inventory' table, as a Debezium source writes them with JsonConverter
     * schemas and Debezium's own types: snapshot reads of ids 1-20, creates of 21-30, an update renaming
     * id 5, a delete of id 7 followed by its tombstone, a truncate event, and last a create of id 31.
     * Returns the sink config that applies them: upsert by record key with deletes, tables named by
     * the events' source.
     */
    static Map<String, String> sendDebeziumInventoryEvents(ConnectClusterExtension connect, Database db, String topic,
                                                           String table) {
        Schema key = SchemaBuilder.struct().name(topic + ".Key").field("id", Schema.INT64_SCHEMA).build();
        Schema decimal = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
                .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
        Schema row = SchemaBuilder.struct().name(topic + ".Value").optional().field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA).field("qty", Schema.OPTIONAL_INT32_SCHEMA)
                .field("day", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
                .field("at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
                .field("zoned", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
                .field("price", decimal)
                .field("uid", SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build()).build();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("db", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name(topic + ".Envelope").field("before", row).field("after", row)
                .field("source", source).field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Function<Long, Struct> keyOf = id -> new Struct(key).put("id", id);
        BiFunction<Long, String, Struct> rowOf = (id, name) -> new Struct(row).put("id", id)
                .put("name", name).put("qty", name.length()).put("day", 19_000 + id.intValue())
                .put("at", 1_700_000_000_123_456L + id).put("zoned", "2021-03-01T12:00:00.5+02:00")
                .put("price", new Struct(decimal).put("scale", 3).put("value", BigInteger.valueOf(12_345 * id).toByteArray()))
                .put("uid", "6f1c2a5e-0000-4000-8000-" + String.format("%012d", id));
        BiFunction<String, Struct[], Struct> event = (op, images) -> new Struct(envelope)
                .put("before", images[0]).put("after", images[1]).put("op", op).put("ts_ms", 1_700_000_000_000L)
                .put("source", new Struct(source).put("db", "inventory").put("table", table));
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (long id = 1; id <= 30; id++) {
                p.send(topic, 0, key, keyOf.apply(id), envelope, event.apply(id <= 20 ? "r" : "c",
                        new Struct[]{null, rowOf.apply(id, "item " + id)}));
            }
            p.send(topic, 0, key, keyOf.apply(5L), envelope, event.apply("u",
                    new Struct[]{rowOf.apply(5L, "item 5"), rowOf.apply(5L, "renamed item")}));
            p.send(topic, 0, key, keyOf.apply(7L), envelope, event.apply("d", new Struct[]{rowOf.apply(7L, "item 7"), null}));
            p.send(topic, 0, key, keyOf.apply(7L), null, null);
            p.send(topic, 0, null, null, envelope, event.apply("t", new Struct[]{null, null}));
            p.send(topic, 0, key, keyOf.apply(31L), envelope, event.apply("c", new Struct[]{null, rowOf.apply(31L, "last")}));
        }
        return debeziumSinkConfig(db, topic);
    }

    /** A sink that applies Debezium change events: upsert by record key with deletes, tables named by the events' source. */
    static Map<String, String> debeziumSinkConfig(Database db, String topic) {
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("delete.enabled", "true");
        config.put("table.name.format", "${value.source.table}");
        return config;
    }

    private static void sendOrders(ConnectClusterExtension connect, String topic, int fromId, int toId) {
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int id = fromId; id < toId; id++) {
                p.send(topic, 0, null, null, ORDER, order(id, "s" + (id % 5), id, "n" + id));
            }
        }
    }

    /**
     * One of a running sink task's metrics, read over JMX as an operator would: the embedded workers
     * run in this JVM, so their tasks' MBeans are in its platform MBean server.
     */
    static long taskMetric(String connector, int task, String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(
                    TaskMetrics.objectName(JdbcSinkMetrics.TYPE, connector, Integer.toString(task)), attribute)).longValue();
        } catch (javax.management.JMException e) {
            throw new AssertionError("No metric " + attribute + " of " + connector + " task " + task + ": " + e, e);
        }
    }

    /** Waits until a task metric reaches at least {@code atLeast} (a counter moves just after the commit it counts). */
    static long awaitTaskMetric(String connector, int task, String attribute, long atLeast) {
        return Await.value(Duration.ofSeconds(30), attribute + " >= " + atLeast + " on " + connector + " task " + task,
                () -> taskMetric(connector, task, attribute), v -> v >= atLeast);
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
