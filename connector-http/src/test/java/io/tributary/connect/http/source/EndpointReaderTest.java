package io.tributary.connect.http.source;

import io.tributary.connect.http.HttpSourceConfig;
import io.tributary.connect.http.client.HttpClientSettings;
import io.tributary.connect.http.client.HttpExchange;
import io.tributary.connect.http.client.HttpTransport;
import io.tributary.connect.http.client.OutgoingRequest;
import io.tributary.connect.http.client.ResponseReading;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.LoopbackHttpServer.Response;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An endpoint reader against a loopback server, without a worker: positions, offsets, repeats, problems. */
class EndpointReaderTest {
    private LoopbackHttpServer server;
    private HttpTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackHttpServer();
        transport = new HttpTransport(settings());
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        server.close();
    }

    private static HttpClientSettings settings() {
        Map<String, String> props = new HashMap<>();
        props.put("http.endpoints", "e");
        props.put("http.endpoint.e.url", "http://127.0.0.1/x");
        props.put("http.endpoint.e.topic", "t");
        return new HttpSourceConfig(props).client();
    }

    private EndpointReader reader(EndpointPosition start, String... keys) {
        Map<String, String> props = new HashMap<>();
        props.put("http.endpoints", "e");
        props.put("http.endpoint.e.topic", "prices");
        props.put("http.endpoint.e.records.pointer", "/items");
        props.put("http.endpoint.e.key.pointer", "/id");
        for (int i = 0; i < keys.length; i += 2) {
            props.put("http.endpoint.e." + keys[i], keys[i + 1]);
        }
        HttpSourceConfig config = new HttpSourceConfig(props);
        return new EndpointReader(config.endpoint("e"), start, 1_000_000);
    }

    /** Sends the reader's next request and hands it the answer. */
    private EndpointReader.Result step(EndpointReader reader, long now) throws Exception {
        assertTrue(reader.due(now), "due at " + now + ", not " + reader.dueAtMs());
        OutgoingRequest request = reader.request(now);
        HttpExchange exchange = transport.send(request, new ResponseReading(1_000_000, true, true));
        return reader.answered(request, exchange, now);
    }

    @Test
    void aPassCarriesTheNextPageInItsOffsetsAndTheLastPageEndsIt() throws Exception {
        server.behave(new FeedBehaviour(25, 10));
        EndpointReader reader = reader(EndpointPosition.START, "url", server.baseUrl() + "/cursor", "pagination", "cursor",
                "pagination.cursor.pointer", "/meta/next", "poll.interval.ms", "60000");
        EndpointReader.Result first = step(reader, 1000);
        assertEquals(10, first.records().size());
        SourceRecord last = first.records().get(9);
        assertEquals(Map.of("endpoint", "e"), last.sourcePartition());
        assertTrue(String.valueOf(last.sourceOffset().get("next_page")).endsWith("/cursor?cursor=c10"), last.sourceOffset().toString());
        assertNull(first.records().get(0).sourceOffset().get("next_page"), "earlier records keep the position before the page");
        assertTrue(reader.due(1000), "the next page at once");
        step(reader, 1000);
        EndpointReader.Result third = step(reader, 1000);
        assertEquals(5, third.records().size());
        assertFalse(third.after().inPass(), "a null cursor ends the pass");
        assertFalse(reader.due(1000 + 59_999));
        assertTrue(reader.due(1000 + 60_000), "the next pass one poll interval after this one began");
    }

    @Test
    void aRestartedReaderGoesOnWithTheNextPageOfItsPass() throws Exception {
        server.behave(new FeedBehaviour(25, 10));
        EndpointReader reader = reader(new EndpointPosition(null, server.baseUrl() + "/cursor?cursor=c20", null),
                "url", server.baseUrl() + "/cursor", "pagination", "cursor", "pagination.cursor.pointer", "/meta/next");
        EndpointReader.Result result = step(reader, 1000);
        assertEquals(List.of(21L, 22L, 23L, 24L, 25L), ids(result));
        assertFalse(result.after().inPass());
        assertFalse(reader.due(1000 + 59_999), "the next pass an interval after the restarted one went on");
    }

    @Test
    void theLargestOffsetGoesIntoTheNextPassAndRepeatsAreDropped() throws Exception {
        server.behave(new FeedBehaviour(30, 10));
        EndpointReader reader = reader(EndpointPosition.START, "url", server.baseUrl() + "/since?since=${offset}&limit=10&inclusive=true",
                "offset.pointer", "/id", "offset.initial", "0", "poll.interval.ms", "0");
        assertEquals(10, step(reader, 0).records().size());
        EndpointReader.Result second = step(reader, 1000);
        assertEquals("19", second.after().offset(), "ids compared as numbers: 9 < 10 < 19");
        assertEquals(1, second.duplicates(), "id 10 came again (inclusive since) and is dropped");
        assertEquals(9, second.records().size());
        assertTrue(server.requests().get(1).path().contains("since=10&"), server.requests().get(1).path());
    }

    @Test
    void badAnswersAreProblemsAndKeepThePosition() throws Exception {
        EndpointReader reader = reader(EndpointPosition.START, "url", server.baseUrl() + "/x", "poll.interval.ms", "5000");
        server.respondNext(Response.ok("<html>not json</html>"));
        EndpointReader.Result notJson = step(reader, 0);
        assertEquals(EndpointReader.Problem.NOT_JSON, notJson.problems().get(0).reason());
        assertEquals(EndpointPosition.START, notJson.after());
        assertFalse(reader.due(4999));
        server.respondNext(Response.ok("{\"data\":[]}"));
        EndpointReader.Result noRecords = step(reader, 5000);
        assertEquals(EndpointReader.Problem.NO_RECORDS, noRecords.problems().get(0).reason());
        assertTrue(noRecords.problems().get(0).message().contains("'/items' matches nothing"), noRecords.problems().get(0).message());
    }

    @Test
    void aCursorThatRepeatsEndsThePassAsAProblem() throws Exception {
        server.respondNext(Response.ok("{\"items\":[{\"id\":1}],\"next\":\"same\"}"));
        server.respondNext(Response.ok("{\"items\":[{\"id\":2}],\"next\":\"same\"}"));
        EndpointReader reader = reader(EndpointPosition.START, "url", server.baseUrl() + "/loop", "pagination", "cursor",
                "pagination.cursor.pointer", "/next");
        assertTrue(step(reader, 0).problems().isEmpty());
        EndpointReader.Result again = step(reader, 0);
        assertEquals(EndpointReader.Problem.PAGING, again.problems().get(0).reason());
        assertFalse(again.after().inPass(), "the pass ends");
        assertEquals(1, again.records().size(), "the page's records still count");
    }

    /** A broker refuses records stamped over an hour ahead: such a time gives way to the arrival time. */
    @Test
    void aTimestampFarAheadGivesWayToTheArrivalTime() throws Exception {
        long now = System.currentTimeMillis();
        server.respondNext(Response.ok("{\"items\":[{\"id\":1,\"at\":" + (now - 5_000) + "},{\"id\":2,\"at\":"
                + (now + 7_200_000) + "}]}"));
        EndpointReader reader = reader(EndpointPosition.START, "url", server.baseUrl() + "/x", "timestamp.pointer", "/at");
        List<SourceRecord> records = step(reader, now).records();
        assertEquals(now - 5_000, records.get(0).timestamp());
        assertEquals(now, records.get(1).timestamp(), "two hours ahead: the arrival time");
    }

    private static List<Long> ids(EndpointReader.Result result) {
        List<Long> ids = new ArrayList<>();
        for (SourceRecord r : result.records()) {
            ids.add((Long) r.key());
        }
        return ids;
    }

    /** The feed of the integration tests, in this package. */
    private static final class FeedBehaviour implements LoopbackHttpServer.Behaviour {
        private final int records;
        private final int pageSize;

        FeedBehaviour(int records, int pageSize) {
            this.records = records;
            this.pageSize = pageSize;
        }

        @Override
        public Response answer(LoopbackHttpServer.Request request, int n) {
            java.net.URI uri = java.net.URI.create(request.path());
            Map<String, String> q = new HashMap<>();
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    q.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            }
            int from;
            int to;
            String tail = "";
            if (uri.getPath().startsWith("/cursor")) {
                from = Integer.parseInt(q.getOrDefault("cursor", "c0").substring(1));
                to = Math.min(records, from + pageSize);
                tail = ",\"meta\":{\"next\":" + (to < records ? "\"c" + to + "\"" : "null") + "}";
            } else {
                long since = Long.parseLong(q.getOrDefault("since", "0"));
                from = (int) (Boolean.parseBoolean(q.get("inclusive")) ? Math.max(0, since - 1) : since);
                to = Math.min(records, from + Integer.parseInt(q.getOrDefault("limit", "10")));
            }
            StringBuilder items = new StringBuilder("[");
            for (int id = from + 1; id <= to; id++) {
                items.append(id > from + 1 ? "," : "").append("{\"id\":").append(id).append("}");
            }
            return Response.ok("{\"items\":" + items + "]" + tail + "}");
        }
    }
}
