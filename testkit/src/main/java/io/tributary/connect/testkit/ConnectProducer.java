package io.tributary.connect.testkit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Produces records the way a source connector with JsonConverter would write them, so sink tests
 * feed real converter output (with or without the schema envelope).
 */
public final class ConnectProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    public ConnectProducer(EmbeddedKafkaCluster kafka, boolean schemasEnabled) {
        // One request in flight without idempotence: ordered, and immune to the sequence-number resets an
        // idempotent producer can hit when it races a freshly created topic's leader election.
        this.producer = kafka.createProducer(Map.of("linger.ms", 5, "batch.size", 262144, "acks", "all",
                "enable.idempotence", false, "max.in.flight.requests.per.connection", 1));
        keys.configure(Map.of("schemas.enable", Boolean.toString(schemasEnabled)), true);
        values.configure(Map.of("schemas.enable", Boolean.toString(schemasEnabled)), false);
    }

    public void send(String topic, Integer partition, Schema keySchema, Object key, Schema valueSchema, Object value) {
        send(topic, partition, keySchema, key, valueSchema, value, Map.of());
    }

    /** Also with headers, written as UTF-8 text: what the worker's header converter then parses. */
    public void send(String topic, Integer partition, Schema keySchema, Object key, Schema valueSchema, Object value,
                     Map<String, String> headers) {
        byte[] k = key == null && keySchema == null ? null : keys.fromConnectData(topic, keySchema, key);
        byte[] v = value == null ? null : values.fromConnectData(topic, valueSchema, value);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, k, v);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    /** With the record's timestamp set, e.g. in the past, as records of a backlog have it. */
    public void sendAt(long timestampMs, String topic, Integer partition, Schema keySchema, Object key, Schema valueSchema,
                       Object value) {
        byte[] k = key == null && keySchema == null ? null : keys.fromConnectData(topic, keySchema, key);
        byte[] v = value == null ? null : values.fromConnectData(topic, valueSchema, value);
        producer.send(new ProducerRecord<>(topic, partition, timestampMs, k, v));
    }

    /** Sends raw bytes, for payloads no converter would write. */
    public void sendRaw(String topic, Integer partition, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
