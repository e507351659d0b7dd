package io.tributary.connect.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JDBC source's limit: plain JDBC reading the retail tables with a fetch size (PostgreSQL's
 * cursor fetch), each row made into the same key and value Structs the connector makes, converted
 * by JsonConverter with schemas as the worker's converter does, with the same two headers, and
 * sent by a plain producer with the settings Connect gives a source task's producer. One thread
 * and one producer per stream, as Connect gives each task its own; tables are dealt over the
 * threads. {@link JdbcSourceScenario} checks that the records match the connector's byte for byte.
 */
final class JdbcFetchProduceLimit {
    static final String THREAD_PREFIX = "bench-jdbc-limit-";
    static final ThreadCpu.Threads THREADS = ThreadCpu.Threads.named(THREAD_PREFIX,
            "kafka-producer-network-thread | " + THREAD_PREFIX);

    private JdbcFetchProduceLimit() {
    }

    static Schema keySchema() {
        return SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    }

    /** The connector's value schema for these tables: NOT NULL columns required, numeric(10,2) as best_fit's float64. */
    static Schema valueSchema(String table) {
        return SchemaBuilder.struct().name(table)
                .field("id", Schema.INT64_SCHEMA)
                .field("sku", Schema.STRING_SCHEMA)
                .field("store", Schema.INT32_SCHEMA)
                .field("qty", Schema.INT32_SCHEMA)
                .field("price", Schema.FLOAT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("updated_at", Timestamp.SCHEMA)
                .build();
    }

    /**
     * Sends the rows of {@code tables} to {@code topicPrefix + table} with {@code threads} threads: every row in
     * id order, or with {@code afterMs} those whose updated_at is later, in (updated_at, id) order as a catch-up
     * reads them. Returns the seconds from the first query until Kafka acknowledged the last record.
     */
    static double run(EmbeddedKafkaCluster kafka, Postgres pg, List<String> tables, String topicPrefix, int threads,
                      int fetchSize, Long afterMs) throws Exception {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, THREAD_PREFIX + names.getAndIncrement()));
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> mine = new ArrayList<>();
                for (int i = t; i < tables.size(); i += threads) {
                    mine.add(tables.get(i));
                }
                int n = t;
                streams.add(pool.submit(() -> {
                    stream(kafka, pg, mine, topicPrefix, fetchSize, afterMs, n, sent, failure);
                    return null;
                }));
            }
            for (Future<?> f : streams) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the limit's producer failed", failure.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void stream(EmbeddedKafkaCluster kafka, Postgres pg, List<String> tables, String topicPrefix, int fetchSize,
                               Long afterMs, int n, AtomicLong sent, AtomicReference<Exception> failure) throws Exception {
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        Schema keySchema = keySchema();
        // What Connect sets for a source task's producer unless overridden (Worker.baseProducerConfigs); it leaves
        // linger.ms at the client's default, 5 ms since Kafka 4.0.
        Map<String, Object> settings = Map.of("client.id", THREAD_PREFIX + "producer-" + n, "acks", "all",
                "max.in.flight.requests.per.connection", 1, "delivery.timeout.ms", Integer.MAX_VALUE,
                "max.block.ms", Long.MAX_VALUE, "enable.idempotence", false);
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(settings); Connection c = pg.connect()) {
            c.setAutoCommit(false);
            String database = c.getCatalog();
            for (String table : tables) {
                Schema valueSchema = valueSchema(table);
                String topic = topicPrefix + table;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + RetailTables.COLUMNS + " FROM " + table
                        + (afterMs == null ? " ORDER BY id" : " WHERE updated_at > ? ORDER BY updated_at, id"))) {
                    ps.setFetchSize(fetchSize);
                    if (afterMs != null) {
                        ps.setObject(1, java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(afterMs),
                                java.time.ZoneOffset.UTC));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Struct value = new Struct(valueSchema)
                                    .put("id", rs.getLong(1))
                                    .put("sku", rs.getString(2))
                                    .put("store", rs.getInt(3))
                                    .put("qty", rs.getInt(4))
                                    .put("price", rs.getBigDecimal(5).doubleValue())
                                    .put("note", rs.getString(6))
                                    .put("updated_at", java.util.Date.from(rs.getTimestamp(7).toLocalDateTime()
                                            .toInstant(java.time.ZoneOffset.UTC)));
                            Struct key = new Struct(keySchema).put("id", value.getInt64("id"));
                            RecordHeaders headers = new RecordHeaders();
                            headers.add("jdbc.table", ("public." + table).getBytes(StandardCharsets.UTF_8));
                            headers.add("jdbc.database", database.getBytes(StandardCharsets.UTF_8));
                            producer.send(new ProducerRecord<>(topic, null, null, keys.fromConnectData(topic, keySchema, key),
                                    values.fromConnectData(topic, valueSchema, value), headers), (m, e) -> {
                                        if (e != null) {
                                            failure.compareAndSet(null, e);
                                        }
                                    });
                            sent.incrementAndGet();
                        }
                    }
                }
                c.commit();
            }
            producer.flush();
        }
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "true"), isKey);
        return c;
    }
}
