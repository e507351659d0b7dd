package io.tributary.connect.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded waits that fail with what was awaited and what was last seen. */
public final class Await {
    private static final long POLL_MS = 200;

    private Await() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, what, () -> condition.getAsBoolean(), ok -> ok);
    }

    /** Polls {@code supplier} until {@code done} accepts its value; returns that value. */
    public static <T> T value(Duration timeout, String what, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Throwable lastError = null;
        while (true) {
            try {
                last = supplier.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException | AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + "; last seen: " + (lastError != null ? lastError : last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
