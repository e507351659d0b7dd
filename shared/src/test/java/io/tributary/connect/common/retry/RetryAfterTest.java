package io.tributary.connect.common.retry;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {
    private static final long NOW = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();

    @Test
    void delaySecondsCountFromTheResponse() {
        assertEquals(NOW + 120_000, RetryAfter.untilMs("120", NOW));
        assertEquals(NOW, RetryAfter.untilMs(" 0 ", NOW));
    }

    @Test
    void anHttpDateNamesTheInstant() {
        assertEquals(Instant.parse("2026-12-03T10:00:07Z").toEpochMilli(),
                RetryAfter.untilMs("Thu, 03 Dec 2026 10:00:07 GMT", NOW));
    }

    @Test
    void absentOrUnreadableValuesAreIgnored() {
        assertEquals(-1, RetryAfter.untilMs(null, NOW));
        assertEquals(-1, RetryAfter.untilMs("", NOW));
        assertEquals(-1, RetryAfter.untilMs("soon", NOW));
        assertEquals(-1, RetryAfter.untilMs("12abc", NOW));
    }
}
