package io.tributary.connect.jdbc.sink;

import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Collection;

/**
 * When buffered rows are written: once a batch is full, once the oldest row has waited
 * {@code batch.max.wait.ms}, and at once when the consumer has caught up, since waiting would then
 * only add latency. A poll that came back short of {@code max.poll.records} usually means caught
 * up; but a consumer reading a backlog gets short polls too, each time a fetch (sized in bytes)
 * runs out. So a poll of at least a quarter of {@code max.poll.records} whose newest record is
 * older than {@code batch.max.wait.ms} counts as a backlog, and its rows wait for a full batch:
 * fewer, larger transactions while catching up, which cost the database less per row.
 */
public final class FlushPolicy {
    private final int batchSize;
    private final long maxWaitMs;
    private final int maxPollRecords;

    public FlushPolicy(int batchSize, long maxWaitMs, int maxPollRecords) {
        this.batchSize = batchSize;
        this.maxWaitMs = maxWaitMs;
        this.maxPollRecords = maxPollRecords;
    }

    /** Whether to write now, after a put that brought {@code records} and left {@code buffered} rows. */
    public boolean writeNow(int buffered, long oldestAgeMs, Collection<SinkRecord> records, long nowMs) {
        return buffered >= batchSize || oldestAgeMs >= maxWaitMs || caughtUp(records, nowMs);
    }

    /** Whether the poll behind this put found the consumer at the end of its partitions. */
    boolean caughtUp(Collection<SinkRecord> records, long nowMs) {
        if (records.size() >= maxPollRecords) {
            return false;
        }
        if ((long) records.size() * 4 < maxPollRecords) {
            return true;
        }
        long newest = Long.MIN_VALUE;
        for (SinkRecord r : records) {
            if (r.timestamp() == null) {
                return true; // no time to judge by: do not hold rows back
            }
            newest = Math.max(newest, r.timestamp());
        }
        return nowMs - newest < maxWaitMs;
    }

    /**
     * How long the worker's next poll may block while rows wait for a fuller batch: the oldest
     * row is then due, and the worker calls put (empty if nothing came) in time to write it.
     */
    public long pollTimeoutMs(long oldestAgeMs) {
        return Math.max(1, maxWaitMs - oldestAgeMs);
    }
}
