package io.tributary.connect.common.flow;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One partition's records in offset order until each is finished (delivered, reported or skipped), for a sink
 * that finishes them out of order: the committable offset is the one after the longest finished run from the
 * start, so a crash re-sends what was not finished and never skips it. Not thread-safe: the owner holds its
 * own lock around it.
 */
public final class OffsetLedger {
    /** Something held until it is finished: one record, or a batch of consecutive ones. */
    public interface Entry {
        boolean done();

        /** The offset of the last record the entry covers. */
        long lastOffset();
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long committable = -1;

    public void add(Entry entry) {
        entries.add(entry);
    }

    /** Records an offset finished on arrival: a skipped tombstone, or a record already reported as bad. */
    public void addFinished(long offset) {
        entries.add(new Finished(offset));
    }

    /** The offset after the last record that, with all before it, is finished; -1 when none is. */
    public long committableOffset() {
        while (!entries.isEmpty() && entries.peek().done()) {
            committable = entries.poll().lastOffset() + 1;
        }
        return committable;
    }

    /** True while some entry is not finished. */
    public boolean pending() {
        committableOffset();
        return !entries.isEmpty();
    }

    private record Finished(long lastOffset) implements Entry {
        @Override
        public boolean done() {
            return true;
        }
    }
}
