package io.tributary.connect.common.retry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    @Test
    void growsExponentiallyUpToTheCapWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(100, 1000);
        assertEquals(100, b.ceilingMs(0));
        assertEquals(200, b.ceilingMs(1));
        assertEquals(800, b.ceilingMs(3));
        assertEquals(1000, b.ceilingMs(4));
        assertEquals(1000, b.ceilingMs(500));
        for (int attempt = 0; attempt < 10; attempt++) {
            for (int i = 0; i < 100; i++) {
                long d = b.delayMs(attempt);
                long c = b.ceilingMs(attempt);
                assertTrue(d >= c / 2 && d <= c, "delay " + d + " outside [" + c / 2 + ", " + c + "]");
            }
        }
    }
}
