package io.tributary.connect.jdbc.sink;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlushPolicyTest {
    private static final long NOW = 1_800_000_000_000L;
    /** batch.size 3000, batch.max.wait.ms 1000, max.poll.records 2000. */
    private final FlushPolicy policy = new FlushPolicy(3000, 1000, 2000);

    private static List<SinkRecord> poll(int count, Long timestamp) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new SinkRecord("t", 0, null, null, null, "v", i, timestamp,
                    timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME));
        }
        return records;
    }

    @Test
    void aFullBatchOrAnOldRowIsWrittenWhateverThePoll() {
        assertTrue(policy.writeNow(3000, 0, poll(2000, NOW - 60_000), NOW));
        assertTrue(policy.writeNow(10, 1000, poll(2000, NOW - 60_000), NOW));
        assertFalse(policy.writeNow(2999, 999, poll(2000, NOW - 60_000), NOW), "a full poll: the consumer is behind");
    }

    @Test
    void aShortPollOfFreshRecordsMeansCaughtUp() {
        assertTrue(policy.writeNow(1500, 0, poll(1500, NOW - 5), NOW), "records written a moment ago: at the head");
        assertTrue(policy.writeNow(100, 0, poll(100, NOW - 60_000), NOW), "a small poll: at the head, however old");
        assertTrue(policy.writeNow(0, 0, poll(0, null), NOW), "an empty poll: nothing more to read");
        assertTrue(policy.writeNow(1500, 0, poll(1500, null), NOW), "no timestamps: do not hold rows back");
    }

    @Test
    void aSizableShortPollOfOldRecordsIsABacklogReadFetchByFetch() {
        assertFalse(policy.writeNow(1500, 10, poll(1500, NOW - 60_000), NOW));
        assertFalse(policy.writeNow(500, 10, poll(500, NOW - 1000), NOW), "a quarter of max.poll.records, a second old");
        assertTrue(policy.writeNow(499, 10, poll(499, NOW - 60_000), NOW), "under a quarter");
    }

    @Test
    void theNextPollReturnsWhenTheOldestRowIsDue() {
        assertEquals(1000, policy.pollTimeoutMs(0));
        assertEquals(250, policy.pollTimeoutMs(750));
        assertEquals(1, policy.pollTimeoutMs(5000), "overdue: at once");
        FlushPolicy everyPut = new FlushPolicy(3000, 0, 500);
        assertTrue(everyPut.writeNow(1, 0, poll(500, NOW - 60_000), NOW), "batch.max.wait.ms=0 writes on every put");
    }
}
