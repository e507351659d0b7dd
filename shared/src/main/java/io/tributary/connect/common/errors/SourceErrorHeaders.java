package io.tributary.connect.common.errors;

import org.apache.kafka.connect.header.Headers;

/**
 * Headers a source connector puts on a record it sends to its error topic instead of its data
 * topic: what went wrong and where, so the record can be inspected and replayed.
 */
public final class SourceErrorHeaders {
    public static final String REASON = "tributary.error.reason";
    public static final String EXCEPTION_CLASS = "tributary.error.exception.class";
    public static final String EXCEPTION_MESSAGE = "tributary.error.exception.message";
    public static final String CONNECTOR = "tributary.error.connector";
    public static final String TASK = "tributary.error.task";

    private SourceErrorHeaders() {
    }

    public static void add(Headers headers, String connector, String task, String reason, Throwable cause) {
        headers.addString(REASON, reason);
        headers.addString(CONNECTOR, connector);
        headers.addString(TASK, task);
        if (cause != null) {
            headers.addString(EXCEPTION_CLASS, cause.getClass().getName());
            headers.addString(EXCEPTION_MESSAGE, String.valueOf(cause.getMessage()));
        }
    }
}
