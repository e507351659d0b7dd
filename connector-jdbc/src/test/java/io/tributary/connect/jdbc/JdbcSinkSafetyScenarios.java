package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.awaitTaskMetric;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.taskMetric;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.withDeadLetterQueue;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile or careless record, a failing batch or a mistyped URL must not do to the database or
 * to the offsets, tried through a real worker on each database: the same scenarios, with what differs
 * between databases in a {@link Target}.
 */
final class JdbcSinkSafetyScenarios {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** One database as the scenarios see it. */
    record Target(Database db, String quote, String currentSchema, String createSchema, String dropSchema) {
        static Target postgres() {
            return new Target(Database.postgres(), "\"", "public", "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE");
        }

        static Target mariadb() {
            return new Target(Database.mariadb(), "`", "test", "CREATE DATABASE %s", "DROP DATABASE %s");
        }

        String q(String name) {
            return quote + name.replace(quote, quote + quote) + quote;
        }

        String table(String schema, String table) {
            return q(schema) + "." + q(table);
        }
    }

    private JdbcSinkSafetyScenarios() {
    }

    /**
     * {@code table.name.format=${value.tbl}} and a record naming {@code victim.t}: the dot is part of the
     * table's name, in the connection's current schema; the existing table {@code t} of schema
     * {@code victim} is never written.
     */
    static void aRecordCannotPickTheSchema(ConnectClusterExtension connect, Target target) {
        Database db = target.db();
        String topic = Services.uniqueName("rec_schema");
        String victim = Services.uniqueName("victim");
        db.execute(String.format(target.createSchema(), victim),
                "CREATE TABLE " + target.table(victim, "t") + " (tbl VARCHAR(100), n INT)");
        try {
            connect.createTopic(topic, 1);
            Schema schema = SchemaBuilder.struct().field("tbl", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA).build();
            try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
                p.send(topic, 0, null, null, schema, new Struct(schema).put("tbl", victim + ".t").put("n", 1));
                p.send(topic, 0, null, null, schema, new Struct(schema).put("tbl", victim + ".t").put("n", 2));
            }
            Map<String, String> config = sinkConfig(db, topic, 1);
            config.put("table.name.format", "${value.tbl}");
            connect.configure(topic, config);
            String literal = target.table(target.currentSchema(), victim + ".t");
            db.awaitCount("SELECT count(*) FROM " + literal, 2, TIMEOUT);
            assertEquals(0, db.count("SELECT count(*) FROM " + target.table(victim, "t")), "the victim schema's table was written");
            assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
            connect.delete(topic);
        } finally {
            db.execute(String.format(target.dropSchema(), victim));
        }
    }

    /**
     * Names the database cannot hold, from a record's fields and from the table name its value picks, are
     * bad records like any other: with errors.tolerance=all they go to the dead letter queue with the limit
     * in the cause, and the good records behind them land. {@code tooLong} is over the database's limit as
     * the database counts it, {@code fits} just within it.
     */
    static void namesTheDatabaseCannotHoldAreBadRecords(ConnectClusterExtension connect, Target target, String tooLong,
                                                         String fits, String limitText) {
        Database db = target.db();
        String topic = Services.uniqueName("bad_names");
        String dlq = topic + "_dlq";
        connect.createTopic(topic, 1);
        String[] values = {
                "{\"tbl\": \"" + topic + "\", \"id\": 1}",
                "{\"tbl\": \"" + topic + "\", \"id\": 2, \"" + tooLong + "\": 1}",
                "{\"tbl\": \"" + topic + "\", \"id\": 3, \"a\\u0000b\": 1}",
                "{\"tbl\": \"" + "t".repeat(70) + "\", \"id\": 4}",
                "{\"tbl\": \"" + topic + "\", \"id\": 5, \"" + fits + "\": 7}",
                "{\"tbl\": \"" + topic + "\", \"id\": 6}",
        };
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), false)) {
            for (String v : values) {
                p.sendRaw(topic, 0, null, v.getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, String> config = withDeadLetterQueue(sinkConfig(db, topic, 1), dlq);
        config.put("value.converter.schemas.enable", "false");
        config.put("table.name.format", "${value.tbl}");
        config.put("auto.evolve", "true");
        connect.configure(topic, config);
        String table = target.q(topic);
        db.awaitCount("SELECT count(*) FROM " + table, 3, TIMEOUT);
        assertEquals(Set.of(1L, 5L, 6L), Set.copyOf(db.query("SELECT id FROM " + table).stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList()));
        assertEquals(7L, db.count("SELECT " + target.q(fits) + " FROM " + table + " WHERE id = 5"),
                "a name within the limit as the database counts it lands: " + fits.length() + " characters, "
                        + fits.getBytes(StandardCharsets.UTF_8).length + " bytes");
        Map<String, String> causes = new TreeMap<>();
        JdbcSinkTestSupport.deadLetters(connect, dlq, 3).forEach(d -> causes.put(d[0], d[1]));
        assertEquals(Set.of("1", "2", "3"), causes.keySet(), causes.toString());
        assertTrue(causes.get("1").contains(limitText), causes.get("1"));
        assertTrue(causes.get("2").contains("NUL"), causes.get("2"));
        assertTrue(causes.get("3").contains(limitText) && causes.get("3").contains("table.name.format"), causes.get("3"));
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        assertEquals(3, taskMetric(topic, 0, "records-errored"));
        connect.delete(topic);
    }

    /**
     * A batch of 1,000 whose record 700 is bad, with errors.tolerance=none: the task fails, and the table
     * holds exactly the rows of the offsets committed (none of the failing flush). Switched to
     * errors.tolerance=all, the restarted task writes the rest and sends only the poison record to the
     * dead letter queue, not the rows the failed batch would otherwise have left behind.
     */
    static void aFailedBatchLeavesTheTableAndTheOffsetsInAgreement(ConnectClusterExtension connect, Target target) {
        Database db = target.db();
        String topic = Services.uniqueName("failed_batch");
        String dlq = topic + "_dlq";
        String table = keyedOrdersTable(connect, target, topic, 5);
        int n = 1000;
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < n; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, i == 700 ? "far-too-long" : "s" + (i % 10), i, null));
            }
        }
        Map<String, String> config = keyedInsertConfig(db, topic);
        config.put("batch.size", "1000");
        config.put("batch.max.wait.ms", "60000");
        connect.configure(topic, config);
        String trace = connect.awaitTaskFailed(topic, TIMEOUT);
        assertTrue(trace.contains(topic + "/0@700"), trace);
        long rows = Await.value(Duration.ofSeconds(30), "the table to hold exactly the rows of committed offsets", () -> {
            long committed = committedOffset(connect, topic);
            long count = db.count("SELECT count(*) FROM " + table);
            long beyond = db.count("SELECT count(*) FROM " + table + " WHERE id >= " + committed);
            return count == committed && beyond == 0 ? count : -1 - count;
        }, r -> r >= 0);
        assertTrue(rows < 700, "the poison record's flush committed nothing: " + rows + " rows");

        connect.configure(topic, withDeadLetterQueue(config, dlq));
        db.awaitCount("SELECT count(*) FROM " + table, n - 1, TIMEOUT);
        Await.until(TIMEOUT, "offsets committed past the batch", () -> committedOffset(connect, topic) == n);
        List<ConsumerRecord<byte[], byte[]>> dead = connect.records(dlq);
        assertEquals(1, dead.size(), "only the poison record is dead-lettered: " + offsets(dead));
        assertEquals("700", header(dead.get(0), "__connect.errors.offset"));
        connect.delete(topic);
    }

    /**
     * Insert mode into a keyed table, offsets reset so that every record comes again (as after a task that
     * failed between its write and its offset commit): a record whose key already holds the same row is a
     * re-delivery and is skipped (counted as records-already-written), while a record whose key holds a
     * different row goes to the dead letter queue saying so.
     */
    static void reDeliveredRowsAreRecognisedNotDeadLettered(ConnectClusterExtension connect, Target target) {
        Database db = target.db();
        String topic = Services.uniqueName("redelivered");
        String dlq = topic + "_dlq";
        String table = keyedOrdersTable(connect, target, topic, 20);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < 100; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, "s" + (i % 10), i, i % 3 == 0 ? null : "n" + i));
            }
        }
        connect.configure(topic, withDeadLetterQueue(keyedInsertConfig(db, topic), dlq));
        db.awaitCount("SELECT count(*) FROM " + table, 100, TIMEOUT);
        Await.until(TIMEOUT, "offsets committed", () -> committedOffset(connect, topic) == 100);

        connect.cluster().stopConnector(topic);
        Await.until(TIMEOUT, "connector stopped", () -> "STOPPED".equals(connect.status(topic).connector().state()));
        connect.cluster().resetConnectorOffsets(topic);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, null, null, ORDER, order(100, "new", 100, null));
            p.send(topic, 0, null, null, ORDER, order(5, "changed", 5, null));
        }
        connect.cluster().resumeConnector(topic);
        db.awaitCount("SELECT count(*) FROM " + table, 101, TIMEOUT);
        Await.until(TIMEOUT, "offsets committed after the replay", () -> committedOffset(connect, topic) == 102);
        List<ConsumerRecord<byte[], byte[]>> dead = connect.records(dlq);
        assertEquals(1, dead.size(), "only the record that differs from its key's row: " + offsets(dead));
        assertEquals("101", header(dead.get(0), "__connect.errors.offset"));
        String cause = header(dead.get(0), "__connect.errors.exception.message");
        assertTrue(cause.contains("different row"), cause);
        assertEquals("s5", db.query("SELECT store FROM " + table + " WHERE id = 5").get(0).get("store"));
        assertEquals(100, awaitTaskMetric(topic, 0, "records-already-written", 100));
        connect.delete(topic);
    }

    /**
     * Validate says what is wrong with the connection, on the key to change: an unknown host, a port
     * nobody listens on, a server that never answers, each on connection.url.
     */
    static void validateTellsWhyTheDatabaseCannotBeReached(ConnectClusterExtension connect, Target target) {
        String cls = JdbcSinkConnector.class.getName();
        Map<String, String> base = validationConfig(target.db());
        String url = target.db().url();

        Map<String, String> unknownHost = new java.util.HashMap<>(base);
        unknownHost.put("connection.url", url.replaceFirst("//[^/?]+", "//no-such-host.invalid:5432"));
        assertError(connect.validate(cls, unknownHost), "connection.url", "unknown host 'no-such-host.invalid'");

        Map<String, String> refused = new java.util.HashMap<>(base);
        refused.put("connection.url", url.replaceFirst("//[^/?]+", "//127.0.0.1:" + closedPort()));
        assertError(connect.validate(cls, refused), "connection.url", "refused");

        try (SilentServer silent = new SilentServer()) {
            Map<String, String> noAnswer = new java.util.HashMap<>(base);
            noAnswer.put("connection.url", url.replaceFirst("//[^/?]+", "//127.0.0.1:" + silent.port()));
            assertError(connect.validate(cls, noAnswer), "connection.url", "no answer within");
        }
    }

    /** An orders table keyed by id, whose store column holds {@code storeWidth} characters, and its topic. */
    private static String keyedOrdersTable(ConnectClusterExtension connect, Target target, String topic, int storeWidth) {
        String table = target.q(topic);
        target.db().execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, store VARCHAR(" + storeWidth
                + ") NOT NULL, qty INT, note TEXT)");
        connect.createTopic(topic, 1);
        return table;
    }

    /** Insert mode into an existing table keyed by the value's id. */
    private static Map<String, String> keyedInsertConfig(Database db, String topic) {
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("auto.create", "false");
        config.put("pk.mode", "record_value");
        config.put("pk.fields", "id");
        return config;
    }

    /** A config validate accepts as it is: the scenarios change one key. */
    static Map<String, String> validationConfig(Database db) {
        Map<String, String> config = sinkConfig(db, "t", 1);
        config.put("name", "validate-test");
        return config;
    }

    static long committedOffset(ConnectClusterExtension connect, String connector) {
        return connect.cluster().connectorOffsets(connector).offsets().stream()
                .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue()).max().orElse(0);
    }

    static void assertNoErrors(ConfigInfos infos) {
        assertEquals(0, infos.errorCount(), () -> io.tributary.connect.testkit.Validation.errors(infos).toString());
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Set<String> offsets(List<ConsumerRecord<byte[], byte[]>> dead) {
        Set<String> out = new TreeSet<>();
        dead.forEach(r -> out.add(header(r, "__connect.errors.offset")));
        return out;
    }

    /** A loopback port that was free a moment ago: nothing listens there. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts connections and never says a word: a database host that hangs. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor;

        SilentServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                synchronized (accepted) {
                    for (Socket s : accepted) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
