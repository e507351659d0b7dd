package io.tributary.connect.http.sink;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become a request (a URL placeholder it lacks, a value that is not JSON, a body
 * larger than a request may be). The message says which rule and the key to change; the record goes to
 * Connect's error handling.
 */
public final class BadRecordException extends DataException {
    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
