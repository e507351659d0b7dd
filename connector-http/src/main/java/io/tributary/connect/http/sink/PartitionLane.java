package io.tributary.connect.http.sink;

import io.tributary.connect.common.flow.OffsetLedger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One partition's records on their way out: the batch being filled, closed batches waiting, at most one
 * request open (so requests of a partition never overtake each other), and every item in offset order
 * so that only offsets of finished items become committable. The task thread adds; request threads
 * finish; every method holds the lane's lock.
 */
final class PartitionLane {
    final TopicPartition partition;
    private final OffsetLedger items = new OffsetLedger();
    private final Deque<Batch> waiting = new ArrayDeque<>();
    private Batch open;
    private Batch inFlight;
    private int buffered;
    private boolean paused;
    private boolean dropped;

    PartitionLane(TopicPartition partition) {
        this.partition = partition;
    }

    /** Adds a record to the open batch, closing it first when the record cannot join. */
    synchronized void add(SinkRecord record, RenderedRecord rendered, long offset, long nowMs, int maxRecords,
                          int maxBytes, BodyAssembler body) {
        if (open != null && !open.accepts(rendered, maxRecords, maxBytes, body)) {
            closeOpen();
        }
        if (open == null) {
            open = new Batch(rendered, nowMs);
            items.add(open);
        }
        open.add(record, rendered, offset);
        buffered++;
        if (open.size() >= maxRecords || rendered.delete()) {
            closeOpen();
        }
    }

    /** A record dealt with on arrival (skipped, or reported): it closes the open batch to keep order. */
    synchronized void finished(long offset) {
        closeOpen();
        items.addFinished(offset);
    }

    /** Closes the open batch when it has waited {@code lingerMs}; returns its deadline otherwise, or -1. */
    synchronized long closeIfLingered(long nowMs, long lingerMs) {
        if (open == null) {
            return -1;
        }
        long due = open.createdMs + lingerMs;
        if (nowMs >= due) {
            closeOpen();
            return -1;
        }
        return due;
    }

    private void closeOpen() {
        if (open != null) {
            waiting.add(open);
            open = null;
        }
    }

    /** The next batch to send, when none of this partition is open; null otherwise. */
    synchronized Batch startNext() {
        if (dropped || inFlight != null || waiting.isEmpty()) {
            return null;
        }
        inFlight = waiting.poll();
        return inFlight;
    }

    /** The open request ended; its batch is done unless {@code delivered} is false (it awaits reporting). */
    synchronized boolean requestEnded(Batch batch, boolean delivered) {
        if (inFlight == batch) {
            inFlight = null;
        }
        if (delivered) {
            complete(batch);
        }
        return !dropped;
    }

    /** The batch's records were delivered or reported. */
    synchronized void complete(Batch batch) {
        batch.markDone();
        buffered -= batch.size();
    }

    /** The offset after the last record that, with all before it, is finished; -1 when none is. */
    synchronized long committableOffset() {
        return items.committableOffset();
    }

    synchronized int buffered() {
        return buffered;
    }

    /** True when records are waiting, being sent, or being filled. */
    synchronized boolean busy() {
        return open != null || inFlight != null || !waiting.isEmpty();
    }

    synchronized boolean hasOpenRequest() {
        return inFlight != null;
    }

    /** Pauses when {@code max} records are held; true when this call changed the state to paused. */
    synchronized boolean pauseIfFull(int max) {
        if (!paused && buffered >= max) {
            paused = true;
            return true;
        }
        return false;
    }

    /** Resumes once half of {@code max} is free; true when this call changed the state to running. */
    synchronized boolean resumeIfDrained(int max) {
        if (paused && buffered <= max / 2) {
            paused = false;
            return true;
        }
        return false;
    }

    synchronized boolean paused() {
        return paused;
    }

    /** The partition left this task: nothing more is sent; what was not committed is delivered again elsewhere. */
    synchronized void drop() {
        dropped = true;
        waiting.clear();
        open = null;
    }
}
