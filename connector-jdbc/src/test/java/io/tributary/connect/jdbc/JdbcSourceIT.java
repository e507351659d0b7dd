package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.tributary.connect.jdbc.JdbcSourceTestSupport.awaitValues;

/** The JDBC source through a real 2-worker cluster, on PostgreSQL and MariaDB. */
class JdbcSourceIT {
    private static final ObjectMapper JSON = JdbcSourceTestSupport.JSON;
    private static final Duration TIMEOUT = JdbcSourceTestSupport.TIMEOUT;

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    static Stream<Database> databases() {
        return Stream.of(Database.postgres(), Database.mariadb());
    }

    /** Two tables over two tasks, every row once, then new rows and a table created meanwhile. */
    @ParameterizedTest
    @MethodSource("databases")
    void incrementalModesReadEveryRowOnceAndPickUpNewRowsAndTables(Database db) {
        for (String mode : List.of("incrementing", "timestamp+incrementing")) {
            String base = Services.uniqueName("src").toLowerCase().replace("-", "_");
            String a = base + "_a";
            String b = base + "_b";
            JdbcSourceTestSupport.createTable(db, a);
            JdbcSourceTestSupport.createTable(db, b);
            for (int i = 0; i < 300; i++) {
                db.execute("INSERT INTO " + a + " (sku, qty, price) VALUES ('a-" + i + "', " + i + ", " + i + ".25)");
            }
            db.execute("INSERT INTO " + b + " (sku, qty, price) VALUES ('b-0', 1, 9.99)");
            String prefix = "jdbc." + base + ".";
            String name = base + "_source";
            connect.configure(name, JdbcSourceTestSupport.config(db, prefix, base + "_.*", mode));
            connect.awaitRunning(name, 2);
            List<JsonNode> rowsA = awaitValues(connect, prefix + a, 300);
            assertEquals(300, rowsA.size(), mode);
            Set<Long> ids = new TreeSet<>();
            rowsA.forEach(v -> ids.add(v.get("id").asLong()));
            assertEquals(300, ids.size(), mode + ": each row once");
            JsonNode first = rowsA.get(0);
            assertEquals("a-0", first.get("sku").asText());
            assertEquals(0.25, first.get("price").asDouble(), 1e-9, "numeric(10,2) as float64 (best_fit)");
            assertEquals(1, awaitValues(connect, prefix + b, 1).size());

            db.execute("INSERT INTO " + a + " (sku, qty, price) VALUES ('a-new', 1, 1.00)");
            String c = base + "_c";
            JdbcSourceTestSupport.createTable(db, c);
            db.execute("INSERT INTO " + c + " (sku, qty, price) VALUES ('c-0', 1, 1.00)");
            assertEquals(301, awaitValues(connect, prefix + a, 301).size(), mode + ": the new row");
            assertEquals("c-0", awaitValues(connect, prefix + c, 1).get(0).get("sku").asText(), mode + ": the new table");

            // A table dropped while it is read: its task lets it go, the others go on, nothing fails.
            db.execute("DROP TABLE " + b);
            db.execute("INSERT INTO " + a + " (sku, qty, price) VALUES ('a-after-drop', 1, 1.00)");
            assertEquals(302, awaitValues(connect, prefix + a, 302).size(), mode);
            // The next table listing reassigns the tasks without it; they keep running.
            Await.until(TIMEOUT, "task configs without " + b, () -> !connect.cluster().taskConfigs(name).toString()
                    .contains("\"" + b + "\""));
            connect.awaitRunning(name, 2);
            connect.delete(name);
        }
    }

    /**
     * What the sink writes the source reads back: each value of the sink's every-type record, through a
     * PostgreSQL table the sink created, comes out of the source equal (integers may come wider, as the
     * column the sink chose is; structs and maps went into json columns and come back as JSON text).
     */
    @org.junit.jupiter.api.Test
    void whatTheSinkWritesTheSourceReadsBackAsTheSameValues() throws Exception {
        Struct back = roundTrip(Database.postgres(), Map.of());
        Struct sent = assertScalarsCameBack(back);
        for (String field : List.of("uid", "doc", "tags", "scores")) {
            assertEquals(sent.get(field), back.get(field), field);
        }
        // The sink made price an unconstrained NUMERIC, which the source reads with each value's own scale
        // (Debezium's VariableScaleDecimal, which the sink reads back as the same decimal).
        assertEquals(sent.get("price"), io.tributary.connect.jdbc.types.DebeziumTypes.converter(
                io.tributary.connect.jdbc.types.DebeziumTypes.VARIABLE_SCALE_DECIMAL).apply(back.get("price")), "price");
        assertEquals("io.debezium.data.Uuid", back.schema().field("uid").schema().name());
        assertEquals("io.debezium.data.Json", back.schema().field("doc").schema().name());
        assertEquals("Lyon", JSON.readTree(back.getString("address")).get("city").asText(), "a struct comes back as its JSON");
    }

    /**
     * The same round trip through MariaDB, whose tables the sink makes from its own types: every scalar comes
     * back equal (uuid and json as the text they were written as, without PostgreSQL's semantic names, which
     * MariaDB's columns do not carry).
     */
    @org.junit.jupiter.api.Test
    void whatTheSinkWritesToMariaDbTheSourceReadsBackAsTheSameValues() throws Exception {
        Struct back = roundTrip(Database.mariadb(), Map.of("numeric.mapping", "none"));
        Struct sent = assertScalarsCameBack(back);
        for (String field : List.of("uid", "doc", "price")) {
            assertEquals(sent.get(field), back.get(field), field + " as " + back.schema().field(field).schema().type());
        }
    }

    /** The sink writes the every-type record into a table it creates; the source reads the row back. */
    private static Struct roundTrip(Database db, Map<String, String> sourceSettings) {
        String topic = Services.uniqueName("roundtrip").toLowerCase().replace("-", "_");
        connect.createTopic(topic, 1);
        try (io.tributary.connect.testkit.ConnectProducer p = new io.tributary.connect.testkit.ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, JdbcSinkTestSupport.ORDER_KEY, JdbcSinkTestSupport.orderKey(1), JdbcSinkTestSupport.EVERYTHING,
                    JdbcSinkTestSupport.everything());
        }
        Map<String, String> sink = JdbcSinkTestSupport.sinkConfig(db, topic, 1);
        sink.put("pk.mode", "record_value");
        sink.put("pk.fields", "id");
        sink.put("insert.mode", "upsert");
        connect.configure(topic + "_sink", sink);
        db.awaitCount("SELECT count(*) FROM " + topic, 1, TIMEOUT);
        connect.delete(topic + "_sink");

        Map<String, String> source = JdbcSourceTestSupport.config(db, "rt.", topic, "incrementing");
        source.put("value.converter.schemas.enable", "true");
        source.put("tasks.max", "1");
        source.putAll(sourceSettings);
        connect.configure(topic + "_source", source);
        byte[] raw = Await.value(TIMEOUT, "the row in rt." + topic, () -> {
            try {
                return connect.records("rt." + topic);
            } catch (IllegalStateException e) {
                return List.<ConsumerRecord<byte[], byte[]>>of();
            }
        }, r -> !r.isEmpty()).get(0).value();
        connect.delete(topic + "_source");
        org.apache.kafka.connect.json.JsonConverter json = new org.apache.kafka.connect.json.JsonConverter();
        json.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
        return (Struct) json.toConnectData("rt." + topic, raw).value();
    }

    /** The fields every database gives back alike; returns what was sent. */
    private static Struct assertScalarsCameBack(Struct back) {
        Struct sent = JdbcSinkTestSupport.everything();
        for (String field : List.of("id", "i8", "i16", "i32")) {
            assertEquals(((Number) sent.get(field)).longValue(), ((Number) back.get(field)).longValue(), field);
        }
        for (String field : List.of("f32", "f64")) {
            assertEquals(((Number) sent.get(field)).doubleValue(), ((Number) back.get(field)).doubleValue(), 0.0, field);
        }
        for (String field : List.of("flag", "text", "day", "clock", "at", "empty")) {
            assertEquals(sent.get(field), back.get(field), field + " as " + back.schema().field(field).schema().type());
        }
        assertTrue(java.util.Arrays.equals((byte[]) sent.get("raw"), (byte[]) back.get("raw")), "raw");
        return sent;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void validateNamesTheKeyToChange(Database db) {
        String base = Services.uniqueName("srcv").toLowerCase().replace("-", "_");
        db.execute("CREATE TABLE " + base + "_t (code VARCHAR(10) PRIMARY KEY, note VARCHAR(10))");
        Map<String, String> c = JdbcSourceTestSupport.config(db, "x.", base + "_t", "incrementing");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), c), "incrementing.column.name")
                .contains("no single-column integer primary key"));
        c.put("table.include.list", base + "_nothing");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), c), "table.include.list")
                .contains("selects no table"));
        c.put("table.include.list", base + "_t");
        c.put("mode", "timestamp");
        c.put("timestamp.column.name", "note");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), c), "timestamp.column.name")
                .contains("not a timestamp"));
        Map<String, String> format = new HashMap<>(c);
        format.put("topic.name.format", "${prefix}${tabel}");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), format), "topic.name.format")
                .contains("${table}"), "a misspelt placeholder, with the ones there are");
        c.put("timestamp.column.name", "changed_at");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), c), "timestamp.column.name")
                .contains("no column changed_at"), "a tracking column that is not there");
        c.put("mode", "bulk");
        c.put("table.exclude.list", base + "_.*");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), c), "table.include.list")
                .contains("selects no table"), "an exclude list that leaves nothing");
        c.remove("table.exclude.list");

        Map<String, String> q = JdbcSourceTestSupport.config(db, "x.", "", "incrementing");
        q.remove("table.include.list");
        q.put("incrementing.column.name", "id");
        q.put("query", "SELECT code FROM " + base + "_t");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), q), "incrementing.column.name")
                .contains("id"), "a query without its tracking column");
        q.put("query", "SELEKT nothing FROM " + base + "_t");
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), q), "query")
                .contains("refuses the query"), "a query the database refuses");

        Map<String, String> login = new HashMap<>(c);
        login.put("connection.user", "nobody_" + base);
        String denied = error(connect.validate(JdbcSourceConnector.class.getSimpleName(), login), "connection.user");
        assertTrue(denied.contains("connection.user") || denied.contains("denied"), "wrong credentials: " + denied);
        Map<String, String> closed = new HashMap<>(c);
        closed.put("connection.url", db.url().replaceFirst("//[^/]+/", "//127.0.0.1:1/"));
        assertTrue(error(connect.validate(JdbcSourceConnector.class.getSimpleName(), closed), "connection.url")
                .contains("connection refused"), "nothing listens there");
        Map<String, String> malformed = new HashMap<>(c);
        malformed.put("connection.url", "postgres://localhost/test");
        assertTrue(!error(connect.validate(JdbcSourceConnector.class.getSimpleName(), malformed), "connection.url").isEmpty(),
                "a URL that is not a JDBC URL");
    }

    private static String error(ConfigInfos infos, String key) {
        for (ConfigInfo info : infos.configs()) {
            if (info.configValue().name().equals(key)) {
                return String.join("; ", info.configValue().errors());
            }
        }
        return "";
    }
}
