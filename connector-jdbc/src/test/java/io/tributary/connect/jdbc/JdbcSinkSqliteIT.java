package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.EVERYTHING;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER_KEY;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.everything;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.orderKey;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JDBC sink into an SQLite file, in-process database, through a real Connect worker. */
class JdbcSinkSqliteIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(1).build();

    @TempDir
    Path dir;

    @Test
    void upsertsAndTypesIntoAnSqliteFile() {
        String topic = Services.uniqueName("lite_upsert");
        Database db = new Database("jdbc:sqlite:" + dir.resolve("retail.db"), "", "");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("delete.enabled", "true");
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("store", Schema.STRING_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("price", Decimal.schema(2)).field("at", Timestamp.SCHEMA).build();
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int round = 0; round < 2; round++) {
                for (int id = 0; id < 300; id++) {
                    p.send(topic, 0, ORDER_KEY, orderKey(id), schema, new Struct(schema).put("id", (long) id).put("store", "s")
                            .put("qty", round).put("price", new BigDecimal("2.50")).put("at", new java.util.Date(86_400_000L)));
                }
            }
            p.send(topic, 0, ORDER_KEY, orderKey(0), null, null);
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\" WHERE qty = 1", 299, Duration.ofSeconds(90));
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 299, Duration.ofSeconds(90));
        Map<String, Object> row = db.query("SELECT price, at FROM \"" + topic + "\" WHERE id = 9").get(0);
        assertEquals(2.5, ((Number) row.get("price")).doubleValue());
        assertEquals("1970-01-02T00:00:00Z", row.get("at"));
        connect.delete(topic);
    }

    @Test
    void insertIntoAnSqliteFile() {
        String topic = Services.uniqueName("lite_insert");
        Database db = new Database("jdbc:sqlite:" + dir.resolve("orders.db"), "", "");
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < 2000; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, "s", i, null));
            }
        }
        connect.configure(topic, sinkConfig(db, topic, 1));
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 2000, Duration.ofSeconds(90));
        connect.delete(topic);
    }

    @Test
    void everyMappedTypeRoundTripsThroughAutoCreatedColumns() {
        String topic = Services.uniqueName("lite_everything");
        Database db = new Database("jdbc:sqlite:" + dir.resolve("everything.db"), "", "");
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            p.send(topic, 0, null, null, EVERYTHING, everything());
        }
        connect.configure(topic, sinkConfig(db, topic, 1));
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 1, Duration.ofSeconds(90));
        Map<String, Object> row = db.query("SELECT i8, i16, i32, f32, f64, flag, text, hex(raw) AS raw, price, day, clock, "
                + "at, uid, json_extract(doc, '$.a[1]') AS doc, json_extract(tags, '$[1]') AS tag2, "
                + "json_extract(scores, '$[2]') AS score3, json_extract(address, '$.city') AS city, "
                + "json_extract(attrs, '$.k') AS attr, empty FROM \"" + topic + "\"").get(0);
        JdbcSinkTestSupport.assertEverythingCommon(row);
        assertEquals(1, ((Number) row.get("flag")).intValue());
        assertEquals("0001FF", row.get("raw"));
        assertEquals(12.345, ((Number) row.get("price")).doubleValue());
        assertEquals("2022-01-08", row.get("day"));
        assertEquals("01:00:01.234", row.get("clock"));
        assertEquals("2023-11-14T22:15:23.456Z", row.get("at"));
        connect.delete(topic);
    }
}
