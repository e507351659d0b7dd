package io.tributary.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.tributary.connect.http.HttpSinkTestSupport.config;
import static io.tributary.connect.http.HttpSinkTestSupport.deadLetters;
import static io.tributary.connect.http.HttpSinkTestSupport.documents;
import static io.tributary.connect.http.HttpSinkTestSupport.produceItems;
import static io.tributary.connect.http.HttpSinkTestSupport.requestsTo;
import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSinkTestSupport.withDeadLetterQueue;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP sink through a real two-worker Connect cluster against a loopback server: shapes, templating, errors. */
class HttpSinkIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    private static LoopbackHttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new LoopbackHttpServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String topic(String name, int partitions) {
        String topic = unique(name);
        connect.createTopic(topic, partitions);
        return topic;
    }

    @Test
    void urlHeadersAndBodyAreTakenFromEachRecord() {
        String topic = topic("templated", 1);
        String path = "/" + topic;
        Map<String, String> c = config(topic, server.baseUrl() + path + "/stock/${value.sku}?topic=${topic}&offset=${offset}", 1);
        c.put("http.method", "PUT");
        c.put("body.format", "single");
        c.put("http.headers", "X-Partition: ${partition}|X-Key: ${key}|X-Source: tributary");
        c.put("http.headers.sensitive", "X-Secret: s3cr3t");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        produceItems(connect, topic, 1, 3);
        List<LoopbackHttpServer.Request> requests = Await.value(Duration.ofSeconds(30), "3 requests",
                () -> requestsTo(server, path), r -> r.size() >= 3);
        for (int seq = 0; seq < 3; seq++) {
            LoopbackHttpServer.Request r = requests.get(seq);
            assertEquals("PUT", r.method());
            assertEquals(path + "/stock/S0-" + seq + "?topic=" + topic + "&offset=" + seq, r.path());
            assertEquals("0", r.header("X-Partition"));
            assertEquals("S0-" + seq, r.header("X-Key"));
            assertEquals("tributary", r.header("X-Source"));
            assertEquals("s3cr3t", r.header("X-Secret"));
            assertEquals("application/json", r.header("Content-Type"));
            JsonNode body = HttpSinkTestSupport.parse(r.body());
            assertEquals("S0-" + seq, body.get("sku").asText());
            assertEquals(seq, body.get("seq").asInt());
        }
        connect.delete(topic);
    }

    @Test
    void batchesFillWithOnePartitionsRecordsInOrderWhilePartitionsGoSideBySide() {
        String topic = topic("batched", 3);
        String path = "/" + topic;
        server.behave((r, n) -> Response.ok("{}").after(r.path().startsWith(path) ? ThreadLocalRandom.current().nextInt(0, 20) : 0));
        Map<String, String> c = config(topic, server.baseUrl() + path, 2);
        c.put("batch.max.records", "50");
        c.put("max.in.flight.requests", "4");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 2);
        int perPartition = 400;
        produceItems(connect, topic, 3, perPartition);
        Await.until(Duration.ofSeconds(60), "every record delivered",
                () -> requestsTo(server, path).stream().mapToInt(r -> documents(r.body()).size()).sum() >= 3 * perPartition);
        Map<Integer, List<Integer>> seqs = new HashMap<>();
        int fullBatches = 0;
        for (LoopbackHttpServer.Request r : requestsTo(server, path)) {
            List<JsonNode> items = documents(r.body());
            assertTrue(items.size() <= 50, "batch.max.records holds: " + items.size());
            fullBatches += items.size() == 50 ? 1 : 0;
            Set<Integer> partitions = new HashSet<>();
            for (JsonNode item : items) {
                partitions.add(item.get("partition").asInt());
                seqs.computeIfAbsent(item.get("partition").asInt(), p -> new ArrayList<>()).add(item.get("seq").asInt());
            }
            assertEquals(1, partitions.size(), "a request holds one partition's records");
        }
        for (int p = 0; p < 3; p++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perPartition; i++) {
                expected.add(i);
            }
            assertEquals(expected, seqs.get(p), "partition " + p + ": every record once, in order");
        }
        assertTrue(fullBatches >= 3, "batches fill up to batch.max.records: " + fullBatches + " full ones");
        server.behave((r, n) -> Response.ok("{}"));
        connect.delete(topic);
    }

    @Test
    void ndjsonAndTemplateBodiesCarryTheBatch() {
        String topic = topic("bodies", 1);
        Map<String, String> lines = config(topic, server.baseUrl() + "/" + topic + "/lines", 1);
        lines.put("body.format", "ndjson");
        Map<String, String> envelope = config(topic, server.baseUrl() + "/" + topic + "/envelope", 1);
        envelope.put("body.format", "template");
        envelope.put("body.template", "{\"source\":\"${topic}\",\"partition\":${partition},\"count\":${count},\"items\":${records}}");
        envelope.put("http.content.type", "application/vnd.retail+json");
        connect.configure(topic + "-lines", lines);
        connect.configure(topic + "-envelope", envelope);
        connect.awaitRunning(topic + "-lines", 1);
        connect.awaitRunning(topic + "-envelope", 1);
        produceItems(connect, topic, 1, 20);
        Await.until(Duration.ofSeconds(30), "20 lines", () -> requestsTo(server, "/" + topic + "/lines").stream()
                .mapToInt(r -> documents(r.body()).size()).sum() >= 20);
        LoopbackHttpServer.Request line = requestsTo(server, "/" + topic + "/lines").get(0);
        assertEquals("application/x-ndjson", line.header("Content-Type"));
        assertTrue(line.body().endsWith("}\n") && !line.body().startsWith("["), line.body());
        Await.until(Duration.ofSeconds(30), "20 enveloped items", () -> requestsTo(server, "/" + topic + "/envelope")
                .stream().mapToInt(r -> HttpSinkTestSupport.parse(r.body()).get("items").size()).sum() >= 20);
        for (LoopbackHttpServer.Request r : requestsTo(server, "/" + topic + "/envelope")) {
            JsonNode body = HttpSinkTestSupport.parse(r.body());
            assertEquals(topic, body.get("source").asText());
            assertEquals(0, body.get("partition").asInt());
            assertEquals(body.get("items").size(), body.get("count").asInt());
            assertEquals("application/vnd.retail+json", r.header("Content-Type"));
        }
        connect.delete(topic + "-lines");
        connect.delete(topic + "-envelope");
    }

    @Test
    void tombstonesAreSkippedDeletedOrSentAsNull() {
        String topic = topic("tombstones", 1);
        Map<String, String> delete = config(topic, server.baseUrl() + "/" + topic + "/delete/${key}", 1);
        delete.put("tombstones", "delete");
        Map<String, String> nullBody = config(topic, server.baseUrl() + "/" + topic + "/null", 1);
        nullBody.put("tombstones", "null_body");
        Map<String, String> skip = config(topic, server.baseUrl() + "/" + topic + "/skip", 1);
        connect.configure(topic + "-delete", delete);
        connect.configure(topic + "-null", nullBody);
        connect.configure(topic + "-skip", skip);
        connect.awaitRunning(topic + "-delete", 1);
        connect.awaitRunning(topic + "-null", 1);
        connect.awaitRunning(topic + "-skip", 1);
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            producer.send(topic, 0, null, "A1", null, Map.of("sku", "A1", "qty", 4));
            producer.send(topic, 0, null, "A1", null, null);
            producer.send(topic, 0, null, "B2", null, Map.of("sku", "B2", "qty", 1));
            producer.flush();
        }
        Await.until(Duration.ofSeconds(30), "the delete connector's 3 requests",
                () -> requestsTo(server, "/" + topic + "/delete/").size() >= 3);
        List<LoopbackHttpServer.Request> deletes = requestsTo(server, "/" + topic + "/delete/");
        assertEquals(List.of("POST /delete/A1", "DELETE /delete/A1", "POST /delete/B2"), deletes.stream()
                .map(r -> r.method() + " " + r.path().substring(topic.length() + 1)).toList());
        assertEquals("", deletes.get(1).body());
        Await.until(Duration.ofSeconds(30), "3 items with the null one", () -> requestsTo(server, "/" + topic + "/null")
                .stream().mapToInt(r -> documents(r.body()).size()).sum() >= 3);
        List<JsonNode> items = new ArrayList<>();
        requestsTo(server, "/" + topic + "/null").forEach(r -> items.addAll(documents(r.body())));
        assertTrue(items.get(1).isNull(), items.toString());
        Await.until(Duration.ofSeconds(30), "2 items skipping the tombstone", () -> requestsTo(server, "/" + topic + "/skip")
                .stream().mapToInt(r -> documents(r.body()).size()).sum() >= 2);
        Await.until(Duration.ofSeconds(30), "the skip connector's offsets committed past the tombstone",
                () -> committedOffset(topic + "-skip") == 3);
        List<JsonNode> skipped = new ArrayList<>();
        requestsTo(server, "/" + topic + "/skip").forEach(r -> skipped.addAll(documents(r.body())));
        assertEquals(List.of("A1", "B2"), skipped.stream().map(n -> n.get("sku").asText()).toList());
        connect.delete(topic + "-delete");
        connect.delete(topic + "-null");
        connect.delete(topic + "-skip");
    }

    @Test
    void recordsThatCannotBeRequestsGoToTheDeadLetterQueueAndTheRestGoesOn() {
        String topic = topic("bad-records", 1);
        String dlq = topic + "-dlq";
        Map<String, String> c = withDeadLetterQueue(config(topic, server.baseUrl() + "/" + topic + "/${value.sku}", 1), dlq);
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("batch.max.bytes", "200");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        try (ConnectProducer producer = new ConnectProducer(connect.kafka(), false)) {
            producer.sendRaw(topic, 0, null, "{\"sku\":\"ok1\"}".getBytes(StandardCharsets.UTF_8));
            producer.sendRaw(topic, 0, null, "{\"qty\":1}".getBytes(StandardCharsets.UTF_8));
            producer.sendRaw(topic, 0, null, "{\"sku\":\"x\", oops".getBytes(StandardCharsets.UTF_8));
            producer.sendRaw(topic, 0, null, ("{\"sku\":\"big\",\"pad\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8));
            producer.sendRaw(topic, 0, null, "{\"sku\":\"ok2\"}".getBytes(StandardCharsets.UTF_8));
            producer.flush();
        }
        Await.until(Duration.ofSeconds(30), "the two good records", () -> requestsTo(server, "/" + topic + "/").size() >= 2);
        assertEquals(List.of("/" + topic + "/ok1", "/" + topic + "/ok2"),
                requestsTo(server, "/" + topic + "/").stream().map(LoopbackHttpServer.Request::path).toList());
        List<Map<String, String>> letters = deadLetters(connect, dlq, 3);
        assertEquals(3, letters.size());
        assertEquals(List.of("1", "2", "3"), letters.stream().map(h -> h.get("__connect.errors.offset")).toList());
        assertTrue(letters.get(0).get("__connect.errors.exception.message").contains("${value.sku}"), letters.get(0).toString());
        assertTrue(letters.get(1).get("__connect.errors.exception.message").contains("not JSON"), letters.get(1).toString());
        assertTrue(letters.get(2).get("__connect.errors.exception.message").contains("batch.max.bytes"), letters.get(2).toString());
        Await.until(Duration.ofSeconds(30), "offsets committed past the bad records", () -> committedOffset(topic) == 5);
        assertEquals("RUNNING", connect.status(topic).tasks().get(0).state());
        connect.delete(topic);
    }

    @Test
    void aStatusThatIsNotRetriedSendsTheRecordsToTheDeadLetterQueueWithTheResponse() {
        String topic = topic("rejected", 1);
        String dlq = topic + "-dlq";
        String path = "/" + topic;
        server.behave((r, n) -> r.path().startsWith(path) && r.body().contains("S0-2")
                ? new Response(422, Map.of("Content-Type", "application/json"), "{\"error\":\"sku S0-2 is unknown\"}")
                : Response.ok("{}"));
        Map<String, String> c = withDeadLetterQueue(config(topic, server.baseUrl() + path, 1), dlq);
        c.put("body.format", "single");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        produceItems(connect, topic, 1, 5);
        List<Map<String, String>> letters = deadLetters(connect, dlq, 1);
        assertEquals(1, letters.size());
        Map<String, String> letter = letters.get(0);
        assertEquals("422", letter.get("tributary.http.status"));
        assertEquals(server.baseUrl() + path, letter.get("tributary.http.url"));
        assertEquals("POST", letter.get("tributary.http.method"));
        assertEquals("1", letter.get("tributary.http.attempts"));
        assertEquals("{\"error\":\"sku S0-2 is unknown\"}", letter.get("tributary.http.response.body"));
        assertEquals("2", letter.get("__connect.errors.offset"));
        assertTrue(letter.get("__connect.errors.exception.message").contains("status 422"), letter.toString());
        assertTrue(letter.get("value").contains("S0-2"), letter.toString());
        Await.until(Duration.ofSeconds(30), "offsets committed past the rejected record", () -> committedOffset(topic) == 5);
        assertEquals(5, requestsTo(server, path).size(), "the other records were delivered");
        server.behave((r, n) -> Response.ok("{}"));
        connect.delete(topic);
    }

    /** Each record's outcome reported to Kafka topics, as Confluent's reporter does: answers of the delivered, causes of the failed. */
    @Test
    void responsesAreReportedToAResultAndAnErrorTopic() throws Exception {
        String topic = topic("reported", 1);
        String path = "/" + topic;
        server.behave((r, n) -> !r.path().startsWith(path) ? Response.ok("{}")
                : r.body().contains("S0-3") ? new Response(409, Map.of(), "{\"error\":\"stale\"}")
                : Response.ok("{\"stored\":\"" + HttpSinkTestSupport.parse(r.body()).get("sku").asText() + "\"}"));
        Map<String, String> c = config(topic, server.baseUrl() + path, 1);
        c.put("body.format", "single");
        c.put("errors.tolerance", "all");
        c.put("reporter.bootstrap.servers", connect.bootstrapServers());
        c.put("reporter.result.topic.name", topic + "-results");
        c.put("reporter.error.topic.name", topic + "-errors");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        produceItems(connect, topic, 1, 5);
        var results = connect.kafka().consume(4, 60_000, topic + "-results");
        var errors = connect.kafka().consume(1, 60_000, topic + "-errors");
        List<JsonNode> delivered = new ArrayList<>();
        results.forEach(r -> delivered.add(HttpSinkTestSupport.parse(new String(r.value(), StandardCharsets.UTF_8))));
        assertEquals(4, delivered.size());
        JsonNode first = delivered.get(0);
        assertEquals(200, first.get("status").asInt());
        assertEquals("{\"stored\":\"S0-0\"}", first.get("response").asText());
        assertEquals(topic, first.get("topic").asText());
        assertEquals(0, first.get("offset").asLong());
        assertEquals("\"S0-0\"", new String(results.iterator().next().key(), StandardCharsets.UTF_8));
        var error = errors.iterator().next();
        JsonNode failed = HttpSinkTestSupport.parse(new String(error.value(), StandardCharsets.UTF_8));
        assertEquals(409, failed.get("status").asInt());
        assertEquals(3, failed.get("offset").asLong());
        assertTrue(failed.get("error").asText().contains("status 409"), failed.toString());
        assertEquals("409", new String(error.headers().lastHeader("tributary.http.status").value(), StandardCharsets.UTF_8));
        server.behave((r, n) -> Response.ok("{}"));
        connect.delete(topic);
    }

    @Test
    void withoutToleranceAFailedRequestFailsTheTaskNamingTheRecordsAndTheStatus() {
        String topic = topic("intolerant", 1);
        String path = "/" + topic;
        server.behave((r, n) -> r.path().startsWith(path) ? new Response(400, Map.of(), "{\"error\":\"bad payload\"}")
                : Response.ok("{}"));
        connect.configure(topic, config(topic, server.baseUrl() + path, 1));
        connect.awaitRunning(topic, 1);
        produceItems(connect, topic, 1, 3);
        String trace = connect.awaitTaskFailed(topic, Duration.ofSeconds(60));
        assertTrue(trace.contains(topic + "-0 offsets 0 to 2") && trace.contains("status 400")
                && trace.contains("bad payload") && trace.contains("errors.tolerance=all"), trace);
        server.behave((r, n) -> Response.ok("{}"));
        connect.delete(topic);
    }

    @Test
    void validateNamesTheKeyAndTheFix() {
        String cls = HttpSinkConnector.class.getName();
        Map<String, String> good = config("t", "https://api.example.com/v1/${topic}", 1);
        good.put("name", "validate-http-sink");

        Map<String, String> c = new HashMap<>(good);
        c.put("http.url", "ftp://example.com/${topic}");
        assertError(connect.validate(cls, c), "http.url", "http:// or https://");
        c.put("http.url", "https://example.com/${valeu.sku}");
        assertError(connect.validate(cls, c), "http.url", "unknown placeholder ${valeu.sku}");
        c.put("http.url", "https://me:secret@example.com/${topic}");
        assertError(connect.validate(cls, c), "http.url", "http.auth.type=basic");

        c = new HashMap<>(good);
        c.put("http.auth.type", "oauth2");
        c.put("http.auth.oauth2.client.id", "me");
        c.put("http.auth.oauth2.client.secret", "secret");
        assertError(connect.validate(cls, c), "http.auth.oauth2.token.url", "set http.auth.oauth2.token.url");
        c = new HashMap<>(good);
        c.put("http.auth.type", "basic");
        assertError(connect.validate(cls, c), "http.auth.username", "set http.auth.username");

        c = new HashMap<>(good);
        c.put("body.format", "template");
        assertError(connect.validate(cls, c), "body.template", "${records}");
        c = new HashMap<>(good);
        c.put("body.template", "{\"items\":${records}}");
        assertError(connect.validate(cls, c), "body.template", "set body.format=template");
        c = new HashMap<>(good);
        c.put("body.format", "single");
        c.put("batch.max.records", "100");
        assertError(connect.validate(cls, c), "batch.max.records", "one record per request");
        c = new HashMap<>(good);
        c.put("max.buffered.records", "10");
        assertError(connect.validate(cls, c), "max.buffered.records", "at least 500");

        c = new HashMap<>(good);
        c.put("http.ssl.truststore.location", "/nonexistent/ca.pem");
        assertError(connect.validate(cls, c), "http.ssl.truststore.location", "not a readable file");
        c = new HashMap<>(good);
        c.put("retry.on.status.codes", "503,abc");
        assertError(connect.validate(cls, c), "retry.on.status.codes", "not a status code");
        c = new HashMap<>(good);
        c.put("http.headers", "NoColonHere");
        assertError(connect.validate(cls, c), "http.headers", "'Name: value'");
        c = new HashMap<>(good);
        c.put("reporter.result.topic.name", "http-results");
        assertError(connect.validate(cls, c), "reporter.bootstrap.servers", "set reporter.bootstrap.servers");
        c = new HashMap<>(good);
        c.put("http.proxy.url", "proxy-host:3128");
        assertError(connect.validate(cls, c), "http.proxy.url", "http://proxy-host:3128");

        ConfigInfos ok = connect.validate(cls, good);
        assertEquals(0, ok.errorCount(), "a good config passes: " + io.tributary.connect.testkit.Validation.errors(ok));
    }

    /** The connector's committed offset of partition 0 of its topic, read through GET /connectors/NAME/offsets. */
    private static long committedOffset(String connector) {
        var offsets = connect.cluster().connectorOffsets(connector).offsets();
        if (offsets.isEmpty()) {
            return -1;
        }
        Object offset = offsets.get(0).offset().get("kafka_offset");
        return offset == null ? -1 : ((Number) offset).longValue();
    }
}
