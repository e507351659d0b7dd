package io.tributary.connect.http.source;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identities of the last records an endpoint handed over, at most {@code capacity}, oldest forgotten first,
 * so a record that a page repeats (an inclusive 'since', pages that shift while read) is dropped.
 */
final class RecentRecords {
    private final int capacity;
    private final Map<Object, Boolean> seen;

    RecentRecords(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                return size() > RecentRecords.this.capacity;
            }
        };
    }

    /** True the first time {@code identity} (a key and offset, or a digest) is met within the window; always true with a window of 0. */
    boolean firstSighting(Object identity) {
        return seen.put(identity, Boolean.TRUE) == null;
    }
}
