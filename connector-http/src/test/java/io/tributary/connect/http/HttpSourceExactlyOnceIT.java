package io.tributary.connect.http;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.LoopbackHttpServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.http.HttpSinkTestSupport.unique;
import static io.tributary.connect.http.HttpSourceTestSupport.TIMEOUT;
import static io.tributary.connect.http.HttpSourceTestSupport.assertEachOnce;
import static io.tributary.connect.http.HttpSourceTestSupport.config;
import static io.tributary.connect.http.HttpSourceTestSupport.endpoint;
import static io.tributary.connect.http.HttpSourceTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP source on workers with exactly-once source support: the worker running the task leaves in the middle
 * of a paged read; the task goes on elsewhere with the page after the last one committed, so the topic holds
 * every record once, in order, and the pass is not started over.
 */
class HttpSourceExactlyOnceIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2)
            .workerProp("exactly.once.source.support", "enabled")
            .brokerProp("transaction.state.log.replication.factor", "1")
            .brokerProp("transaction.state.log.min.isr", "1")
            .build();

    /** The ids of the committed records (read_committed: aborted transactions' records are not seen). */
    private static List<Long> committedIds(String topic) {
        try {
            List<Long> ids = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : connect.kafka().consumeAll(10_000, Map.of("isolation.level",
                    "read_committed"), null, topic)) {
                ids.add(json(r.value()).get("id").asLong());
            }
            return ids;
        } catch (Exception e) {
            return List.of(); // not created yet
        }
    }

    @Test
    void aWorkerLeavingInTheMiddleOfAPagedReadCostsNoRecordAndNoDuplicate() throws Exception {
        int records = 20_000;
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            SourceFeed feed = new SourceFeed(server.baseUrl(), records, 100);
            // A page every 15 ms or so: the read lasts long enough for the worker to leave in it.
            server.behave((r, n) -> feed.answer(r, n).after(15));
            String name = unique("eos");
            String topic = unique("eos");
            Map<String, String> c = config(1);
            endpoint(c, "prices", server.baseUrl() + "/cursor/" + name, topic, "pagination", "cursor",
                    "pagination.cursor.pointer", "/meta/next");
            c.put("exactly.once.support", "required");
            connect.configure(name, c);
            connect.awaitRunning(name, 1);
            // By end offsets, not by reading the topic (which takes long enough for the read to finish meanwhile).
            Await.until(TIMEOUT, "2,000 records written", () -> connect.endOffsets(topic) >= 2_000);
            long removedAt = System.currentTimeMillis();
            connect.removeWorkerRunning(name);
            long atRemoval = connect.endOffsets(topic);
            assertTrue(atRemoval < records, "the worker left in the middle of the read, at end offset " + atRemoval);
            connect.cluster().addWorker();
            connect.awaitRunning(name, 1);
            List<Long> ids = Await.value(TIMEOUT, records + " committed records", () -> committedIds(topic),
                    l -> l.size() >= records);
            assertEachOnce(ids, records, "exactly once");
            assertEquals(ids.stream().sorted().toList(), ids, "in page order");
            List<String> afterwards = server.requests().stream().filter(r -> r.receivedAtMs() > removedAt + 2_000)
                    .map(LoopbackHttpServer.Request::path).toList();
            assertTrue(!afterwards.isEmpty() && afterwards.stream().allMatch(p -> p.contains("cursor=c")),
                    "the moved task went on with a later page, never the first: " + afterwards.subList(0,
                            Math.min(3, afterwards.size())));
            connect.delete(name);
        }
    }
}
