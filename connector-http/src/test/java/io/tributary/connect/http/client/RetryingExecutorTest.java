package io.tributary.connect.http.client;

import io.tributary.connect.common.retry.Backoff;
import io.tributary.connect.common.tls.TlsSettings;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries against a real loopback server: which failures are retried, how long, and Retry-After. */
class RetryingExecutorTest {
    private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);

    private LoopbackHttpServer server;
    private HttpTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackHttpServer();
        transport = new HttpTransport(new HttpClientSettings(2_000, 1_000, 4, null, TlsSettings.DEFAULTS, AuthSettings.NONE));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        transport.close();
    }

    private final EndpointGate gate = new EndpointGate();

    private RetryingExecutor executor(int maxRetries, long retryTimeoutMs) {
        return new RetryingExecutor(transport, new RetryPolicy(RETRIED, new Backoff(20, 100), maxRetries, retryTimeoutMs),
                gate, 2, new ResponseReading(1000, true, false), "test-http", new RetryingExecutor.Listener() {
                    @Override
                    public void answered(HttpExchange exchange) {
                    }

                    @Override
                    public void unanswered(IOException error) {
                    }

                    @Override
                    public void retryScheduled(long delayMs) {
                    }
                });
    }

    private OutgoingRequest post(String path) {
        return new OutgoingRequest("POST", URI.create(server.baseUrl() + path), List.of(Map.entry("X-Test", "1")),
                "[1]".getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Test
    void serverErrorsDroppedConnectionsAndTimeoutsAreRetriedUntilDelivered() throws Exception {
        server.respondNext(Response.status(500));
        server.respondNext(Response.dropConnection());
        server.respondNext(Response.ok("{}").after(1_500));
        server.respondNext(Response.status(503));
        try (RetryingExecutor executor = executor(10, 60_000)) {
            RequestOutcome outcome = executor.submit(post("/ok")).get(30, TimeUnit.SECONDS);
            assertTrue(outcome.delivered(), outcome.describe());
            assertEquals(5, outcome.attempts());
            assertEquals(5, server.requests().size());
            assertEquals("[1]", server.requests().get(4).body());
        }
    }

    @Test
    void aStatusThatIsNotRetriedEndsAtOnceWithTheAnswer() throws Exception {
        server.respondNext(new Response(422, Map.of(), "{\"error\":\"sku unknown\"}"));
        try (RetryingExecutor executor = executor(10, 60_000)) {
            RequestOutcome outcome = executor.submit(post("/bad")).get(10, TimeUnit.SECONDS);
            assertEquals(RequestOutcome.Kind.FAILED, outcome.kind());
            assertEquals(422, outcome.status());
            assertEquals(1, outcome.attempts());
            assertEquals("{\"error\":\"sku unknown\"}", outcome.lastExchange().body());
        }
    }

    @Test
    void retriesEndAtMaxRetries() throws Exception {
        server.respondByDefault(Response.status(502));
        try (RetryingExecutor executor = executor(3, 60_000)) {
            RequestOutcome outcome = executor.submit(post("/down")).get(10, TimeUnit.SECONDS);
            assertEquals(RequestOutcome.Kind.FAILED, outcome.kind());
            assertEquals(4, outcome.attempts());
            assertTrue(outcome.reason().contains("max.retries"), outcome.reason());
        }
    }

    @Test
    void retryAfterHoldsEveryRequestToTheEndpointUntilTheTimeItNames() throws Exception {
        long[] notBefore = new long[1];
        server.behave((request, n) -> {
            if (n == 1) {
                notBefore[0] = System.currentTimeMillis() + 2_000;
                return new Response(429, Map.of("Retry-After", "2"), "slow down");
            }
            return Response.ok("{}");
        });
        try (RetryingExecutor executor = executor(5, 60_000)) {
            var first = executor.submit(post("/a"));
            String origin = post("/b").origin();
            io.tributary.connect.testkit.Await.until(java.time.Duration.ofSeconds(10), "the 429 received and held",
                    () -> gate.openAtMs(origin) > System.currentTimeMillis());
            // Sent after the 429 arrived: it waits for the same time, though it never failed itself.
            var second = executor.submit(post("/b"));
            assertTrue(first.get(10, TimeUnit.SECONDS).delivered());
            assertTrue(second.get(10, TimeUnit.SECONDS).delivered());
        }
        List<LoopbackHttpServer.Request> requests = server.requests();
        assertEquals(3, requests.size());
        for (LoopbackHttpServer.Request r : requests.subList(1, 3)) {
            // The server stamps the 429 before sending it, so a few milliseconds of slack cover its own delivery.
            assertTrue(r.receivedAtMs() >= notBefore[0] - 20,
                    r.path() + " came " + (notBefore[0] - r.receivedAtMs()) + " ms before the time Retry-After named");
        }
    }

    @Test
    void aRetryAfterPastTheRetryTimeoutEndsTheRetriesAtOnce() throws Exception {
        server.respondNext(new Response(503, Map.of("Retry-After", "3600"), "maintenance"));
        try (RetryingExecutor executor = executor(10, 5_000)) {
            long start = System.nanoTime();
            RequestOutcome outcome = executor.submit(post("/m")).get(10, TimeUnit.SECONDS);
            assertEquals(RequestOutcome.Kind.FAILED, outcome.kind());
            assertTrue(outcome.reason().contains("retry.timeout.ms"), outcome.reason());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        }
    }
}
