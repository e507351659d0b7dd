package io.tributary.connect.http;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Request;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSourceTestSupport.TIMEOUT;
import static io.tributary.connect.http.HttpSourceTestSupport.assertEachOnce;
import static io.tributary.connect.http.HttpSourceTestSupport.awaitIds;
import static io.tributary.connect.http.HttpSourceTestSupport.config;
import static io.tributary.connect.http.HttpSourceTestSupport.endpoint;
import static io.tributary.connect.http.HttpSourceTestSupport.header;
import static io.tributary.connect.http.HttpSourceTestSupport.problems;
import static io.tributary.connect.testkit.Validation.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP source meeting bad input and a strained endpoint: bodies that are not JSON or hold no records, a
 * record that cannot be read, a cursor that repeats, statuses not retried, 429 with Retry-After, connections
 * dropped, a rate limit; and validate naming each endpoint's key.
 */
class HttpSourceBadInputIT {
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

    private static List<Request> requestsTo(String path) {
        return server.requests().stream().filter(r -> r.path().startsWith(path)).toList();
    }

    /**
     * Each kind of bad input reaches the error topic with its rule, endpoint, URL and status in headers and what
     * came as the value; the connector keeps running, and an endpoint whose bad answer was passing reads its
     * records at its next poll.
     */
    @Test
    void badInputGoesToTheErrorTopicByItsRuleAndTheEndpointsGoOn() {
        String name = unique("bad");
        SourceFeed feed = new SourceFeed(server.baseUrl(), 20, 10);
        AtomicInteger garbage = new AtomicInteger();
        AtomicInteger loop = new AtomicInteger();
        server.behave((r, n) -> {
            if (r.path().startsWith("/since/" + name)) {
                return garbage.incrementAndGet() == 1 ? Response.ok("<html>maintenance</html>") : feed.answer(r, n);
            }
            if (r.path().startsWith("/shape/" + name)) {
                return Response.ok("{\"data\":[{\"id\":1}]}");
            }
            if (r.path().startsWith("/loop/" + name)) {
                return Response.ok("{\"items\":[{\"id\":" + loop.incrementAndGet() + "}],\"meta\":{\"next\":\"same\"}}");
            }
            if (r.path().startsWith("/stamps/" + name)) {
                return Response.ok("{\"items\":[{\"id\":1,\"at\":\"2026-12-01T10:00:00Z\"},{\"id\":2,\"at\":\"yesterday\"},"
                        + "{\"id\":3,\"at\":1796292000000}]}");
            }
            return Response.status(404);
        });
        String base = server.baseUrl();
        Map<String, String> c = config(1);
        String garbageTopic = unique("garbage");
        String loopTopic = unique("loop");
        String stampsTopic = unique("stamps");
        endpoint(c, "garbage", base + "/since/" + name, garbageTopic, "poll.interval.ms", "1000");
        endpoint(c, "shape", base + "/shape/" + name, unique("shape"));
        endpoint(c, "loop", base + "/loop/" + name, loopTopic, "pagination", "cursor", "pagination.cursor.pointer",
                "/meta/next");
        endpoint(c, "stamps", base + "/stamps/" + name, stampsTopic, "timestamp.pointer", "/at");
        endpoint(c, "gone", base + "/gone/" + name, unique("gone"));
        connect.configure(name, c);
        connect.awaitRunning(name, 1);
        String errors = name + ".errors";
        List<String> seen = Await.value(TIMEOUT, "a problem of each endpoint in " + errors, () -> problems(connect, errors),
                p -> p.size() >= 5);
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("garbage not-json: ")), seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("shape no-records: ") && p.contains("'/items' matches nothing")),
                seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("loop paging: ") && p.contains("'same' again")), seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("stamps bad-record: ") && p.contains("'yesterday'")),
                seen.toString());
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("gone status: ") && p.contains("404")), seen.toString());

        ConsumerRecord<byte[], byte[]> notJson = connect.records(errors).stream()
                .filter(r -> "not-json".equals(header(r, "tributary.error.reason"))).findFirst().orElseThrow();
        assertTrue(new String(notJson.value()).contains("<html>maintenance</html>"), "the body as it came");
        assertEquals("200", header(notJson, "tributary.http.status"));
        assertTrue(header(notJson, "tributary.http.url").endsWith("/since/" + name), header(notJson, "tributary.http.url"));
        ConsumerRecord<byte[], byte[]> gone = connect.records(errors).stream()
                .filter(r -> "status".equals(header(r, "tributary.error.reason"))).findFirst().orElseThrow();
        assertEquals("404", header(gone, "tributary.http.status"));

        assertEachOnce(awaitIds(connect, garbageTopic, 20), 20, "the endpoint read at its next poll");
        assertEquals(List.of(1L, 2L), awaitIds(connect, loopTopic, 2), "both pages' records before the repeat ended the pass");
        assertEquals(List.of(1L, 3L), awaitIds(connect, stampsTopic, 2), "the readable records of the page");
        connect.awaitRunning(name, 1);
        connect.delete(name);
    }

    @Test
    void withErrorsActionFailTheTaskStopsNamingTheEndpointAndTheKey() {
        String name = unique("fail");
        server.behave((r, n) -> Response.status(400));
        Map<String, String> c = config(1);
        endpoint(c, "stores", server.baseUrl() + "/stores/" + name, unique("stores"));
        c.put("http.errors.action", "fail");
        connect.configure(name, c);
        String trace = connect.awaitTaskFailed(name, TIMEOUT);
        assertTrue(trace.contains("Endpoint stores") && trace.contains("status 400") && trace.contains("http.errors.action"),
                trace);
        connect.delete(name);
    }

    /**
     * A 429 with Retry-After holds the next request until the time it names; connections dropped past max.retries
     * and answers past the request timeout are an outage, asked again at the next poll; a rate limit spaces the pages of a pass. Every record arrives once.
     */
    @Test
    void retryAfterOutagesAndTheRateLimitAreHonouredWithoutLoss() {
        String name = unique("strain");
        SourceFeed feed = new SourceFeed(server.baseUrl(), 50, 10);
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        server.behave((r, n) -> {
            if (r.path().startsWith("/page/" + name + "/slow")) {
                // Past http.request.timeout.ms twice: a timeout, retried once, is an outage; the next poll reads.
                return slow.incrementAndGet() <= 2 ? feed.answer(r, n).after(1500) : feed.answer(r, n);
            }
            if (r.path().startsWith("/page/" + name + "/throttled")) {
                return throttled.incrementAndGet() == 2
                        ? new Response(429, Map.of("Retry-After", "2"), "{\"error\":\"slow down\"}") : feed.answer(r, n);
            }
            if (r.path().startsWith("/page/" + name + "/flaky")) {
                return dropped.incrementAndGet() <= 3 ? Response.dropConnection() : feed.answer(r, n);
            }
            if (r.path().startsWith("/page/" + name + "/limited")) {
                return feed.answer(r, n);
            }
            return Response.status(404);
        });
        String path = "/page/" + name;
        String base = server.baseUrl() + path;
        Map<String, String> c = config(1);
        String throttledTopic = unique("throttled");
        String flakyTopic = unique("flaky");
        String limitedTopic = unique("limited");
        String slowTopic = unique("slow");
        endpoint(c, "throttled", base + "/throttled", throttledTopic, "pagination", "page_number");
        endpoint(c, "flaky", base + "/flaky", flakyTopic, "pagination", "page_number", "poll.interval.ms", "1000");
        endpoint(c, "limited", base + "/limited", limitedTopic, "pagination", "page_number",
                "pagination.page.size", "10", "max.requests.per.second", "5");
        endpoint(c, "slow", base + "/slow", slowTopic, "pagination", "page_number", "poll.interval.ms", "1000");
        c.put("max.retries", "1");
        c.put("http.request.timeout.ms", "500");
        connect.configure(name, c);
        connect.awaitRunning(name, 1);
        assertEachOnce(awaitIds(connect, throttledTopic, 50), 50, "after a 429");
        assertEachOnce(awaitIds(connect, flakyTopic, 50), 50, "after an outage");
        assertEachOnce(awaitIds(connect, limitedTopic, 50), 50, "within the rate limit");
        assertEachOnce(awaitIds(connect, slowTopic, 50), 50, "after requests that timed out");

        List<Request> throttledRequests = requestsTo(path + "/throttled");
        long wait = throttledRequests.get(2).receivedAtMs() - throttledRequests.get(1).receivedAtMs();
        assertTrue(wait >= 1900, "Retry-After: 2 held the retry " + wait + " ms");
        List<Request> limited = requestsTo(path + "/limited");
        assertEquals(6, limited.size(), "five full pages, then an empty one ends the pass");
        // Spaced 200 ms apart as they leave the client; the server sees them a connection set-up earlier or later.
        for (int i = 1; i < limited.size(); i++) {
            long gap = limited.get(i).receivedAtMs() - limited.get(i - 1).receivedAtMs();
            assertTrue(gap >= 150, "5 requests per second: " + gap + " ms between page " + i + " and " + (i + 1));
        }
        long span = limited.get(5).receivedAtMs() - limited.get(0).receivedAtMs();
        assertTrue(span >= 950, "6 requests at 5 per second span a second at least: " + span + " ms");
        assertTrue(requestsTo(path + "/flaky").size() >= 4, "retried, then asked again at the next poll");
        assertTrue(requestsTo(path + "/slow").size() >= 3, "timed out, retried, then asked again at the next poll");
        connect.delete(name);
    }

    /** Validate names each endpoint's key that is wrong, and the fix. */
    @Test
    void validateNamesTheEndpointKeyAndTheFix() {
        Map<String, String> c = config(1);
        endpoint(c, "prices", "https://api.example.com/prices?since=${offset}", "prices", "pagination", "cursor");
        endpoint(c, "stores", "ftp://api.example.com/stores", "stores", "records.pointer", "data/items");
        endpoint(c, "orders", "https://api.example.com/orders", "orders", "body", "{\"q\":1}",
                "pagination.limit", "50");
        ConfigInfos infos = connect.validate(HttpSourceConnector.class.getName(), c);
        assertError(infos, "http.endpoint.stores.url", "http:// or https://");
        assertError(infos, "http.endpoint.stores.records.pointer", "is not a JSON pointer");
        c.put("http.endpoint.stores.url", "https://api.example.com/stores");
        c.put("http.endpoint.stores.records.pointer", "/data/items");
        infos = connect.validate(HttpSourceConnector.class.getName(), c);
        assertError(infos, "http.endpoint.prices.pagination.cursor.pointer", "/meta/next_cursor");
        assertError(infos, "http.endpoint.prices.offset.pointer", "${offset} but nothing fills it");
        assertError(infos, "http.endpoint.orders.body", "method=POST");
        assertError(infos, "http.endpoint.orders.pagination.limit", "pagination=offset_limit");
        c.put("http.endpoints", "prices,prices");
        assertError(connect.validate(HttpSourceConnector.class.getName(), c), "http.endpoints", "named twice");
        c.put("http.endpoints", "prices");
        c.remove("http.endpoint.prices.topic");
        assertError(connect.validate(HttpSourceConnector.class.getName(), c), "http.endpoint.prices.topic",
                "Missing required");
    }
}
