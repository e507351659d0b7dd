package io.tributary.connect.http.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.http.client.Bodies;
import io.tributary.connect.http.client.RequestOutcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes one report per record to the result or the error topic: key the record's key as JSON, value a
 * JSON object with the status, URL, method, attempts, the answer (cut to a length) or the reason it
 * failed, and where the record came from; the same facts in headers. Its own producer, set from the
 * {@code reporter.*} keys, so it may write to another cluster than the worker's.
 */
public final class KafkaResponseReporter implements ResponseReporter {
    private static final Logger log = LoggerFactory.getLogger(KafkaResponseReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where and how to report; a null topic is not written. */
    public record Settings(Map<String, Object> producerConfig, String resultTopic, String errorTopic, int maxBodyChars) {
    }

    private final Settings settings;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> sendError = new AtomicReference<>();

    public KafkaResponseReporter(Settings settings) {
        this.settings = settings;
        Map<String, Object> config = new HashMap<>(settings.producerConfig());
        config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        createMissingTopics(config);
        this.producer = new KafkaProducer<>(config);
    }

    @Override
    public boolean needsSuccessBodies() {
        return settings.resultTopic() != null;
    }

    @Override
    public void delivered(List<SinkRecord> records, RequestOutcome outcome) {
        report(settings.resultTopic(), records, outcome);
    }

    @Override
    public void failed(List<SinkRecord> records, RequestOutcome outcome) {
        report(settings.errorTopic(), records, outcome);
    }

    private void report(String topic, List<SinkRecord> records, RequestOutcome outcome) {
        if (topic == null) {
            return;
        }
        String response = outcome.lastExchange() == null || outcome.lastError() != null ? null
                : Bodies.snippet(outcome.lastExchange().body(), settings.maxBodyChars());
        for (SinkRecord record : records) {
            ProducerRecord<byte[], byte[]> report = new ProducerRecord<>(topic, null,
                    record.key() == null ? null : ConnectJson.toJsonBytes(record.key(), record.keySchema()),
                    value(record, outcome, response));
            report.headers().add(HttpSinkWriter.HEADER_STATUS, bytes(Integer.toString(outcome.status())));
            report.headers().add(HttpSinkWriter.HEADER_URL, bytes(outcome.request().uri().toString()));
            report.headers().add("tributary.input.topic", bytes(SinkRecordOrigin.topic(record)));
            report.headers().add("tributary.input.partition", bytes(Integer.toString(SinkRecordOrigin.partition(record))));
            report.headers().add("tributary.input.offset", bytes(Long.toString(SinkRecordOrigin.offset(record))));
            producer.send(report, (metadata, error) -> {
                if (error != null) {
                    sendError.compareAndSet(null, error);
                }
            });
        }
    }

    private static byte[] value(SinkRecord record, RequestOutcome outcome, String response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("status", outcome.status());
            json.writeStringField("method", outcome.request().method());
            json.writeStringField("url", outcome.request().uri().toString());
            json.writeNumberField("attempts", outcome.attempts());
            if (response != null) {
                json.writeStringField("response", response);
            }
            if (!outcome.delivered()) {
                json.writeStringField("error", outcome.describe());
            }
            json.writeStringField("topic", SinkRecordOrigin.topic(record));
            json.writeNumberField("partition", SinkRecordOrigin.partition(record));
            json.writeNumberField("offset", SinkRecordOrigin.offset(record));
            json.writeEndObject();
        } catch (IOException e) {
            throw new ConnectException("Cannot write a response report", e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void flush() {
        producer.flush();
        Exception error = sendError.getAndSet(null);
        if (error != null) {
            throw new ConnectException("A response report could not be written: " + error.getMessage()
                    + "; check reporter.bootstrap.servers and the reporter.* producer settings", error);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /** Creates the report topics that do not exist, with the broker's default partitions and replication. */
    private void createMissingTopics(Map<String, Object> producerConfig) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : new String[]{settings.resultTopic(), settings.errorTopic()}) {
            if (topic != null) {
                topics.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
            }
        }
        Map<String, Object> adminConfig = new HashMap<>(producerConfig);
        adminConfig.keySet().removeIf(k -> k.startsWith("key.") || k.startsWith("value.") || k.equals("acks")
                || k.equals("linger.ms") || k.equals("batch.size") || k.equals("compression.type"));
        try (Admin admin = Admin.create(adminConfig)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    log.info("Created the response report topic {}", topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        log.warn("Could not create the response report topic {} ({}); the producer writes to it as "
                                + "the broker allows", topic.name(), e.getCause().toString());
                    }
                }
            }
        } catch (Exception e) {
            log.warn("Could not check the response report topics: {}", e.toString());
        }
    }
}
