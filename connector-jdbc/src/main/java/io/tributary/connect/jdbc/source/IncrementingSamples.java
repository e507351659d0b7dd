package io.tributary.connect.jdbc.source;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The highest incrementing value each recent read saw, with the database's clock just after: the
 * bound for a read while a transaction is open. Ids come from a sequence (or an auto-increment) in
 * the order they are taken, so every id up to a value seen at time t was taken before t; a
 * transaction open now that began after t can only hold ids above it, and every transaction that
 * began before t has ended if the oldest open one began after t. Reading up to that value is safe;
 * reading further may pass an id that such a transaction commits later.
 */
final class IncrementingSamples {
    private static final int KEPT = 256;

    private record Sample(Instant at, long max) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records that the highest value was {@code max} when the clock said {@code at}. */
    void add(Instant at, long max) {
        samples.addLast(new Sample(at, max));
        while (samples.size() > KEPT) {
            samples.removeFirst();
        }
    }

    /**
     * The highest value safe to read while the oldest open transaction began at {@code oldestOpen}: the
     * latest sample taken before it; null when there is none (as after a restart), so nothing may be read yet.
     */
    Long safeBelow(Instant oldestOpen) {
        Long best = null;
        for (Sample s : samples) {
            if (s.at().isBefore(oldestOpen)) {
                best = s.max();
            }
        }
        // Samples older than the newest one before the oldest open transaction can no longer be needed.
        while (samples.size() > 1 && samples.peekFirst().at().isBefore(oldestOpen) && secondBefore(oldestOpen)) {
            samples.removeFirst();
        }
        return best;
    }

    private boolean secondBefore(Instant t) {
        var it = samples.iterator();
        it.next();
        return it.hasNext() && it.next().at().isBefore(t);
    }
}
