package io.tributary.connect.http;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.source.EndpointPosition;
import io.tributary.connect.http.source.HttpSourceMetrics;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSourceTestSupport.TIMEOUT;
import static io.tributary.connect.http.HttpSourceTestSupport.assertEachOnce;
import static io.tributary.connect.http.HttpSourceTestSupport.awaitIds;
import static io.tributary.connect.http.HttpSourceTestSupport.config;
import static io.tributary.connect.http.HttpSourceTestSupport.endpoint;
import static io.tributary.connect.http.HttpSourceTestSupport.header;
import static io.tributary.connect.http.HttpSourceTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP source through a real 2-worker cluster against a loopback feed: every paging style with endpoints
 * spread over two tasks, offsets kept across a restart, a worker leaving and a seek through the REST API.
 */
class HttpSourceIT {
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

    private static String topic(String name) {
        String topic = unique(name);
        connect.createTopic(topic, 1);
        return topic;
    }

    private static long taskMetric(String connector, int task, String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(TaskMetrics.objectName(
                    HttpSourceMetrics.TYPE, connector, Integer.toString(task)), attribute)).longValue();
        } catch (javax.management.JMException e) {
            throw new AssertionError("No metric " + attribute + " of " + connector + " task " + task + ": " + e, e);
        }
    }

    /**
     * Five endpoints, one per paging style, each ending its pages by its own rule, over two tasks: each
     * endpoint's records arrive once each (an endpoint read by two tasks would repeat them), both tasks read,
     * and records carry key, timestamp and the endpoint, URL and status headers.
     */
    @Test
    void everyPagingStyleOverTwoTasksDeliversEachRecordOnce() {
        int n = 95;
        SourceFeed feed = new SourceFeed(server.baseUrl(), n, 10);
        String name = unique("paging");
        server.behave((r, i) -> r.path().contains("/" + name) ? feed.answer(r, i) : Response.status(404));
        String base = server.baseUrl();
        Map<String, String> c = config(2);
        String offsetTopic = topic("offset");
        String pageTopic = topic("page");
        String cursorTopic = topic("cursor");
        String nextTopic = topic("next");
        String linkTopic = topic("link");
        String overlapTopic = topic("overlap");
        endpoint(c, "by_offset", base + "/offset/" + name, offsetTopic, "pagination", "offset_limit",
                "pagination.limit", "10", "timestamp.pointer", "/updated");
        endpoint(c, "by_page", base + "/page/" + name, pageTopic, "pagination", "page_number", "value.format", "inferred",
                "record.headers", "sku=/sku,missing=/nothing");
        // An API whose "since" is inclusive: each pass repeats the last record; the de-duplication window drops it.
        endpoint(c, "overlap", base + "/since/" + name + "?since=${offset}&limit=10&inclusive=true", overlapTopic,
                "offset.pointer", "/id", "offset.initial", "0", "poll.interval.ms", "100");
        endpoint(c, "by_cursor", base + "/cursor/" + name, cursorTopic, "pagination", "cursor",
                "pagination.cursor.pointer", "/meta/next");
        endpoint(c, "by_next", base + "/next/" + name + "?from=0", nextTopic, "pagination", "next_url",
                "pagination.next.url.pointer", "/links/next");
        endpoint(c, "by_link", base + "/link/" + name, linkTopic, "pagination", "link_header", "records.pointer", "");
        connect.configure(name, c);
        connect.awaitRunning(name, 2);
        try {
            for (String topic : List.of(offsetTopic, pageTopic, cursorTopic, nextTopic, linkTopic)) {
                awaitIds(connect, topic, n);
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; error topic: " + HttpSourceTestSupport.problems(connect,
                    name + ".errors"), e);
        }
        for (String topic : List.of(offsetTopic, pageTopic, cursorTopic, nextTopic, linkTopic)) {
            assertEachOnce(ids(connect, topic), n, topic);
        }
        awaitIds(connect, overlapTopic, n);
        Await.until(TIMEOUT, "passes past the last record of overlap", () -> server.requests().stream()
                .filter(r -> r.path().contains("/" + name + "?since=" + n + "&")).count() >= 3);
        assertEachOnce(ids(connect, overlapTopic), n, "overlapping passes, repeats dropped");
        ConsumerRecord<byte[], byte[]> paged = connect.records(pageTopic).get(0);
        assertEquals("SKU-1", header(paged, "sku"), "a header from /sku");
        assertEquals(null, header(paged, "missing"), "no header where the pointer finds nothing");
        ConsumerRecord<byte[], byte[]> first = connect.records(offsetTopic).get(0);
        assertEquals("1", new String(first.key()), "key from /id");
        assertEquals(1_790_000_001_000L, first.timestamp(), "timestamp from /updated");
        assertEquals("by_offset", header(first, "tributary.http.endpoint"));
        assertEquals("200", header(first, "tributary.http.status"));
        assertTrue(header(first, "tributary.http.url").endsWith("/offset/" + name + "?offset=0&limit=10"),
                header(first, "tributary.http.url"));
        assertTrue(taskMetric(name, 0, "pages") > 0 && taskMetric(name, 1, "pages") > 0, "both tasks read endpoints");
        long pagingRequests = server.requests().stream()
                .filter(r -> r.path().contains("/" + name) && !r.path().startsWith("/since/")).count();
        assertEquals(10 + 11 + 10 + 10 + 10, pagingRequests,
                "each page asked for once: page_number ends at an empty page, offset_limit at a short one");
        assertTrue(taskMetric(name, 0, "records-duplicate") + taskMetric(name, 1, "records-duplicate") >= 3,
                "the overlap's repeats counted");
        connect.delete(name);
    }

    /**
     * An endpoint read by ${offset}: a restart goes on from the last id, a worker leaving moves the task and it
     * goes on from the last id committed, and an offset written through PATCH /offsets is checked and followed.
     */
    @Test
    void offsetsSurviveARestartAndAWorkerLeavingAndCanBeMovedThroughRest() {
        SourceFeed feed = new SourceFeed(server.baseUrl(), 50, 10);
        String name = unique("since");
        server.behave((r, i) -> r.path().contains("/" + name) ? feed.answer(r, i) : Response.status(404));
        String topic = topic("since");
        Map<String, String> c = config(1);
        endpoint(c, "prices", server.baseUrl() + "/since/" + name + "?since=${offset}&limit=20", topic,
                "offset.pointer", "/id", "offset.initial", "0", "poll.interval.ms", "300");
        connect.configure(name, c);
        connect.awaitRunning(name, 1);
        assertEachOnce(awaitIds(connect, topic, 50), 50, "first read");

        long restartedAt = System.currentTimeMillis();
        connect.cluster().restartConnectorAndTasks(name, false, true, false);
        connect.awaitRunning(name, 1);
        feed.add(30);
        assertEachOnce(awaitIds(connect, topic, 80), 80, "after a restart");
        String firstAfterRestart = requestsSince(name, restartedAt).get(0);
        assertTrue(firstAfterRestart.contains("since=50") || firstAfterRestart.contains("since=" + 60)
                || firstAfterRestart.contains("since=70"), "went on from the offset: " + firstAfterRestart);

        // The offset is committed every few seconds (offset.flush.interval.ms); give it one round before the worker goes.
        Await.until(TIMEOUT, "offset 80 committed", () -> "80".equals(storedOffset(name)));
        long removedAt = System.currentTimeMillis();
        connect.removeWorkerRunning(name);
        feed.add(20);
        connect.cluster().addWorker();
        connect.awaitRunning(name, 1);
        assertEachOnce(awaitIds(connect, topic, 100), 100, "after the worker left");
        assertTrue(requestsSince(name, removedAt).stream().noneMatch(p -> p.contains("since=0&")),
                "never read from the start again");

        connect.cluster().stopConnector(name);
        Await.until(TIMEOUT, name + " stopped", () -> "STOPPED".equals(connect.status(name).connector().state()));
        Map<String, Object> partition = Map.of(EndpointPosition.PARTITION_ENDPOINT, "prices");
        ConnectRestException unknown = assertThrows(ConnectRestException.class, () -> connect.cluster()
                .alterConnectorOffsets(name, new ConnectorOffsets(List.of(new ConnectorOffset(
                        Map.of(EndpointPosition.PARTITION_ENDPOINT, "stores"), Map.of("offset", "1"))))));
        assertTrue(unknown.getMessage().contains("No endpoint 'stores'"), unknown.getMessage());
        ConnectRestException badPage = assertThrows(ConnectRestException.class, () -> connect.cluster()
                .alterConnectorOffsets(name, new ConnectorOffsets(List.of(new ConnectorOffset(partition,
                        Map.of("offset", "1", "next_page", "not a url", "pass_offset", "1"))))));
        assertTrue(badPage.getMessage().contains("next_page"), badPage.getMessage());
        connect.cluster().alterConnectorOffsets(name, new ConnectorOffsets(List.of(new ConnectorOffset(partition,
                Map.of("offset", "90")))));
        connect.cluster().resumeConnector(name);
        connect.awaitRunning(name, 1);
        List<Long> ids = awaitIds(connect, topic, 110);
        assertEquals(110, ids.size(), "ids 91 to 100 read again after the seek to 90");
        assertEquals(List.of(91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L), ids.subList(100, 110));
        connect.delete(name);
    }

    private static List<String> requestsSince(String name, long sinceMs) {
        return server.requests().stream().filter(r -> r.path().contains("/" + name) && r.receivedAtMs() >= sinceMs)
                .map(LoopbackHttpServer.Request::path).toList();
    }

    private static String storedOffset(String name) {
        for (ConnectorOffset o : connect.cluster().connectorOffsets(name).offsets()) {
            if ("prices".equals(o.partition().get(EndpointPosition.PARTITION_ENDPOINT))) {
                return String.valueOf(o.offset().get(EndpointPosition.OFFSET));
            }
        }
        return null;
    }
}
