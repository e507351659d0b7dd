package io.tributary.connect.common.flow;

/**
 * Counts the records a source task has handed to Connect that Kafka has not yet acknowledged
 * ({@code commitRecord}), so that the task can stop at a bound. Each such record is held on the heap
 * (by the producer's callbacks and Connect's offset tracking) until Kafka has it; the producer's
 * {@code buffer.memory} bounds their bytes, not their objects, which for small records are several
 * times larger.
 */
public final class UnacknowledgedRecords {
    private long handedOut;
    private long acknowledged;

    public synchronized void handedOut(int records) {
        handedOut += records;
    }

    /** Kafka has one record (or it was dropped on purpose, as a transform's filter does). */
    public synchronized void acknowledged() {
        acknowledged++;
        notifyAll();
    }

    public synchronized long count() {
        return handedOut - acknowledged;
    }

    /**
     * Waits until fewer than {@code bound} records are unacknowledged, at most {@code timeoutMs}; returns how
     * many more may be handed out (0 when the wait ran out).
     */
    public synchronized int awaitBelow(int bound, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (handedOut - acknowledged >= bound) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return 0;
            }
            wait(left);
        }
        return (int) (bound - (handedOut - acknowledged));
    }

    /** Wakes a task waiting in {@link #awaitBelow}, as when it is stopping. */
    public synchronized void wakeUp() {
        notifyAll();
    }
}
