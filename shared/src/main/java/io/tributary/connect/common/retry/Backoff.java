package io.tributary.connect.common.retry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^n)}, so tasks that failed together do not retry together.
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;

    public Backoff(long initialMs, long maxMs) {
        if (initialMs < 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initialMs + " and " + maxMs);
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** The ceiling for attempt {@code attempt} (0-based), before jitter. */
    public long ceilingMs(int attempt) {
        if (initialMs == 0) {
            return 0;
        }
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = initialMs << shift;
        return ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
    }

    /** How long to wait before attempt {@code attempt + 1}. */
    public long delayMs(int attempt) {
        long ceiling = ceilingMs(attempt);
        long half = ceiling / 2;
        return half + (ceiling - half == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
