package io.tributary.connect.jdbc.source;

import org.apache.kafka.connect.errors.ConnectException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Where reading a table (or a query) has got to, as Connect stores it per source partition: the
 * last incrementing value and the last timestamp read (epoch milliseconds and the nanoseconds of
 * that second, so microsecond timestamps resume exactly). Either is null when the mode has none.
 */
public record TableOffset(Long incrementing, Instant timestamp) {
    public static final String INCREMENTING = "incrementing";
    public static final String TIMESTAMP = "timestamp";
    public static final String TIMESTAMP_NANOS = "timestamp.nanos";
    public static final TableOffset START = new TableOffset(null, null);

    public Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
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
        return new TableOffset(inc, ts);
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
