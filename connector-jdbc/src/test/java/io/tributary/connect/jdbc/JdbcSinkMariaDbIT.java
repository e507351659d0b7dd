package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.EVERYTHING;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER_KEY;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.everything;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.orderKey;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.awaitTaskMetric;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.taskMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDBC sink against the local MariaDB, through a real 2-worker Connect cluster. */
class JdbcSinkMariaDbIT {
    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final Database db = Database.mariadb();

    @Test
    void insertWritesEveryRecordWithMultiRowStatements() {
        String topic = Services.uniqueName("maria_insert");
        connect.createTopic(topic, 4);
        int n = 10_000;
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < n; i++) {
                p.send(topic, i % 4, null, null, ORDER, order(i, "store-" + (i % 7), i % 10, null));
            }
        }
        connect.configure(topic, sinkConfig(db, topic, 4));
        connect.awaitRunning(topic, 4);
        db.awaitCount("SELECT count(*) FROM `" + topic + "`", n, ROWS_TIMEOUT);
        assertEquals(n, db.count("SELECT count(DISTINCT id) FROM `" + topic + "`"));
        long rows = 0;
        long statements = 0;
        for (int task = 0; task < 4; task++) {
            rows += taskMetric(topic, task, "rows-written");
            statements += taskMetric(topic, task, "multi-row-statements");
            assertEquals(0, taskMetric(topic, task, "statement-batches"), "no row-by-row fallback");
        }
        assertEquals(n, rows);
        assertTrue(statements > 0 && statements <= n / 10, "many rows per statement: " + statements + " statements");
        connect.delete(topic);
    }

    @Test
    void upsertAndDeleteByRecordKey() {
        String topic = Services.uniqueName("maria_upsert");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("delete.enabled", "true");
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int round = 0; round < 3; round++) {
                for (int id = 0; id < 50; id++) {
                    p.send(topic, 0, ORDER_KEY, orderKey(id), ORDER, order(id, "s", round * 100 + id, "r" + round));
                }
            }
            p.send(topic, 0, ORDER_KEY, orderKey(7), null, null);
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM `" + topic + "` WHERE note = 'r2'", 49, ROWS_TIMEOUT);
        db.awaitCount("SELECT count(*) FROM `" + topic + "`", 49, ROWS_TIMEOUT);
        assertEquals(233, db.count("SELECT qty FROM `" + topic + "` WHERE id = 33"));
        assertTrue(awaitTaskMetric(topic, 0, "statement-batches", 1) >= 1, "the delete went as a statement batch");
        assertTrue(taskMetric(topic, 0, "multi-row-statements") >= 1, "the upserts as multi-row statements");
        connect.delete(topic);
    }

    @Test
    void typesRoundTripAndTooLongValuesGoToTheDeadLetterQueue() {
        String topic = Services.uniqueName("maria_types");
        String dlq = topic + "_dlq";
        connect.createTopic(topic, 1);
        Schema schema = SchemaBuilder.struct().name("Reading")
                .field("id", Schema.INT64_SCHEMA).field("sensor", Schema.STRING_SCHEMA)
                .field("value", Decimal.schema(3)).field("day", Date.SCHEMA).field("at", Timestamp.SCHEMA)
                .field("ok", Schema.BOOLEAN_SCHEMA).field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .build();
        db.execute("CREATE TABLE `" + topic + "` (id BIGINT PRIMARY KEY, sensor VARCHAR(8) NOT NULL, value DECIMAL(10,3), "
                + "day DATE, at DATETIME(3), ok BOOLEAN, raw BLOB, tags JSON)");
        Map<String, String> config = JdbcSinkTestSupport.withDeadLetterQueue(sinkConfig(db, topic, 1), dlq);
        config.put("db.timezone", "Europe/Paris");
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < 20; i++) {
                p.send(topic, 0, null, null, schema, new Struct(schema).put("id", (long) i)
                        .put("sensor", i == 5 ? "much-too-long-name" : "t" + i).put("value", new BigDecimal("1.234"))
                        .put("day", new java.util.Date(0)).put("at", new java.util.Date(1_700_000_000_000L))
                        .put("ok", i % 2 == 0).put("raw", new byte[]{1, 2}).put("tags", List.of("a", "b")));
            }
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM `" + topic + "`", 19, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT CAST(value AS CHAR) AS v, CAST(day AS CHAR) AS d, CAST(at AS CHAR) AS at, "
                + "ok, HEX(raw) AS raw, JSON_EXTRACT(tags, '$[1]') AS tag FROM `" + topic + "` WHERE id = 2").get(0);
        assertEquals("1.234", row.get("v"));
        assertEquals("1970-01-01", row.get("d"));
        // 2023-11-14T22:13:20Z is 23:13:20 in Paris: db.timezone applies to DATETIME columns.
        assertEquals("2023-11-14 23:13:20.000", row.get("at"));
        assertEquals("0102", row.get("raw"));
        assertEquals("\"b\"", row.get("tag"));
        List<String[]> dead = JdbcSinkTestSupport.deadLetters(connect, dlq, 1);
        Map<String, String> byOffset = dead.stream().collect(Collectors.toMap(d -> d[0], d -> d[1]));
        assertTrue(byOffset.get("5").contains("sensor"), "the column is named: " + byOffset);
        connect.delete(topic);
    }

    @Test
    void everyMappedTypeRoundTripsThroughAutoCreatedColumns() {
        String topic = Services.uniqueName("maria_everything");
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, null, null, EVERYTHING, everything());
        }
        connect.configure(topic, sinkConfig(db, topic, 1));
        db.awaitCount("SELECT count(*) FROM `" + topic + "`", 1, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT i8, i16, i32, f32, f64, flag, text, HEX(raw) AS raw, "
                + "CAST(price AS CHAR) AS price, CAST(day AS CHAR) AS day, CAST(clock AS CHAR) AS clock, "
                + "CAST(at AS CHAR) AS at, uid, JSON_EXTRACT(doc, '$.a[1]') AS doc, "
                + "JSON_UNQUOTE(JSON_EXTRACT(tags, '$[1]')) AS tag2, JSON_EXTRACT(scores, '$[2]') AS score3, "
                + "JSON_UNQUOTE(JSON_EXTRACT(address, '$.city')) AS city, JSON_EXTRACT(attrs, '$.k') AS attr, empty "
                + "FROM `" + topic + "`").get(0);
        JdbcSinkTestSupport.assertEverythingCommon(row);
        assertEquals(true, row.get("flag"));
        assertEquals("0001FF", row.get("raw"));
        assertEquals("12.345", row.get("price"));
        assertEquals("2022-01-08", row.get("day"));
        assertEquals("01:00:01.234000", row.get("clock"));
        // db.timezone defaults to UTC: 1_700_000_123_456 ms is 2023-11-14T22:15:23.456Z.
        assertEquals("2023-11-14 22:15:23.456000", row.get("at"));
        Map<String, String> types = db.query("SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + topic + "'").stream()
                .collect(Collectors.toMap(r -> (String) r.get("c"), r -> String.valueOf(r.get("t"))));
        assertEquals("decimal(65,3)", types.get("price"), types.toString());
        assertTrue(types.get("at").startsWith("datetime"), types.toString());
        assertTrue(types.get("raw").endsWith("blob"), types.toString());
        connect.delete(topic);
    }

    /** Debezium change events, with Debezium's own types, through multi-row upserts and statement-batch deletes. */
    @Test
    void debeziumChangeEventsApplyWithoutAnSmt() {
        String topic = Services.uniqueName("maria_cdc");
        String table = topic + "_items";
        connect.configure(topic, JdbcSinkTestSupport.sendDebeziumInventoryEvents(connect, db, topic, table));
        db.awaitCount("SELECT count(*) FROM `" + table + "` WHERE id = 31", 1, ROWS_TIMEOUT);
        assertEquals(30, db.count("SELECT count(*) FROM `" + table + "`"));
        assertEquals(0, db.count("SELECT count(*) FROM `" + table + "` WHERE id = 7"), "the delete event removed id 7");
        Map<String, Object> renamed = db.query("SELECT name, CAST(day AS CHAR) AS day, CAST(at AS CHAR) AS at, "
                + "CAST(zoned AS CHAR) AS zoned, CAST(price AS CHAR) AS price, uid FROM `" + table + "` WHERE id = 5").get(0);
        assertEquals("renamed item", renamed.get("name"));
        assertEquals("2022-01-13", renamed.get("day"));
        assertEquals("2023-11-14 22:13:20.123461", renamed.get("at"));
        assertEquals("2021-03-01 10:00:00.500000", renamed.get("zoned"), "the instant, in db.timezone (UTC)");
        assertEquals(0, new java.math.BigDecimal("61.725").compareTo(new java.math.BigDecimal((String) renamed.get("price"))));
        assertEquals("6f1c2a5e-0000-4000-8000-000000000005", renamed.get("uid"));
        assertEquals(List.of("id bigint", "name longtext", "qty int", "day date", "at datetime", "zoned datetime",
                        "price decimal", "uid char"),
                db.query("SELECT CONCAT(column_name, ' ', data_type) AS c FROM information_schema.columns WHERE table_schema = "
                        + "DATABASE() AND table_name = '" + table + "' ORDER BY ordinal_position").stream()
                        .map(r -> r.get("c")).toList());
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        assertEquals(0, taskMetric(topic, 0, "records-errored"));
        connect.delete(topic);
    }

    @Test
    void aTableDroppedOrChangedWhileTheSinkRunsIsMadeAgain() {
        JdbcSinkTestSupport.tableChangedUnderTheSinkIsMadeAgain(connect, db, Services.uniqueName("maria_dropped"), "`");
    }

    @Test
    void databaseDownMidStreamIsRetriedAndLosesNothing() throws Exception {
        JdbcSinkTestSupport.outageMidStreamLosesNothing(connect, db, Services.uniqueName("maria_down"), "`");
    }
}
