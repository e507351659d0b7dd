package io.tributary.connect.http.sink;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.common.retry.Backoff;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.common.tls.TlsSettings;
import io.tributary.connect.http.HttpSinkConfig;
import io.tributary.connect.http.HttpSinkConfig.BodyFormat;
import io.tributary.connect.http.HttpSinkConfig.BodyStrings;
import io.tributary.connect.http.HttpSinkConfig.Tombstones;
import io.tributary.connect.http.client.AuthSettings;
import io.tributary.connect.http.client.EndpointGate;
import io.tributary.connect.http.client.HttpClientSettings;
import io.tributary.connect.http.client.HttpTransport;
import io.tributary.connect.http.client.RetryPolicy;
import io.tributary.connect.http.client.ResponseReading;
import io.tributary.connect.http.client.RetryingExecutor;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink's engine against a real loopback server, without a worker. */
class HttpSinkWriterTest {
    private LoopbackHttpServer server;
    private HttpTransport transport;
    private TaskMetrics taskMetrics;
    private final List<String> reported = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackHttpServer();
        transport = new HttpTransport(new HttpClientSettings(2_000, 2_000, 8, null, TlsSettings.DEFAULTS, AuthSettings.NONE));
        taskMetrics = new TaskMetrics(HttpSinkMetrics.TYPE, "writer-test-" + System.nanoTime(), "0");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        transport.close();
    }

    private HttpSinkWriter writer(int maxRecords, long lingerMs, int inFlight, int maxBuffered, int maxRetries, boolean tolerate) {
        RetryingExecutor executor = new RetryingExecutor(transport, new RetryPolicy(Set.of(500, 503), new Backoff(10, 50),
                maxRetries, 60_000), new EndpointGate(), inFlight, ResponseReading.failuresOnly(1000), "writer-test", new HttpSinkMetrics(
                new TaskMetrics(HttpSinkMetrics.TYPE, "listener-" + System.nanoTime(), "0")).requests());
        RecordRenderer renderer = new RecordRenderer(new RecordRenderer.Settings(
                Template.parse(server.baseUrl() + "/p${partition}", HttpSinkConfig.RECORD_ROOTS), List.of(),
                BodyStrings.JSON, Tombstones.SKIP, 100_000));
        HttpSinkWriter.ErrorHandling errors = new HttpSinkWriter.ErrorHandling() {
            @Override
            public boolean tolerates() {
                return tolerate;
            }

            @Override
            public void report(SinkRecord record, Throwable cause, Map<String, String> headers) {
                reported.add(record.kafkaOffset() + " " + headers.get(HttpSinkWriter.HEADER_STATUS));
            }
        };
        return new HttpSinkWriter(new HttpSinkWriter.Settings(maxRecords, 100_000, lingerMs, maxBuffered, "POST",
                "application/json"), renderer, new BodyAssembler(BodyFormat.JSON_ARRAY, null), executor, errors,
                new HttpSinkMetrics(taskMetrics), ResponseReporter.NONE);
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("orders", partition, null, null, Schema.STRING_SCHEMA, "{\"o\":" + offset + "}", offset);
    }

    @Test
    void eachPartitionsRequestsArriveInOrderWhilePartitionsGoSideBySide() {
        server.behave((r, n) -> Response.ok("{}").after(ThreadLocalRandom.current().nextInt(0, 15)));
        HttpSinkWriter writer = writer(7, 0, 4, 10_000, 3, false);
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 300; offset++) {
            for (int p = 0; p < 4; p++) {
                records.add(record(p, offset));
            }
        }
        writer.put(records, 0);
        Set<TopicPartition> partitions = Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                new TopicPartition("orders", 2), new TopicPartition("orders", 3));
        Await.until(Duration.ofSeconds(30), "all 1200 records delivered", () -> {
            writer.sendReady(System.currentTimeMillis());
            Map<TopicPartition, Long> offsets = writer.committableOffsets(partitions);
            return offsets.size() == 4 && offsets.values().stream().allMatch(o -> o == 300);
        });
        Map<String, List<Long>> seen = new HashMap<>();
        for (LoopbackHttpServer.Request r : server.requests()) {
            for (String part : r.body().replace("[", "").replace("]", "").split(",")) {
                seen.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(Long.parseLong(part.replaceAll("\\D", "")));
            }
        }
        assertEquals(4, seen.size());
        for (List<Long> offsets : seen.values()) {
            assertEquals(300, offsets.size());
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(i, offsets.get(i), "offsets of one partition arrive in order");
            }
        }
        assertTrue(server.requests().size() >= 4 * 43, "batches of at most 7: " + server.requests().size());
        writer.close();
    }

    @Test
    void onlyOffsetsOfDeliveredOrReportedRecordsBecomeCommittable() {
        server.behave((r, n) -> r.body().contains("\"o\":3") ? new Response(400, Map.of(), "no") : Response.ok("{}"));
        HttpSinkWriter writer = writer(1, 0, 2, 10_000, 0, true);
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 6; offset++) {
            records.add(record(0, offset));
        }
        writer.put(records, 0);
        TopicPartition tp = new TopicPartition("orders", 0);
        Await.until(Duration.ofSeconds(10), "the five good records delivered", () -> writer.buffered() == 1);
        // The failed request's record waits to be reported on the task thread: nothing past it commits.
        assertEquals(3L, writer.committableOffsets(Set.of(tp)).get(tp));
        writer.reportFailures();
        assertEquals(List.of("3 400"), reported);
        assertEquals(6L, writer.committableOffsets(Set.of(tp)).get(tp));
        writer.close();
    }

    @Test
    void withoutToleranceAFailedRequestFailsTheTaskNamingWhereAndWhy() {
        server.respondByDefault(new Response(404, Map.of(), "{\"error\":\"no such route\"}"));
        HttpSinkWriter writer = writer(10, 0, 1, 10_000, 0, false);
        writer.put(List.of(record(2, 40), record(2, 41)), 0);
        Await.until(Duration.ofSeconds(10), "the request answered", () -> server.requests().size() == 1);
        var e = assertThrows(org.apache.kafka.connect.errors.ConnectException.class, () -> {
            for (int i = 0; i < 50; i++) {
                writer.reportFailures();
                Thread.sleep(100);
            }
        });
        assertTrue(e.getMessage().contains("orders-2 offsets 40 to 41") && e.getMessage().contains("status 404")
                && e.getMessage().contains("no such route"), e.getMessage());
        assertThrows(org.apache.kafka.connect.errors.ConnectException.class, () -> writer.put(List.of(), 1));
        writer.close();
    }

    @Test
    void onceEveryPartitionIsPausedAPutWaitsForOneToDrainButNoLongerThanAsked() throws Exception {
        server.behave((r, n) -> Response.ok("{}").after(20));
        HttpSinkWriter writer = writer(10, 0, 1, 50, 1000, true);
        TopicPartition p1 = new TopicPartition("orders", 1);
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 50; offset++) {
            records.add(record(1, offset));
        }
        writer.put(records, 0);
        assertEquals(List.of(p1), writer.partitionsToPause());
        long start = System.nanoTime();
        writer.awaitRoom(Set.of(p1, new TopicPartition("orders", 2)), 5_000);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 100, "another partition can still be fetched: no wait");
        writer.awaitRoom(Set.of(p1), 5_000);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(writer.buffered() <= 25 && waitedMs < 4_000, "room came after " + waitedMs + " ms");
        assertEquals(List.of(p1), writer.partitionsToResume());
        server.respondByDefault(Response.status(503));
        records.clear();
        for (long offset = 50; offset < 100; offset++) {
            records.add(record(1, offset));
        }
        writer.put(records, 0);
        Await.until(Duration.ofSeconds(5), "p1 full again", () -> writer.buffered() >= 50);
        assertEquals(List.of(p1), writer.partitionsToPause());
        start = System.nanoTime();
        writer.awaitRoom(Set.of(p1), 300);
        waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 250 && waitedMs < 3_000, "waited " + waitedMs + " ms for an endpoint that is down");
        writer.close();
    }

    @Test
    void aPartitionHoldingMaxBufferedRecordsIsPausedAndResumedOnceHalfIsDelivered() {
        server.respondByDefault(Response.status(503));
        HttpSinkWriter writer = writer(10, 0, 1, 50, 1000, true);
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 50; offset++) {
            records.add(record(1, offset));
        }
        writer.put(records, 0);
        assertEquals(List.of(new TopicPartition("orders", 1)), writer.partitionsToPause());
        assertEquals(List.of(), writer.partitionsToPause(), "paused once");
        assertEquals(List.of(), writer.partitionsToResume(), "the endpoint is still down");
        server.respondByDefault(Response.ok("{}"));
        Await.until(Duration.ofSeconds(10), "the partition resumed after the endpoint came back", () -> {
            writer.sendReady(System.currentTimeMillis());
            return writer.partitionsToResume().equals(List.of(new TopicPartition("orders", 1)));
        });
        writer.close();
    }
}
