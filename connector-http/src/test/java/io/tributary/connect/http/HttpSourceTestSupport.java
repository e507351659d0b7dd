package io.tributary.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Configs and reads of the HTTP source integration tests. */
final class HttpSourceTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpSourceTestSupport() {
    }

    /** A source connector's config without endpoints; JSON without schemas on both sides. */
    static Map<String, String> config(int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", HttpSourceConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("retry.backoff.ms", "50");
        c.put("retry.backoff.max.ms", "500");
        c.put("http.endpoints", "");
        // Connect creates the topics (data and error topics) as a platform team's worker would.
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        return c;
    }

    /**
     * Adds endpoint {@code name} reading {@code url} into {@code topic}, records under /items keyed by /id, one
     * pass an hour unless {@code keys} say otherwise; {@code keys} are suffix/value pairs under its prefix.
     */
    static Map<String, String> endpoint(Map<String, String> c, String name, String url, String topic, String... keys) {
        String names = c.get("http.endpoints");
        c.put("http.endpoints", names.isEmpty() ? name : names + "," + name);
        String prefix = "http.endpoint." + name + ".";
        c.put(prefix + "url", url);
        c.put(prefix + "topic", topic);
        c.put(prefix + "records.pointer", "/items");
        c.put(prefix + "key.pointer", "/id");
        c.put(prefix + "poll.interval.ms", "3600000");
        for (int i = 0; i < keys.length; i += 2) {
            c.put(prefix + keys[i], keys[i + 1]);
        }
        return c;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /** The ids of the records in {@code topic}, in its order. */
    static List<Long> ids(ConnectClusterExtension connect, String topic) {
        return connect.records(topic).stream().map(r -> json(r.value()).get("id").asLong()).toList();
    }

    static List<Long> awaitIds(ConnectClusterExtension connect, String topic, int n) {
        return Await.value(TIMEOUT, n + " records in " + topic, () -> ids(connect, topic), ids -> ids.size() >= n);
    }

    /** The problems an error topic holds, as "endpoint reason: problem" lines. */
    static List<String> problems(ConnectClusterExtension connect, String errorTopic) {
        try {
            return connect.records(errorTopic).stream().map(r -> header(r, "tributary.http.endpoint") + " "
                    + header(r, "tributary.error.reason") + ": " + header(r, "tributary.http.problem")).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Each id from 1 to {@code n} exactly once, whatever the order: what a read without loss or repeats gives. */
    static void assertEachOnce(List<Long> ids, int n, String what) {
        Map<Long, Long> counts = ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        List<Long> missing = new ArrayList<>();
        List<Long> repeated = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            long count = counts.getOrDefault(id, 0L);
            if (count == 0) {
                missing.add(id);
            } else if (count > 1) {
                repeated.add(id);
            }
        }
        if (!missing.isEmpty() || !repeated.isEmpty() || ids.size() != n) {
            throw new AssertionError(what + ": " + ids.size() + " records for ids 1.." + n + "; missing " + missing
                    + ", repeated " + repeated);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
