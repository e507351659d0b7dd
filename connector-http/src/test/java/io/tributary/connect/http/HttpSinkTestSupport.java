package io.tributary.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.DeadLetterQueue;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.LoopbackHttpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared pieces of the HTTP sink integration tests: configs, records, and reading what the server got. */
final class HttpSinkTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpSinkTestSupport() {
    }

    /** A name no other test uses, for topics, connectors and URL paths. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, String> config(String topic, String url, int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", HttpSinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("http.url", url);
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("batch.linger.ms", "20");
        c.put("retry.backoff.ms", "50");
        c.put("retry.backoff.max.ms", "500");
        return c;
    }

    static Map<String, String> withDeadLetterQueue(Map<String, String> config, String dlqTopic) {
        return DeadLetterQueue.enabled(config, dlqTopic);
    }

    /** Sends {@code count} items per partition, {"sku":"S<p>-<seq>","seq":seq,"partition":p}, keyed by sku. */
    static void produceItems(ConnectClusterExtension connect, String topic, int partitions, int count) {
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            for (int seq = 0; seq < count; seq++) {
                for (int p = 0; p < partitions; p++) {
                    Map<String, Object> item = new HashMap<>();
                    item.put("sku", "S" + p + "-" + seq);
                    item.put("seq", seq);
                    item.put("partition", p);
                    producer.send(topic, p, null, "S" + p + "-" + seq, null, item);
                }
            }
            producer.flush();
        }
    }

    /** Every JSON document in a body: the elements of an array, the lines of NDJSON, or the one document. */
    static List<JsonNode> documents(String body) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (body.startsWith("[")) {
                JSON.readTree(body).forEach(out::add);
            } else {
                for (String line : body.split("\n")) {
                    if (!line.isBlank()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
        return out;
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }

    /** The items of the requests the server answered with 2xx, per path. */
    static List<LoopbackHttpServer.Request> requestsTo(LoopbackHttpServer server, String pathPrefix) {
        return server.requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    /**
     * Waits until the sink's consumer group is stable with {@code members} members that hold every partition,
     * so records produced next are not re-delivered by the group's first rebalances.
     */
    static void awaitGroupStable(ConnectClusterExtension connect, String connector, int members, int partitions) {
        try (org.apache.kafka.clients.admin.Admin admin = connect.kafka().createAdminClient()) {
            io.tributary.connect.testkit.Await.until(java.time.Duration.ofSeconds(60), "consumer group of " + connector
                    + " stable with " + members + " members", () -> {
                        try {
                            var group = admin.describeConsumerGroups(List.of("connect-" + connector)).all().get()
                                    .get("connect-" + connector);
                            int assigned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                            return group.groupState() == org.apache.kafka.common.GroupState.STABLE
                                    && group.members().size() == members && assigned == partitions;
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
    }

    /** One of a running task's metrics over JMX: the embedded workers run in this JVM. */
    static long taskMetric(String connector, int task, String attribute) {
        try {
            return ((Number) java.lang.management.ManagementFactory.getPlatformMBeanServer().getAttribute(
                    io.tributary.connect.common.metrics.TaskMetrics.objectName(
                            io.tributary.connect.http.sink.HttpSinkMetrics.TYPE, connector, Integer.toString(task)),
                    attribute)).longValue();
        } catch (javax.management.JMException e) {
            throw new AssertionError("No metric " + attribute + " of " + connector + " task " + task + ": " + e, e);
        }
    }

    /**
     * The items of the requests the server answered with 2xx, grouped by partition in the order the server
     * took them, as their seq numbers.
     */
    static Map<Integer, List<Integer>> acceptedSeqs(LoopbackHttpServer server) {
        return acceptedSeqs(server, "/");
    }

    /** As {@link #acceptedSeqs(LoopbackHttpServer)}, of the requests to paths that start with {@code pathPrefix}. */
    static Map<Integer, List<Integer>> acceptedSeqs(LoopbackHttpServer server, String pathPrefix) {
        Map<Integer, List<Integer>> seqs = new java.util.TreeMap<>();
        for (LoopbackHttpServer.Answered a : server.answered()) {
            if (!a.succeeded() || !a.request().path().startsWith(pathPrefix)) {
                continue;
            }
            for (JsonNode item : documents(a.request().body())) {
                seqs.computeIfAbsent(item.get("partition").asInt(), p -> new ArrayList<>()).add(item.get("seq").asInt());
            }
        }
        return seqs;
    }

    /** The dead letter queue's records, each as its headers by name. */
    static List<Map<String, String>> deadLetters(ConnectClusterExtension connect, String dlqTopic, int expected) {
        return DeadLetterQueue.records(connect, dlqTopic, expected);
    }
}
