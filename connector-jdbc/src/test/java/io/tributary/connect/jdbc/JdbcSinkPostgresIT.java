package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import static io.tributary.connect.testkit.Validation.assertError;
import static io.tributary.connect.testkit.Validation.errors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.EVERYTHING;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.EVERYTHING_AT_MILLIS;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER_KEY;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.everything;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.orderKey;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.awaitTaskMetric;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.taskMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDBC sink against the local PostgreSQL, through a real 2-worker Connect cluster. */
class JdbcSinkPostgresIT {
    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private final Database db = Database.postgres();

    private ConnectProducer producer() {
        return new ConnectProducer(connect.kafka(), true);
    }

    @Test
    void insertModeWritesEveryRecordWithFourTasksOnTwoWorkers() {
        String topic = Services.uniqueName("pg_insert");
        connect.createTopic(topic, 4);
        int n = 20_000;
        try (ConnectProducer p = producer()) {
            for (int i = 0; i < n; i++) {
                p.send(topic, i % 4, null, null, ORDER, order(i, "store-" + (i % 7), i % 10, i % 3 == 0 ? null : "n" + i));
            }
        }
        connect.configure(topic, sinkConfig(db, topic, 4));
        connect.awaitRunning(topic, 4);
        ConnectorStateInfo status = connect.status(topic);
        Set<String> workers = status.tasks().stream().map(ConnectorStateInfo.AbstractState::workerId).collect(Collectors.toSet());
        assertEquals(2, workers.size(), "4 tasks spread over both workers: " + status.tasks());
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", n, ROWS_TIMEOUT);
        Map<String, Object> agg = db.query("SELECT count(DISTINCT id) AS ids, sum(qty) AS qty, count(note) AS notes FROM \""
                + topic + "\"").get(0);
        assertEquals((long) n, ((Number) agg.get("ids")).longValue());
        long expectedQty = 0;
        long expectedNotes = 0;
        for (int i = 0; i < n; i++) {
            expectedQty += i % 10;
            expectedNotes += i % 3 == 0 ? 0 : 1;
        }
        assertEquals(expectedQty, ((Number) agg.get("qty")).longValue());
        assertEquals(expectedNotes, ((Number) agg.get("notes")).longValue());
        Map<String, Object> row = db.query("SELECT store, note FROM \"" + topic + "\" WHERE id = 4").get(0);
        assertEquals("store-4", row.get("store"));
        assertEquals("n4", row.get("note"));
        // Offsets are committed once rows are in the database: the connector's offsets reach the end.
        Await.until(Duration.ofSeconds(60), "committed offsets to reach " + n, () -> connect.cluster()
                .connectorOffsets(topic).offsets().stream().mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue())
                .sum() == n);
        // Each task reports under its own number (one MBean per task even where two share a worker), and
        // together they wrote every row, in binary COPY. (A task that joined the consumer group late may
        // have found its partitions already read: the count is over the tasks, not per task.)
        long rows = 0;
        long binaryStreams = 0;
        for (int task = 0; task < 4; task++) {
            rows += taskMetric(topic, task, "rows-written");
            binaryStreams += taskMetric(topic, task, "copy-binary-streams");
            assertEquals(0, taskMetric(topic, task, "copy-csv-streams"), "task " + task + " fell back to CSV");
        }
        assertEquals(n, rows, "rows-written over the 4 tasks");
        assertTrue(binaryStreams > 0, "the rows went as binary COPY");
        assertEquals(Version.get(), new JdbcSinkConnector().version());
        connect.delete(topic);
    }

    @Test
    void upsertAppliesTheLastWriteAndTombstonesDelete() {
        String topic = Services.uniqueName("pg_upsert");
        connect.createTopic(topic, 2);
        Map<String, String> config = sinkConfig(db, topic, 2);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("delete.enabled", "true");
        try (ConnectProducer p = producer()) {
            for (int round = 0; round < 3; round++) {
                for (int id = 0; id < 100; id++) {
                    p.send(topic, id % 2, ORDER_KEY, orderKey(id), ORDER, order(id, "s", round * 1000 + id, "r" + round));
                }
            }
            for (int id = 0; id < 100; id += 10) {
                p.send(topic, id % 2, ORDER_KEY, orderKey(id), null, null);
            }
        }
        connect.configure(topic, config);
        connect.awaitRunning(topic, 2);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\" WHERE note = 'r2'", 90, ROWS_TIMEOUT);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 90, ROWS_TIMEOUT);
        assertEquals(2000 + 55L, db.count("SELECT qty FROM \"" + topic + "\" WHERE id = 55"));
        assertEquals(List.of("id"), primaryKey(topic));
        // A row comes back after its tombstone when written again.
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, ORDER_KEY, orderKey(10), ORDER, order(10, "s", 7, "back"));
        }
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\" WHERE id = 10 AND note = 'back'", 1, ROWS_TIMEOUT);
        connect.delete(topic);
    }

    /**
     * Upserts bet on new keys with a plain COPY; rows already in the table make the bet fail and the
     * batch merge instead. A key that is only a unique index (no primary key) never takes the bet,
     * since a COPY there could not clash and would duplicate rows if the index were missing.
     */
    @Test
    void upsertOverExistingRowsMergesWhetherTheKeyIsThePrimaryKeyOrAUniqueIndex() {
        String withPk = Services.uniqueName("pg_upsert_pk");
        String withUnique = Services.uniqueName("pg_upsert_uq");
        db.execute("CREATE TABLE \"" + withPk + "\" (id BIGINT PRIMARY KEY, store TEXT, qty INT, note TEXT)",
                "CREATE TABLE \"" + withUnique + "\" (id BIGINT NOT NULL UNIQUE, store TEXT, qty INT, note TEXT)");
        for (String table : List.of(withPk, withUnique)) {
            db.execute("INSERT INTO \"" + table + "\" SELECT g, 'old', 0, 'before' FROM generate_series(0, 499, 2) g");
            connect.createTopic(table, 1);
            Map<String, String> config = sinkConfig(db, table, 1);
            config.put("insert.mode", "upsert");
            config.put("pk.mode", "record_value");
            config.put("pk.fields", "id");
            config.put("auto.create", "false");
            config.put("batch.size", "50");
            try (ConnectProducer p = producer()) {
                for (int round = 0; round < 2; round++) {
                    for (int id = 0; id < 1000; id++) {
                        p.send(table, 0, null, null, ORDER, order(id, "new", round * 10_000 + id, "r" + round));
                    }
                }
            }
            connect.configure(table, config);
        }
        for (String table : List.of(withPk, withUnique)) {
            db.awaitCount("SELECT count(*) FROM \"" + table + "\" WHERE note = 'r1'", 1000, ROWS_TIMEOUT);
            assertEquals(1000, db.count("SELECT count(*) FROM \"" + table + "\""), table);
            assertEquals(10_000 + 498L, db.count("SELECT qty FROM \"" + table + "\" WHERE id = 498"), table);
            assertTrue(taskMetric(table, 0, "staged-merges") > 0, table + ": existing keys were merged from a stage");
            connect.delete(table);
        }
    }

    @Test
    void updateModeChangesOnlyExistingRows() {
        String topic = Services.uniqueName("pg_update");
        db.execute("CREATE TABLE \"" + topic + "\" (id BIGINT PRIMARY KEY, store TEXT, qty INT, note TEXT)",
                "INSERT INTO \"" + topic + "\" VALUES (1, 'a', 1, 'old'), (2, 'b', 2, 'old')");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("insert.mode", "update");
        config.put("pk.mode", "record_value");
        config.put("pk.fields", "id");
        config.put("auto.create", "false");
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, ORDER, order(1, "a", 10, "new"));
            p.send(topic, 0, null, null, ORDER, order(3, "c", 30, "new"));
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\" WHERE note = 'new'", 1, ROWS_TIMEOUT);
        assertEquals(2, db.count("SELECT count(*) FROM \"" + topic + "\""));
        assertEquals(10, db.count("SELECT qty FROM \"" + topic + "\" WHERE id = 1"));
        connect.delete(topic);
    }

    @Test
    void insertWithKafkaKeysWritesNoDuplicatesWhenRecordsAreDeliveredAgain() throws Exception {
        String topic = Services.uniqueName("pg_kafka_pk");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("pk.mode", "kafka");
        try (ConnectProducer p = producer()) {
            for (int i = 0; i < 500; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, "s", i, null));
            }
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 500, ROWS_TIMEOUT);
        assertEquals(List.of("__connect_topic", "__connect_partition", "__connect_offset"), primaryKey(topic));
        Await.until(Duration.ofSeconds(60), "offsets committed to 500", () -> offsetOf(topic) == 500L);
        // Rewind the consumer to the start through the offsets API: every record is delivered again.
        connect.cluster().stopConnector(topic);
        Await.until(Duration.ofSeconds(60), "connector stopped", () -> "STOPPED".equals(connect.status(topic).connector().state()));
        connect.cluster().alterSinkConnectorOffset(topic, new TopicPartition(topic, 0), 0L);
        try (ConnectProducer p = producer()) {
            for (int i = 500; i < 600; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, "s", i, null));
            }
        }
        connect.cluster().resumeConnector(topic);
        connect.awaitRunning(topic, 1);
        Await.until(Duration.ofSeconds(60), "offsets committed to 600", () -> offsetOf(topic) == 600L);
        assertEquals(600, db.count("SELECT count(*) FROM \"" + topic + "\""));
        assertEquals(600, db.count("SELECT count(DISTINCT id) FROM \"" + topic + "\""));
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        connect.delete(topic);
    }

    @Test
    void autoEvolveAddsNullableColumnsWhenRecordsGainFields() {
        String topic = Services.uniqueName("pg_evolve");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("auto.evolve", "true");
        Schema v2 = SchemaBuilder.struct().name("Order")
                .field("id", Schema.INT64_SCHEMA).field("store", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).field("discount", Decimal.builder(2).optional().build())
                .field("channel", Schema.STRING_SCHEMA).build();
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, ORDER, order(1, "a", 1, null));
            p.send(topic, 0, null, null, v2, new Struct(v2).put("id", 2L).put("store", "b").put("qty", 2)
                    .put("discount", new BigDecimal("1.25")).put("channel", "web"));
            p.send(topic, 0, null, null, ORDER, order(3, "c", 3, null));
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 3, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT discount, channel FROM \"" + topic + "\" WHERE id = 2").get(0);
        assertEquals(0, new BigDecimal("1.25").compareTo((BigDecimal) row.get("discount")));
        assertEquals("web", row.get("channel"));
        assertNull(db.query("SELECT channel FROM \"" + topic + "\" WHERE id = 3").get(0).get("channel"));
        assertEquals("YES", db.query("SELECT is_nullable FROM information_schema.columns WHERE table_name = '" + topic
                + "' AND column_name = 'channel'").get(0).get("is_nullable"));
        connect.delete(topic);
    }

    @Test
    void everyMappedTypeRoundTrips() {
        String topic = Services.uniqueName("pg_types");
        connect.createTopic(topic, 1);
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, EVERYTHING, everything());
        }
        connect.configure(topic, sinkConfig(db, topic, 1));
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 1, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT i8, i16, i32, f32, f64, flag, text, encode(raw, 'hex') AS raw, price::text AS price, "
                + "day::text AS day, clock::text AS clock, extract(epoch from at) * 1000 AS at, uid::text AS uid, "
                + "doc->'a'->>1 AS doc, tags[2] AS tag2, scores[3] AS score3, address->>'city' AS city, "
                + "attrs->>'k' AS attr, empty, pg_typeof(uid)::text AS uid_type, pg_typeof(at)::text AS at_type, "
                + "pg_typeof(scores)::text AS scores_type, pg_typeof(address)::text AS address_type FROM \"" + topic + "\"").get(0);
        JdbcSinkTestSupport.assertEverythingCommon(row);
        assertEquals(true, row.get("flag"));
        assertEquals("0001ff", row.get("raw"));
        assertEquals("12.345", row.get("price"));
        assertEquals("2022-01-08", row.get("day"));
        assertEquals("01:00:01.234", row.get("clock"));
        assertEquals(EVERYTHING_AT_MILLIS, ((Number) row.get("at")).longValue());
        assertEquals("uuid", row.get("uid_type"));
        assertEquals("timestamp with time zone", row.get("at_type"));
        assertEquals("integer[]", row.get("scores_type"));
        assertEquals("jsonb", row.get("address_type"));
        // uuid, jsonb, arrays and numeric have no plain binary form here: the batch went as CSV.
        assertEquals(1, awaitTaskMetric(topic, 0, "copy-csv-streams", 1));
        assertEquals(0, taskMetric(topic, 0, "copy-binary-streams"));
        connect.delete(topic);
    }

    /** Every column here has a binary COPY form, so the batch goes in binary: the values must land exactly. */
    @Test
    void plainTypedColumnsLandExactlyThroughBinaryCopy() {
        String topic = Services.uniqueName("pg_binary");
        db.execute("CREATE TABLE \"" + topic + "\" (id BIGINT PRIMARY KEY, s SMALLINT, i INTEGER, r REAL, d DOUBLE PRECISION, "
                + "ok BOOLEAN, note TEXT, code VARCHAR(8), raw BYTEA, day DATE, local_at TIMESTAMP(3), at TIMESTAMPTZ)");
        Schema schema = SchemaBuilder.struct().name("Plain").field("id", Schema.INT64_SCHEMA)
                .field("s", Schema.OPTIONAL_INT16_SCHEMA).field("i", Schema.OPTIONAL_INT32_SCHEMA)
                .field("r", Schema.OPTIONAL_FLOAT32_SCHEMA).field("d", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("ok", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("code", Schema.OPTIONAL_STRING_SCHEMA).field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("day", Date.builder().optional().build()).field("local_at", Timestamp.builder().optional().build())
                .field("at", Timestamp.builder().optional().build()).build();
        long at = -1_234_567_890_123L; // before 1970 and before PostgreSQL's 2000 epoch
        connect.createTopic(topic, 1);
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, schema, new Struct(schema).put("id", 1L).put("s", (short) -300).put("i", Integer.MIN_VALUE)
                    .put("r", 1.1f).put("d", 0.1).put("ok", true).put("note", "Zürich, \"quoted\"\n\\N \u5317\u4eac").put("code", "ABC")
                    .put("raw", new byte[]{0, (byte) 0xff, 10}).put("day", new java.util.Date(-86_400_000L))
                    .put("local_at", new java.util.Date(EVERYTHING_AT_MILLIS)).put("at", new java.util.Date(at)));
            p.send(topic, 0, null, null, schema, new Struct(schema).put("id", 2L).put("note", ""));
        }
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("auto.create", "false");
        config.put("db.timezone", "Europe/Paris");
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 2, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT s, i, r, d, ok, note, code, encode(raw, 'hex') AS raw, day::text AS day, "
                + "local_at::text AS local_at, (extract(epoch from at) * 1000)::bigint AS at FROM \"" + topic + "\" WHERE id = 1").get(0);
        assertEquals(-300, ((Number) row.get("s")).intValue());
        assertEquals(Integer.MIN_VALUE, ((Number) row.get("i")).intValue());
        assertEquals(1.1f, ((Number) row.get("r")).floatValue());
        assertEquals(0.1, ((Number) row.get("d")).doubleValue());
        assertEquals(true, row.get("ok"));
        assertEquals("Zürich, \"quoted\"\n\\N \u5317\u4eac", row.get("note"));
        assertEquals("ABC", row.get("code"));
        assertEquals("00ff0a", row.get("raw"));
        assertEquals("1969-12-31", row.get("day"));
        // 2023-11-14T22:15:23.456Z is 23:15:23.456 in Paris: db.timezone applies to columns without a zone.
        assertEquals("2023-11-14 23:15:23.456", row.get("local_at"));
        assertEquals(at, ((Number) row.get("at")).longValue());
        Map<String, Object> sparse = db.query("SELECT s, note, raw, at FROM \"" + topic + "\" WHERE id = 2").get(0);
        assertNull(sparse.get("s"));
        assertEquals("", sparse.get("note"));
        assertNull(sparse.get("raw"));
        assertNull(sparse.get("at"));
        assertEquals(2, awaitTaskMetric(topic, 0, "rows-written", 2));
        assertTrue(taskMetric(topic, 0, "copy-binary-streams") >= 1, "the rows went as binary COPY");
        assertEquals(0, taskMetric(topic, 0, "copy-csv-streams"), "no batch fell back to CSV");
        connect.delete(topic);
    }

    @Test
    void schemalessJsonLandsInNativeColumnsOfAnExistingTable() {
        String topic = Services.uniqueName("pg_schemaless");
        db.execute("CREATE TABLE \"" + topic + "\" (id BIGINT PRIMARY KEY, uid UUID, doc JSONB, tags TEXT[], "
                + "at TIMESTAMP, price NUMERIC(10,2), ok BOOLEAN)");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("value.converter.schemas.enable", "false");
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_value");
        config.put("pk.fields", "id");
        config.put("auto.create", "false");
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), false)) {
            p.sendRaw(topic, 0, null, ("{\"id\": 1, \"uid\": \"6f1c2a5e-0000-4000-8000-000000000002\", \"doc\": {\"x\": {\"y\": 3}}, "
                    + "\"tags\": [\"a\", \"b\"], \"at\": \"2024-05-01T10:00:00\", \"price\": 9.99, \"ok\": true}").getBytes());
            p.sendRaw(topic, 0, null, "{\"id\": 2, \"ok\": false}".getBytes());
        }
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 2, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT uid::text AS uid, doc->'x'->>'y' AS y, tags[2] AS tag, at::text AS at, "
                + "price::text AS price, ok FROM \"" + topic + "\" WHERE id = 1").get(0);
        assertEquals("6f1c2a5e-0000-4000-8000-000000000002", row.get("uid"));
        assertEquals("3", row.get("y"));
        assertEquals("b", row.get("tag"));
        assertEquals("2024-05-01 10:00:00", row.get("at"));
        assertEquals("9.99", row.get("price"));
        assertEquals(false, db.query("SELECT ok FROM \"" + topic + "\" WHERE id = 2").get(0).get("ok"));
        connect.delete(topic);
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueAndTheRestIsWritten() {
        String topic = Services.uniqueName("pg_dlq");
        String dlq = topic + "_dlq";
        db.execute("CREATE TABLE \"" + topic + "\" (id BIGINT PRIMARY KEY, store VARCHAR(5) NOT NULL, qty INT, note TEXT)");
        connect.createTopic(topic, 1);
        Map<String, String> config = JdbcSinkTestSupport.withDeadLetterQueue(sinkConfig(db, topic, 1), dlq);
        config.put("auto.create", "false");
        config.put("batch.size", "1000");
        try (ConnectProducer p = producer()) {
            for (int i = 0; i < 1000; i++) {
                String store = i == 250 ? "far-too-long" : "s" + (i % 10);
                p.send(topic, 0, null, null, ORDER, order(i == 700 ? 699 : i, store, i, null));
            }
            p.sendRaw(topic, 0, null, "not json at all".getBytes());
        }
        connect.configure(topic, config);
        // 1000 records: #250 is too long for VARCHAR(5), #700 repeats the key of #699; plus one undecodable record.
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", 998, ROWS_TIMEOUT);
        List<String[]> dead = JdbcSinkTestSupport.deadLetters(connect, dlq, 3);
        assertEquals(3, dead.size());
        Map<String, String> byOffset = dead.stream().collect(Collectors.toMap(d -> d[0], d -> String.valueOf(d[1])));
        assertTrue(byOffset.get("250").contains("store"), "the column is named: " + byOffset.get("250"));
        assertTrue(byOffset.get("700").contains("duplicate key"), byOffset.get("700"));
        assertTrue(byOffset.containsKey("1000"), "the undecodable record: " + byOffset.keySet());
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        // The undecodable record failed in the worker's converter, before the task: the task counts its own two.
        assertEquals(998, awaitTaskMetric(topic, 0, "rows-written", 998));
        assertEquals(2, taskMetric(topic, 0, "records-errored"));
        assertTrue(taskMetric(topic, 0, "bisections") > 0, "the refused batch was split to isolate its bad records");
        connect.delete(topic);
    }

    @Test
    void aBadRecordWithoutToleranceFailsTheTaskNamingTheRecordAndColumn() {
        String topic = Services.uniqueName("pg_fail");
        db.execute("CREATE TABLE \"" + topic + "\" (id BIGINT PRIMARY KEY, store VARCHAR(3), qty INT, note TEXT)");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("auto.create", "false");
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, ORDER, order(1, "ok", 1, null));
            p.send(topic, 0, null, null, ORDER, order(2, "toolong", 2, null));
        }
        connect.configure(topic, config);
        String trace = connect.awaitTaskFailed(topic, Duration.ofSeconds(90));
        assertTrue(trace.contains(topic + "/0@1"), trace);
        assertTrue(trace.contains("'store'"), trace);
        // One flush held both records: the task fails with none of it committed, as no offset of it was.
        assertEquals(0, db.count("SELECT count(*) FROM \"" + topic + "\""));
        connect.delete(topic);
    }

    @Test
    void killedConnectionsMidStreamLoseNothingInUpsertMode() throws Exception {
        String topic = Services.uniqueName("pg_outage");
        String app = topic + "_app";
        connect.createTopic(topic, 2);
        Map<String, String> config = sinkConfig(db, topic, 2);
        config.put("connection.url", db.url() + (db.url().contains("?") ? "&" : "?") + "ApplicationName=" + app);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_key");
        config.put("batch.size", "200");
        connect.configure(topic, config);
        connect.awaitRunning(topic, 2);
        int n = 30_000;
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            while (producing.get()) {
                List<Map<String, Object>> killed = db.query("SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity "
                        + "WHERE application_name = '" + app + "'");
                kills.addAndGet(killed.size());
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        killer.start();
        try (ConnectProducer p = producer()) {
            for (int i = 0; i < n; i++) {
                p.send(topic, i % 2, ORDER_KEY, orderKey(i), ORDER, order(i, "s", i, null));
                if (i % 1000 == 999) {
                    p.flush();
                    Thread.sleep(150);
                }
            }
        }
        Thread.sleep(2000);
        producing.set(false);
        killer.join();
        assertTrue(kills.get() > 0, "the test killed no connection");
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", n, Duration.ofSeconds(120));
        assertEquals(n, db.count("SELECT count(DISTINCT id) FROM \"" + topic + "\""));
        ConnectorStateInfo status = connect.status(topic);
        assertTrue(status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state())), status.tasks().toString());
        connect.delete(topic);
    }

    @Test
    void hostileIdentifiersAreStoredLiterallyNeverExecuted() {
        String topic = Services.uniqueName("pg_hostile");
        String victim = topic + "_victim";
        db.execute("CREATE TABLE \"" + victim + "\" (x INT)");
        connect.createTopic(topic, 1);
        String evilColumn = "a\"; DROP TABLE \"" + victim + "\"; --";
        String evilTable = "t\"; DROP TABLE \"" + victim + "\"; --" + topic.substring(topic.length() - 6);
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field(evilColumn, Schema.STRING_SCHEMA)
                .field("it's", Schema.STRING_SCHEMA).build();
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("table.name.format", evilTable);
        config.put("insert.mode", "upsert");
        config.put("pk.mode", "record_value");
        config.put("pk.fields", "id");
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, schema, new Struct(schema).put("id", 1L).put(evilColumn, "v1").put("it's", "q"));
        }
        connect.configure(topic, config);
        String quotedTable = "\"" + evilTable.replace("\"", "\"\"") + "\"";
        db.awaitCount("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + evilTable.replace("'", "''") + "'",
                1, ROWS_TIMEOUT);
        db.awaitCount("SELECT count(*) FROM " + quotedTable, 1, ROWS_TIMEOUT);
        Map<String, Object> row = db.query("SELECT \"" + evilColumn.replace("\"", "\"\"") + "\" AS evil, \"it's\" AS q FROM "
                + quotedTable).get(0);
        assertEquals("v1", row.get("evil"));
        assertEquals("q", row.get("q"));
        assertEquals(0, db.count("SELECT count(*) FROM \"" + victim + "\""), "the victim table still exists");
        connect.delete(topic);
    }

    @Test
    void routingPicksSchemaTablesAndFields() {
        String topic = Services.uniqueName("pg.route");
        String schemaName = Services.uniqueName("retail");
        db.execute("CREATE SCHEMA " + schemaName);
        connect.createTopic(topic, 1);
        String other = Services.uniqueName("pg_mapped");
        connect.createTopic(other, 1);
        Map<String, String> config = sinkConfig(db, topic + "," + other, 1);
        config.put("table.name.format", schemaName + ".orders_${topic}");
        config.put("table.name.mapping", other + ":" + schemaName + ".mapped");
        config.put("fields.exclude", "note");
        try (ConnectProducer p = producer()) {
            p.send(topic, 0, null, null, ORDER, order(1, "a", 1, "secret"));
            p.send(other, 0, null, null, ORDER, order(2, "b", 2, "secret"));
        }
        connect.configure(topic.replace('.', '_'), config);
        String routed = schemaName + ".\"orders_" + topic.replace('.', '_') + "\"";
        db.awaitCount("SELECT count(*) FROM " + routed, 1, ROWS_TIMEOUT);
        db.awaitCount("SELECT count(*) FROM " + schemaName + ".mapped", 1, ROWS_TIMEOUT);
        assertEquals(0, db.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schemaName
                + "' AND column_name = 'note'"), "fields.exclude kept the note column out");
        connect.delete(topic.replace('.', '_'));
    }

    /** An SMT renamed the topic: ${original.topic} still names the table, and offsets commit on the original. */
    @Test
    void aTopicRenamedByAnSmtStillRoutesByItsOriginalName() {
        String topic = Services.uniqueName("pg_orig");
        connect.createTopic(topic, 1);
        Map<String, String> config = sinkConfig(db, topic, 1);
        config.put("transforms", "rename");
        config.put("transforms.rename.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.rename.regex", "(.*)");
        config.put("transforms.rename.replacement", "renamed_$1");
        config.put("table.name.format", "${original.topic}_from_${topic}");
        try (ConnectProducer p = producer()) {
            for (int i = 0; i < 10; i++) {
                p.send(topic, 0, null, null, ORDER, order(i, "s", i, null));
            }
        }
        connect.configure(topic, config);
        String table = "\"" + topic + "_from_renamed_" + topic + "\"";
        db.awaitCount("SELECT count(*) FROM " + table, 10, ROWS_TIMEOUT);
        Await.until(ROWS_TIMEOUT, "offsets committed on the original topic", () -> offsetOf(topic) == 10);
        connect.delete(topic);
    }

    @Test
    void validateNamesTheKeyAndTheFix() {
        String cls = JdbcSinkConnector.class.getName();
        Map<String, String> base = sinkConfig(db, "t", 1);
        base.put("name", "validate-test");

        Map<String, String> badScheme = new HashMap<>(base);
        badScheme.put("connection.url", "postgresql://127.0.0.1/test");
        assertError(connect.validate(cls, badScheme), "connection.url", "jdbc:");

        Map<String, String> unreachable = new HashMap<>(base);
        unreachable.put("connection.url", "jdbc:postgresql://127.0.0.1:1/test");
        assertError(connect.validate(cls, unreachable), "connection.url", "connection refused");

        Map<String, String> upsertNoKey = new HashMap<>(base);
        upsertNoKey.put("insert.mode", "upsert");
        assertError(connect.validate(cls, upsertNoKey), "pk.mode", "record_key");

        Map<String, String> deleteWrongKey = new HashMap<>(base);
        deleteWrongKey.put("delete.enabled", "true");
        deleteWrongKey.put("pk.mode", "record_value");
        assertError(connect.validate(cls, deleteWrongKey), "delete.enabled", "pk.mode=record_key");

        Map<String, String> badMode = new HashMap<>(base);
        badMode.put("insert.mode", "merge");
        assertError(connect.validate(cls, badMode), "insert.mode", "insert, upsert, update");

        Map<String, String> badTemplate = new HashMap<>(base);
        badTemplate.put("table.name.format", "x_${tpoic}");
        assertError(connect.validate(cls, badTemplate), "table.name.format", "${tpoic}");

        Map<String, String> missing = new HashMap<>(base);
        missing.remove("connection.url");
        assertError(connect.validate(cls, missing), "connection.url", "");

        ConfigInfos ok = connect.validate(cls, base);
        assertEquals(0, ok.errorCount(), () -> errors(ok).toString());
    }

    private List<String> primaryKey(String table) {
        return db.query("SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                        + "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '\"" + table + "\"'::regclass AND i.indisprimary "
                        + "ORDER BY array_position(i.indkey, a.attnum)")
                .stream().map(r -> (String) r.get("name")).toList();
    }

    private long offsetOf(String connector) {
        return connect.cluster().connectorOffsets(connector).offsets().stream()
                .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue()).max().orElse(-1);
    }

    /**
     * Debezium change events, as a Debezium source writes them with JsonConverter schemas, land without
     * an unwrapping SMT: snapshot reads and creates insert, updates replace, a delete (and the tombstone
     * after it) removes the row, a truncate event is skipped, and the table is named by the event's source.
     * Debezium's own temporal, decimal and UUID types become date, timestamp, numeric and uuid columns.
     */
    @Test
    void debeziumChangeEventsApplyWithoutAnSmt() {
        String topic = Services.uniqueName("pg_cdc");
        String table = topic + "_items";
        Map<String, String> config = JdbcSinkTestSupport.sendDebeziumInventoryEvents(connect, db, topic, table);
        connect.configure(topic, config);
        // Records of one partition are applied in order: once the last one is in, all before it are.
        db.awaitCount("SELECT count(*) FROM \"" + table + "\" WHERE id = 31", 1, ROWS_TIMEOUT);
        assertEquals(30, db.count("SELECT count(*) FROM \"" + table + "\""));
        assertEquals(0, db.count("SELECT count(*) FROM \"" + table + "\" WHERE id = 7"), "the delete event removed id 7");
        Map<String, Object> renamed = db.query("SELECT name, qty, day::text AS day, at::text AS at, "
                + "(extract(epoch from zoned) * 1000)::bigint AS zoned, price::text AS price, uid::text AS uid FROM \""
                + table + "\" WHERE id = 5").get(0);
        assertEquals("renamed item", renamed.get("name"));
        assertEquals(12, ((Number) renamed.get("qty")).intValue());
        assertEquals("2022-01-13", renamed.get("day"));
        assertEquals("2023-11-14 22:13:20.123461", renamed.get("at"));
        assertEquals(java.time.Instant.parse("2021-03-01T10:00:00.5Z").toEpochMilli(), ((Number) renamed.get("zoned")).longValue());
        assertEquals("61.725", renamed.get("price"));
        assertEquals("6f1c2a5e-0000-4000-8000-000000000005", renamed.get("uid"));
        assertEquals(List.of("id bigint", "name text", "qty integer", "day date", "at timestamp without time zone",
                        "zoned timestamp with time zone", "price numeric", "uid uuid"),
                db.query("SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = '"
                        + table + "' ORDER BY ordinal_position").stream().map(r -> r.get("c")).toList(),
                "the row image's columns (not the envelope's), in the types Debezium's names mean");
        assertEquals(List.of("id"), primaryKey(table));
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        assertEquals(0, taskMetric(topic, 0, "records-errored"));
        connect.delete(topic);
    }

    /** The same without schemas (JsonConverter schemas.enable=false): events are recognised by their fields. */
    @Test
    void schemalessDebeziumChangeEventsApplyToo() {
        String topic = Services.uniqueName("pg_cdc_json");
        String table = topic + "_items";
        java.util.function.BiFunction<String, Map<String, Object>[], Map<String, Object>> event = (op, images) -> {
            Map<String, Object> e = new HashMap<>();
            e.put("before", images[0]);
            e.put("after", images[1]);
            e.put("source", Map.of("db", "inventory", "table", table));
            e.put("op", op);
            e.put("ts_ms", 1_700_000_000_000L);
            return e;
        };
        java.util.function.BiFunction<Integer, String, Map<String, Object>> row = (id, name) -> Map.of("id", id, "name", name);
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), false)) {
            for (int id = 1; id <= 11; id++) {
                p.send(topic, 0, null, Map.of("id", id), null, event.apply("c", new Map[]{null, row.apply(id, "item " + id)}));
                if (id == 10) {
                    p.send(topic, 0, null, Map.of("id", 3), null, event.apply("u",
                            new Map[]{row.apply(3, "item 3"), row.apply(3, "renamed")}));
                    p.send(topic, 0, null, Map.of("id", 4), null, event.apply("d", new Map[]{row.apply(4, "item 4"), null}));
                    p.send(topic, 0, null, Map.of("id", 4), null, null);
                }
            }
        }
        Map<String, String> config = JdbcSinkTestSupport.debeziumSinkConfig(db, topic);
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter.schemas.enable", "false");
        connect.configure(topic, config);
        db.awaitCount("SELECT count(*) FROM \"" + table + "\" WHERE id = 11", 1, ROWS_TIMEOUT);
        assertEquals(10, db.count("SELECT count(*) FROM \"" + table + "\""));
        assertEquals(0, db.count("SELECT count(*) FROM \"" + table + "\" WHERE id = 4"), "the delete event removed id 4");
        assertEquals("renamed", db.query("SELECT name FROM \"" + table + "\" WHERE id = 3").get(0).get("name"));
        assertEquals(List.of("id", "name"), db.query("SELECT column_name FROM information_schema.columns WHERE table_name = '"
                + table + "' ORDER BY ordinal_position").stream().map(r -> r.get("column_name")).toList());
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        connect.delete(topic);
    }

    @Test
    void aTableDroppedOrChangedWhileTheSinkRunsIsMadeAgain() {
        JdbcSinkTestSupport.tableChangedUnderTheSinkIsMadeAgain(connect, db, Services.uniqueName("pg_dropped"), "\"");
    }

    @Test
    void databaseDownMidStreamIsRetriedAndLosesNothing() throws Exception {
        JdbcSinkTestSupport.outageMidStreamLosesNothing(connect, db, Services.uniqueName("pg_down"), "\"");
    }
}
