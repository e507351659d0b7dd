package io.tributary.connect.http.sink;

import io.tributary.connect.common.flow.OffsetLedger;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Records of one partition, in offset order, that go in one request: same URL, same headers. It is
 * done once the endpoint took it or its records were handed to error handling.
 */
final class Batch implements OffsetLedger.Entry {
    final RenderedRecord first;
    final long createdMs;
    final List<SinkRecord> records = new ArrayList<>();
    final List<byte[]> parts = new ArrayList<>();
    long firstOffset = -1;
    long lastOffset = -1;
    int partBytes;
    private boolean done;

    Batch(RenderedRecord first, long createdMs) {
        this.first = first;
        this.createdMs = createdMs;
    }

    /** True when {@code next} may join without breaking a limit. */
    boolean accepts(RenderedRecord next, int maxRecords, int maxBytes, BodyAssembler body) {
        return records.size() < maxRecords && first.sameRequestAs(next)
                && body.size(records.size() + 1, partBytes + next.json().length) <= maxBytes;
    }

    void add(SinkRecord record, RenderedRecord rendered, long offset) {
        records.add(record);
        parts.add(rendered.json());
        partBytes += rendered.json() == null ? 0 : rendered.json().length;
        if (firstOffset < 0) {
            firstOffset = offset;
        }
        lastOffset = offset;
    }

    int size() {
        return records.size();
    }

    void markDone() {
        done = true;
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public long lastOffset() {
        return lastOffset;
    }
}
