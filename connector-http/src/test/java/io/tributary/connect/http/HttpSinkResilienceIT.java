package io.tributary.connect.http;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.http.HttpSinkTestSupport.acceptedSeqs;
import static io.tributary.connect.http.HttpSinkTestSupport.awaitGroupStable;
import static io.tributary.connect.http.HttpSinkTestSupport.config;
import static io.tributary.connect.http.HttpSinkTestSupport.produceItems;
import static io.tributary.connect.http.HttpSinkTestSupport.taskMetric;
import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP sink against an endpoint that fails on purpose, through a real two-worker cluster: errors,
 * dropped connections, timeouts, Retry-After, an outage, and a worker that leaves mid-stream.
 */
class HttpSinkResilienceIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();
    /** How long after a 429 leaves requests already sent may still arrive. */
    private static final long IN_FLIGHT_GRACE_MS = 250;

    private static String topic(String name, int partitions) {
        String topic = unique(name);
        connect.createTopic(topic, partitions);
        return topic;
    }

    private static List<Integer> upTo(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /**
     * 500s, 503s, dropped connections and answers slower than the request timeout, with four requests in
     * flight: every record arrives, and each partition's records first arrive in offset order. A request the
     * endpoint took but whose answer came after the client's timeout is sent again (at least once): that
     * re-send comes before the partition's next request, never after it.
     */
    @Test
    void failuresAreRetriedAndEachPartitionStaysInOrderWithSeveralRequestsInFlight() throws Exception {
        String topic = topic("flaky", 4);
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> {
                switch (n % 7) {
                    case 1: return Response.status(500);
                    case 3: return Response.status(503);
                    case 4: return Response.dropConnection();
                    // Past http.request.timeout.ms: the client gives up; the late answer is a failure too.
                    case 5: return Response.status(503).after(3_000);
                    default:
                        return Response.ok("{}").after(n % 3);
                }
            });
            Map<String, String> c = config(topic, server.baseUrl() + "/flaky", 2);
            c.put("batch.max.records", "25");
            c.put("max.in.flight.requests", "4");
            c.put("http.request.timeout.ms", "2000");
            c.put("max.retries", "20");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 2);
            // Records re-delivered by a rebalance are another matter (at least once), not this test's.
            awaitGroupStable(connect, topic, 2, 4);
            int perPartition = 300;
            produceItems(connect, topic, 4, perPartition);
            Await.until(Duration.ofSeconds(90), "every record accepted", () -> acceptedSeqs(server).values().stream()
                    .mapToInt(s -> new HashSet<>(s).size()).sum() >= 4 * perPartition);
            Map<Integer, List<Integer>> seqs = acceptedSeqs(server);
            for (int p = 0; p < 4; p++) {
                List<Integer> got = seqs.get(p);
                List<Integer> firstArrivals = got.stream().distinct().toList();
                assertEquals(upTo(perPartition), firstArrivals, "partition " + p + ": every record, first arriving in order");
                int highest = -1;
                for (int seq : got) {
                    assertTrue(seq > highest - 25, "partition " + p + ": a re-send of " + seq + " came after a later "
                            + "request (" + highest + ")");
                    highest = Math.max(highest, seq);
                }
            }
            assertTrue(taskMetric(topic, 0, "request-retries") + taskMetric(topic, 1, "request-retries") > 0);
            assertTrue(taskMetric(topic, 0, "connection-errors") + taskMetric(topic, 1, "connection-errors") > 0);
            connect.delete(topic);
        }
    }

    /**
     * A 429 with Retry-After: no request of the task, from any partition, reaches the endpoint before the time
     * it named. Requests already on their way when the 429 left (three are in flight) cannot be called back, so
     * the check starts a moment after it.
     */
    @Test
    void retryAfterHoldsEveryRequestToTheEndpointUntilTheTimeItNames() throws Exception {
        String topic = topic("throttled", 3);
        long[] throttledAt = {0};
        long[] notBefore = {0};
        List<String> early = new ArrayList<>();
        AtomicInteger throttled = new AtomicInteger();
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> {
                synchronized (notBefore) {
                    if (!r.path().startsWith("/throttled")) {
                        return Response.status(404);
                    }
                    if (r.receivedAtMs() < notBefore[0] && r.receivedAtMs() > throttledAt[0] + IN_FLIGHT_GRACE_MS) {
                        early.add(r.path() + " came " + (notBefore[0] - r.receivedAtMs()) + " ms early");
                    }
                    if (n == 3 || n == 10) {
                        // Stamped before the answer goes out: the client can only see it later.
                        throttledAt[0] = System.currentTimeMillis();
                        notBefore[0] = throttledAt[0] + 2_000;
                        throttled.incrementAndGet();
                        return new Response(429, Map.of("Retry-After", "2"), "{\"error\":\"slow down\"}");
                    }
                }
                return Response.ok("{}");
            });
            Map<String, String> c = config(topic, server.baseUrl() + "/throttled", 1);
            c.put("batch.max.records", "10");
            c.put("max.in.flight.requests", "3");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 1);
            produceItems(connect, topic, 3, 60);
            Await.until(Duration.ofSeconds(60), "every record accepted", () -> acceptedSeqs(server).values().stream()
                    .mapToInt(List::size).sum() >= 180);
            assertEquals(2, throttled.get());
            long held = server.answered().stream().filter(a -> a.request().receivedAtMs() >= notBefore[0]).count();
            assertTrue(held > 0, "requests came after the second Retry-After time");
            assertEquals(List.of(), early, "requests before the time Retry-After named");
            connect.delete(topic);
        }
    }

    /**
     * The endpoint is gone for a while: the task pauses the partitions that hold max.buffered.records instead
     * of piling up records, then delivers everything once the endpoint is back.
     */
    @Test
    void anOutagePausesThePartitionsAndEverythingArrivesOnceTheEndpointIsBack() throws Exception {
        String topic = topic("outage", 2);
        LoopbackHttpServer first = new LoopbackHttpServer();
        int port = first.port();
        Map<String, String> c = config(topic, first.baseUrl() + "/outage", 1);
        c.put("batch.max.records", "20");
        c.put("max.buffered.records", "100");
        c.put("max.retries", "1000");
        c.put("retry.backoff.max.ms", "300");
        connect.configure(topic, c);
        connect.awaitRunning(topic, 1);
        produceItems(connect, topic, 2, 20);
        Await.until(Duration.ofSeconds(30), "the first records", () -> first.requests().size() >= 2);
        first.close();
        produceItems(connect, topic, 2, 1_000);
        Await.until(Duration.ofSeconds(30), "partitions paused while the endpoint is down",
                () -> taskMetric(topic, 0, "partition-pauses") >= 2);
        long held = taskMetric(topic, 0, "records-buffered");
        assertTrue(held <= 2 * (100 + 500), "the task holds at most about max.buffered.records per partition "
                + "(plus one poll): " + held);
        // The outage goes on a while with the partitions paused (retries keep failing) before the endpoint returns.
        Thread.sleep(2_000);
        try (LoopbackHttpServer back = new LoopbackHttpServer(port, null, false)) {
            Await.until(Duration.ofSeconds(60), "every record delivered after the outage", () -> {
                Map<Integer, List<Integer>> seqs = acceptedSeqs(back);
                return seqs.size() == 2 && seqs.values().stream().allMatch(s -> new HashSet<>(s).size() == 1_000);
            });
            Map<Integer, List<Integer>> seqs = acceptedSeqs(back);
            for (int p = 0; p < 2; p++) {
                List<Integer> got = seqs.get(p);
                assertEquals(got.stream().sorted().toList(), got, "partition " + p + " in order");
            }
            connect.delete(topic);
        }
    }

    /** A worker leaves while records stream: its tasks move and every record reaches the endpoint. */
    @Test
    void aWorkerLeavingMidStreamLosesNoRecord() throws Exception {
        String topic = topic("worker-leaves", 4);
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> Response.ok("{}").after(5));
            Map<String, String> c = config(topic, server.baseUrl() + "/leaves", 2);
            c.put("batch.max.records", "20");
            connect.configure(topic, c);
            connect.awaitRunning(topic, 2);
            int perPartition = 2_000;
            Thread producer = new Thread(() -> produceItems(connect, topic, 4, perPartition));
            producer.start();
            Await.until(Duration.ofSeconds(60), "records flowing", () -> server.requests().size() >= 20);
            connect.removeWorkerRunning(topic);
            producer.join();
            connect.cluster().addWorker();
            Await.until(Duration.ofSeconds(120), "every record delivered at least once", () -> {
                Map<Integer, List<Integer>> seqs = acceptedSeqs(server);
                return seqs.size() == 4 && seqs.values().stream().allMatch(s -> new HashSet<>(s).size() == perPartition);
            });
            int delivered = acceptedSeqs(server).values().stream().mapToInt(List::size).sum();
            assertTrue(delivered >= 4 * perPartition, "re-sent rather than lost: " + delivered);
            connect.delete(topic);
        }
    }
}
