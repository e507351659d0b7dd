package io.tributary.connect.jdbc.source;

import org.apache.kafka.connect.errors.ConnectException;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where reading a table (or a query) has got to, as Connect stores it per source partition: the
 * last incrementing value and the last timestamp read (epoch milliseconds and the nanoseconds of
 * that second, so microsecond timestamps resume exactly). Either is null when the mode has none.
 * In bulk mode, a pass read in key order has got to the primary key of its last row: each key
 * column's value (an integer or a string, as Connect offsets hold only such values) under
 * {@code key.<column>}; empty before a pass starts.
 */
public record TableOffset(Long incrementing, Instant timestamp, Map<String, Object> bulkKey) {
    public static final String INCREMENTING = "incrementing";
    public static final String TIMESTAMP = "timestamp";
    public static final String TIMESTAMP_NANOS = "timestamp.nanos";
    /** The prefix of a bulk pass's key columns. */
    public static final String KEY_PREFIX = "key.";
    public static final TableOffset START = new TableOffset(null, null);

    public TableOffset {
        bulkKey = bulkKey == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(bulkKey));
    }

    public TableOffset(Long incrementing, Instant timestamp) {
        this(incrementing, timestamp, Map.of());
    }

    /** A bulk pass that has got to the row with this key (column to value, in key order). */
    public static TableOffset bulkAfter(Map<String, Object> key) {
        return new TableOffset(null, null, key);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        bulkKey.forEach((column, value) -> m.put(KEY_PREFIX + column, value));
        if (incrementing != null) {
            m.put(INCREMENTING, incrementing);
        }
        if (timestamp != null) {
            m.put(TIMESTAMP, timestamp.toEpochMilli());
            m.put(TIMESTAMP_NANOS, (long) timestamp.getNano());
        }
        return m;
    }

    /**
     * Reads a stored offset; null gives {@link #START}. A value of the wrong kind (as a hand-made
     * offset in PATCH /offsets may hold) fails saying which key and what it must be.
     */
    public static TableOffset fromMap(Map<String, ?> m) {
        if (m == null || m.isEmpty()) {
            return START;
        }
        Long inc = number(m, INCREMENTING);
        Long millis = number(m, TIMESTAMP);
        Long nanos = number(m, TIMESTAMP_NANOS);
        Instant ts = null;
        if (millis != null) {
            ts = Instant.ofEpochMilli(millis);
            if (nanos != null) {
                if (nanos < 0 || nanos > 999_999_999 || nanos / 1_000_000 != Math.floorMod(millis, 1000L)) {
                    throw new ConnectException("offset key " + TIMESTAMP_NANOS + " must be the nanoseconds of the second of "
                            + TIMESTAMP + " (" + Math.floorMod(millis, 1000L) + " ms), not " + nanos);
                }
                ts = Instant.ofEpochSecond(Math.floorDiv(millis, 1000L), nanos);
            }
        } else if (nanos != null) {
            throw new ConnectException("offset key " + TIMESTAMP_NANOS + " needs " + TIMESTAMP);
        }
        Map<String, Object> key = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (e.getKey().startsWith(KEY_PREFIX)) {
                Object v = e.getValue();
                if (v instanceof Integer || v instanceof Short) {
                    v = ((Number) v).longValue();
                }
                if (!(v instanceof Long || v instanceof String)) {
                    throw new ConnectException("offset key " + e.getKey() + " must be an integer or a string, not " + v);
                }
                key.put(e.getKey().substring(KEY_PREFIX.length()), v);
            }
        }
        return new TableOffset(inc, ts, key);
    }

    private static Long number(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        throw new ConnectException("offset key " + key + " must be an integer, not " + v + " (" + v.getClass().getSimpleName()
                + ")");
    }
}
