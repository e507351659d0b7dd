package io.tributary.connect.common.retry;

import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads a {@code Retry-After} value (RFC 9110: delay seconds or an HTTP date) into the instant before
 * which the peer wants no request. Unreadable values are ignored, as the RFC asks.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The epoch millisecond the peer named, or -1 when {@code value} is absent or unreadable; {@code nowMs}
     * is when the response arrived.
     */
    public static long untilMs(String value, long nowMs) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return -1;
        }
        if (Character.isDigit(v.charAt(0))) {
            try {
                long seconds = Long.parseLong(v);
                return nowMs + Math.min(seconds, Long.MAX_VALUE / 2_000) * 1000;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return -1;
        }
    }
}
