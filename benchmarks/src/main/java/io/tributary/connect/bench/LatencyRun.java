package io.tributary.connect.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * End-to-end latency of a sink at a steady rate: each record carries the time it was sent, the
 * table stamps the time its row was written (clock_timestamp()), and PostgreSQL computes p50/p99
 * of the difference. Same clock: producer, workers and database run on this machine.
 */
final class LatencyRun {
    record Latency(String name, int ratePerSecond, long records, double p50Ms, double p99Ms, double maxMs) {
    }

    private LatencyRun() {
    }

    static Latency measure(EmbeddedConnectCluster connect, Postgres pg, String name, Map<String, String> config,
                           String tableKey, int ratePerSecond, int seconds) throws Exception {
        String topic = "bench_latency_" + Long.toString(System.nanoTime(), 36);
        String table = topic;
        connect.kafka().createTopic(topic, 4);
        pg.execute("DROP TABLE IF EXISTS " + table, OrderRecords.latencyTableDdl(table));
        config.put("topics", topic);
        config.put(tableKey, table);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        connect.configureConnector(table, config);
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        long total = (long) ratePerSecond * seconds;
        try (KafkaProducer<byte[], byte[]> producer = connect.kafka().createProducer(Map.of("linger.ms", 0));
             Connection c = pg.connect()) {
            // One probe per partition (negative ids, left out of the figures): the clock starts once every
            // task has its partitions and writes, not while the consumer group is still forming.
            for (int partition = 0; partition < 4; partition++) {
                long id = -1 - partition;
                producer.send(new ProducerRecord<>(topic, partition, keys.fromConnectData(topic, OrderRecords.KEY,
                        OrderRecords.key(id)), values.fromConnectData(topic, OrderRecords.VALUE, OrderRecords.valueSentNow(id))));
            }
            producer.flush();
            long ready = System.nanoTime() + 120_000_000_000L;
            while (pg.count(c, table) < 4) {
                if (System.nanoTime() > ready) {
                    throw new IllegalStateException(name + " latency run: the probes did not land; status "
                            + connect.connectorStatus(table));
                }
                Thread.sleep(100);
            }
            long start = System.nanoTime();
            for (long id = 0; id < total; id++) {
                long due = start + id * 1_000_000_000L / ratePerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                producer.send(new ProducerRecord<>(topic, (int) (id % 4),
                        keys.fromConnectData(topic, OrderRecords.KEY, OrderRecords.key(id)),
                        values.fromConnectData(topic, OrderRecords.VALUE, OrderRecords.valueSentNow(id))));
            }
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (Connection c = pg.connect()) {
            while (pg.count(c, table) < total + 4) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " latency run did not write all " + total + " rows");
                }
                Thread.sleep(200);
            }
            connect.deleteConnector(table);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.99) WITHIN GROUP (ORDER BY d), "
                            + "max(d) FROM (SELECT extract(epoch FROM landed_at - created_at) * 1000 AS d FROM " + table
                            + " WHERE id >= 0) t")) {
                rs.next();
                Latency l = new Latency(name, ratePerSecond, total, rs.getDouble(1), rs.getDouble(2), rs.getDouble(3));
                System.out.printf("  %-32s latency at %,d/s: p50 %.0f ms, p99 %.0f ms%n", name, ratePerSecond, l.p50Ms(), l.p99Ms());
                return l;
            }
        } finally {
            pg.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
