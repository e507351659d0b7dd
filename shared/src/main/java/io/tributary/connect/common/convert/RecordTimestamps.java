package io.tributary.connect.common.convert;

/**
 * Which timestamp a source record gets when its payload names one. Brokers refuse records stamped more than
 * {@code message.timestamp.after.max.ms} ahead (one hour by default since Kafka 4.0), and a refused record fails
 * the task; so a time further ahead than that (a scheduled price change, a device with a wrong clock) gives way
 * to the arrival time, and stays in the payload.
 */
public final class RecordTimestamps {
    /** The broker's default limit for timestamps ahead of its clock. */
    public static final long MAX_AHEAD_MS = 3_600_000L;

    private RecordTimestamps() {
    }

    /** {@code read} when it is not too far ahead of {@code arrivalMs}; otherwise the arrival time. */
    public static long choose(long read, long arrivalMs) {
        return read > arrivalMs + MAX_AHEAD_MS ? arrivalMs : read;
    }
}
