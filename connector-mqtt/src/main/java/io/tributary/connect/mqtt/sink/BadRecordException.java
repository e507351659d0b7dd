package io.tributary.connect.mqtt.sink;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become a message, or a message the broker refused: it goes to Connect's error handling
 * (dead letter queue) rather than being retried. The message says which rule and what to change.
 */
public final class BadRecordException extends DataException {
    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
