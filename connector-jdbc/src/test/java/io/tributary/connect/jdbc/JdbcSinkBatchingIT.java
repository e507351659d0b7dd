package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.awaitTaskMetric;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.taskMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the sink batches a backlog, through a worker whose offset commits (which also write what is
 * buffered) come only every two minutes, so that they cannot hide when rows are written.
 */
class JdbcSinkBatchingIT {
    private static final long HOUR_AGO = System.currentTimeMillis() - 3_600_000L;

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(1)
            .workerProp("offset.flush.interval.ms", "120000").build();

    private final Database db = Database.postgres();

    /**
     * Fills a one-partition topic with a backlog of records an hour old, then starts a one-task sink on
     * it with max.poll.records 1000 and these batching settings; returns the topic (and table).
     */
    private String sinkOnBacklog(String prefix, int records, Map<String, String> batching) {
        String topic = Services.uniqueName(prefix);
        connect.createTopic(topic, 1);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (int i = 0; i < records; i++) {
                p.sendAt(HOUR_AGO + i, topic, 0, null, null, ORDER, order(i, "store-" + (i % 7), i % 10, "note " + i));
            }
        }
        Map<String, String> c = sinkConfig(db, topic, 1);
        c.put("consumer.override.max.poll.records", "1000");
        c.putAll(batching);
        connect.configure(topic, c);
        return topic;
    }

    /** The number of transactions that wrote the table's rows (rows written together share their xmin). */
    private long transactions(String table) {
        return ((Number) db.query("SELECT count(DISTINCT xmin::text) AS n FROM \"" + table + "\"").get(0).get("n")).longValue();
    }

    /**
     * Fetches of 192 KiB hand the task polls of about 550 records (of some 340 bytes), short of max.poll.records,
     * while the backlog is far from read: they are written as full batches, not a transaction per poll.
     */
    @Test
    void aBacklogReadFetchByFetchIsWrittenInFullBatches() {
        int n = 6000;
        // batch.max.wait.ms: long enough for the whole backlog to be read (well under a second here), so that
        // no batch is cut short by age; the last rows wait that long for a batch that never fills.
        String topic = sinkOnBacklog("pg_backlog", n, Map.of("batch.size", "2000", "batch.max.wait.ms", "5000",
                "consumer.override.max.partition.fetch.bytes", "196608"));
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", n, Duration.ofSeconds(60));
        long transactions = transactions(topic);
        // 6000 rows in batches of 2000 or more, and the last poll's rows: at most 4. One transaction per
        // poll would be 11 or more.
        assertTrue(transactions <= 4, n + " rows were written in " + transactions + " transactions");
        awaitTaskMetric(topic, 0, "rows-written", n);
        assertEquals(transactions, taskMetric(topic, 0, "transactions"), "the task's transactions metric");
    }

    /**
     * A poll of max.poll.records old records leaves rows waiting for a fuller batch, and then nothing
     * more comes: they are written once batch.max.wait.ms has passed, not at the next offset commit.
     */
    @Test
    void rowsWaitingForAFullerBatchLandByBatchMaxWaitWhenNothingMoreComes() {
        int n = 1000;
        String topic = sinkOnBacklog("pg_tail", n, Map.of("batch.size", "5000", "batch.max.wait.ms", "4000"));
        connect.awaitRunning(topic, 1);
        long started = System.nanoTime();
        // While they wait, the task's metrics show them held.
        long held = Await.value(Duration.ofSeconds(60), "rows held for a fuller batch",
                () -> taskMetric(topic, 0, "rows-buffered"), rows -> rows > 0);
        assertTrue(held <= n, held + " rows buffered");
        db.awaitCount("SELECT count(*) FROM \"" + topic + "\"", n, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 30, "the rows took " + seconds + " s; the worker's next offset commit is 120 s away");
    }
}
