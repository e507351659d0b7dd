package io.tributary.connect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP source's limit: a plain loop on one thread that fetches the same pages with Apache HttpClient 5,
 * parses each with Jackson, turns each record into the same key and schemaless value the connector hands the
 * worker, converts them with JsonConverter and the three headers with SimpleHeaderConverter as the worker does, and
 * sends them with a
 * plain producer set up as Connect sets up a source task's. No worker, no offsets, no retries.
 */
final class HttpFetchProduceLimit {
    static final String THREAD_PREFIX = "bench-http-source-limit-";
    static final ThreadCpu.Threads THREADS = ThreadCpu.Threads.named(THREAD_PREFIX,
            "kafka-producer-network-thread | " + THREAD_PREFIX);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpFetchProduceLimit() {
    }

    /** Reads every page of {@code feed} into {@code topic}; returns the seconds from the first request to the last ack. */
    static double run(EmbeddedKafkaCluster kafka, PagedFeed feed, String topic) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        double[] seconds = new double[1];
        Thread thread = new Thread(() -> {
            try {
                seconds[0] = loop(kafka, feed, topic, failure);
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }, THREAD_PREFIX + "0");
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the limit failed", failure.get());
        }
        return seconds[0];
    }

    @SuppressWarnings("unchecked")
    private static double loop(EmbeddedKafkaCluster kafka, PagedFeed feed, String topic, AtomicReference<Exception> failure)
            throws Exception {
        JsonConverter keys = converter(true);
        JsonConverter values = converter(false);
        Map<String, Object> settings = Map.of("client.id", THREAD_PREFIX + "producer", "acks", "all",
                "max.in.flight.requests.per.connection", 1, "delivery.timeout.ms", Integer.MAX_VALUE,
                "max.block.ms", Long.MAX_VALUE, "enable.idempotence", false);
        // Headers go through the header converter Connect uses by default, as the worker sends the connector's.
        SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();
        headerConverter.configure(Map.of());
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(settings);
             CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build()) {
            String url = feed.url();
            while (url != null) {
                String pageUrl = url;
                JsonNode page = client.execute(new HttpGet(pageUrl), response -> JSON.readTree(EntityUtils.toByteArray(
                        response.getEntity())));
                for (JsonNode item : page.get("items")) {
                    Object value = JSON.convertValue(item, Map.class);
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("tributary.http.endpoint", headerConverter.fromConnectHeader(topic, "tributary.http.endpoint",
                            Schema.STRING_SCHEMA, "feed"));
                    headers.add("tributary.http.url", headerConverter.fromConnectHeader(topic, "tributary.http.url",
                            Schema.STRING_SCHEMA, pageUrl));
                    headers.add("tributary.http.status", headerConverter.fromConnectHeader(topic, "tributary.http.status",
                            Schema.INT32_SCHEMA, 200));
                    producer.send(new ProducerRecord<>(topic, null, null,
                            keys.fromConnectData(topic, Schema.OPTIONAL_INT64_SCHEMA, item.get("id").longValue()),
                            values.fromConnectData(topic, null, value), headers), (m, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
                JsonNode next = page.get("next");
                url = next == null || next.isNull() ? null : feed.url() + "?cursor=" + next.asText();
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false"), isKey);
        return c;
    }
}
