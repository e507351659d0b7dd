package io.tributary.connect.http.sink;

/** Something a partition holds in offset order until it is finished: a batch, or a record already dealt with. */
interface LaneItem {
    boolean done();

    long lastOffset();

    /** A record finished when it arrived: a skipped tombstone, or one already reported as bad. */
    static LaneItem finished(long offset) {
        return new LaneItem() {
            @Override
            public boolean done() {
                return true;
            }

            @Override
            public long lastOffset() {
                return offset;
            }
        };
    }
}
