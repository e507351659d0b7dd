package io.tributary.connect.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical limits a connector is measured against, each timed in the same run on the same
 * record shape: Kafka's own producer, a plain consumer deserializing with the same converter, and
 * psql's \copy into the same table shape.
 */
final class Limits {
    private Limits() {
    }

    /** Fills the topic (round-robin over partitions) and returns the producer's time. */
    static double produce(EmbeddedKafkaCluster kafka, String topic, int partitions, long records) {
        return produce(kafka, topic, partitions, records, OrderRecords.VALUE, OrderRecords::value);
    }

    /** Fills a topic with {@code records} values made by {@code value}, keyed by order id, as a source's worker would. */
    static double produce(EmbeddedKafkaCluster kafka, String topic, int partitions, long records, Schema valueSchema,
                          java.util.function.LongFunction<Struct> value) {
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        long start = System.nanoTime();
        // Sends can fail on a topic just created (its leader not settled yet): those ids are sent again, and
        // the topic must end up holding every record once, or the sinks' runs would wait for rows never sent.
        java.util.Queue<Long> failed = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(Map.of("linger.ms", 10, "batch.size", 524288,
                "compression.type", "lz4", "acks", "all"))) {
            java.util.PrimitiveIterator.OfLong ids = java.util.stream.LongStream.range(0, records).iterator();
            for (int attempt = 1; ; attempt++) {
                while (ids.hasNext()) {
                    long id = ids.nextLong();
                    byte[] k = keys.fromConnectData(topic, OrderRecords.KEY, OrderRecords.key(id));
                    byte[] v = values.fromConnectData(topic, valueSchema, value.apply(id));
                    producer.send(new ProducerRecord<>(topic, (int) (id % partitions), k, v), (metadata, error) -> {
                        if (error != null) {
                            failed.add(id);
                        }
                    });
                }
                producer.flush();
                if (failed.isEmpty()) {
                    break;
                }
                if (attempt == 5) {
                    throw new IllegalStateException(failed.size() + " records could not be sent to " + topic);
                }
                System.out.printf("  %,d sends failed; sending them again%n", failed.size());
                List<Long> again = new ArrayList<>(failed);
                failed.clear();
                ids = again.stream().mapToLong(Long::longValue).iterator();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(Map.of())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            long held = consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
            if (held != records) {
                throw new IllegalStateException(topic + " holds " + held + " records, not " + records);
            }
        }
        return seconds;
    }

    /** The threads {@link #consumeAndConvert} reads on: its CPU per record adds up theirs. */
    static final String CONSUMER_THREAD_PREFIX = "bench-consume-";

    /** Reads the whole topic with {@code threads} consumers, converting keys and values as a worker would. */
    static double consumeAndConvert(EmbeddedKafkaCluster kafka, String topic, int partitions, long records, int threads)
            throws Exception {
        return consumeAndConvert(kafka, topic, partitions, records, threads, () -> converter(true), () -> converter(false));
    }

    /** As above, with the key and value converters a connector under comparison uses. */
    static double consumeAndConvert(EmbeddedKafkaCluster kafka, String topic, int partitions, long records, int threads,
                                    java.util.function.Supplier<org.apache.kafka.connect.storage.Converter> keyConverter,
                                    java.util.function.Supplier<org.apache.kafka.connect.storage.Converter> valueConverter)
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                r -> new Thread(r, CONSUMER_THREAD_PREFIX + n.getAndIncrement()));
        long start = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = t; p < partitions; p += threads) {
                assigned.add(new TopicPartition(topic, p));
            }
            parts.add(pool.submit(() -> consume(kafka, assigned, keyConverter.get(), valueConverter.get())));
        }
        long total = 0;
        for (Future<Long> f : parts) {
            total += f.get();
        }
        pool.shutdown();
        if (total != records) {
            throw new IllegalStateException("consumed " + total + " of " + records);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long consume(EmbeddedKafkaCluster kafka, List<TopicPartition> partitions,
                                org.apache.kafka.connect.storage.Converter keys, org.apache.kafka.connect.storage.Converter values) {
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.createConsumer(Map.of("max.poll.records", 2000,
                "fetch.min.bytes", 1, "enable.auto.commit", false))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SchemaAndValue k = keys.toConnectData(r.topic(), r.key());
                    SchemaAndValue v = values.toConnectData(r.topic(), r.value());
                    if (k.value() != null && v.value() != null) {
                        read++;
                    }
                }
            }
        }
        return read;
    }

    /** What psql's \copy measured, the size of the table it filled, and the cores the database used meanwhile. */
    record CopyResult(double seconds, long tableBytes, double databaseCores) {
    }

    /** psql's \copy of the same rows into a table of the same shape; returns psql's wall time. */
    static CopyResult psqlCopy(Postgres pg, Path dir, String table, long records) throws Exception {
        Path csv = dir.resolve(table + ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(128);
            for (long id = 0; id < records; id++) {
                line.setLength(0);
                OrderRecords.csv(id, line);
                w.write(line.toString());
            }
        }
        pg.execute("DROP TABLE IF EXISTS " + table, OrderRecords.tableDdl(table, false));
        pg.checkpoint();
        String[] target = pg.psqlTarget();
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", target[0], "-p", target[1],
                "-U", pg.user, "-d", target[2], "-c",
                "\\copy " + table + " (" + OrderRecords.COLUMNS + ") FROM '" + csv + "' WITH (FORMAT csv)");
        psql.environment().put("PGPASSWORD", pg.password);
        psql.redirectErrorStream(true);
        MachineCpu cpu = new MachineCpu(pg.isLocal() ? "postgres" : null);
        long start = System.nanoTime();
        Process p = psql.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        double databaseCores = cpu.processCores();
        Files.deleteIfExists(csv);
        if (rc != 0) {
            throw new IllegalStateException("psql \\copy failed (" + rc + "): " + out);
        }
        long bytes;
        try (java.sql.Connection c = pg.connect()) {
            bytes = pg.relationSize(c, table);
        }
        pg.execute("DROP TABLE " + table);
        return new CopyResult(seconds, bytes, databaseCores);
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "true"), isKey);
        return c;
    }
}
