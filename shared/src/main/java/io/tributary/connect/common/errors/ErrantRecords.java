package io.tributary.connect.common.errors;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands a record that cannot be written to Connect's error handling ({@code errors.tolerance},
 * dead letter queue with cause headers). Workers older than 2.6 have no reporter; there, and
 * when the connector is not configured to tolerate errors, the record fails the task with the
 * cause, so nothing is dropped silently.
 */
public final class ErrantRecords {
    private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

    private final ErrantRecordReporter reporter;

    private ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    public static ErrantRecords from(SinkTaskContext context) {
        ErrantRecordReporter reporter = null;
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            log.warn("This worker predates ErrantRecordReporter (Kafka < 2.6): a bad record will fail the task");
        }
        return new ErrantRecords(reporter);
    }

    /**
     * True when the connector's config says {@code errors.tolerance=all}: a bad record then goes to error handling
     * (logged, or to the dead letter queue) instead of failing the task. The key is the worker's; a sink reads it
     * from its originals.
     */
    public static boolean toleratesAll(Map<String, ?> connectorConfig) {
        Object v = connectorConfig.get("errors.tolerance");
        return v != null && "all".equalsIgnoreCase(v.toString().trim());
    }

    /** True when records can be reported instead of failing the task ({@code errors.tolerance=all}). */
    public boolean canReport() {
        return reporter != null;
    }

    /**
     * Reports the record and waits for the dead letter queue to hold it, so its offset may be
     * committed afterwards. Throws when there is no reporter: the caller's message names the record.
     */
    public void report(SinkRecord record, Throwable cause) {
        if (reporter == null) {
            throw cause instanceof ConnectException ? (ConnectException) cause
                    : new ConnectException(cause.getMessage(), cause);
        }
        Future<Void> done = reporter.report(record, cause);
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reporting an errant record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Could not report errant record " + describe(record) + " to the dead letter queue", e);
        }
    }

    /**
     * Reports the record with {@code headers} added (the HTTP status, say), so the dead letter queue holds
     * the cause in fields a consumer can read, beside Connect's own error headers. The reported copy is
     * re-serialized by the worker's converters, as Connect does for any record a task builds.
     */
    public void report(SinkRecord record, Throwable cause, Map<String, String> headers) {
        if (headers.isEmpty() || reporter == null) {
            report(record, cause);
            return;
        }
        ConnectHeaders withCause = new ConnectHeaders();
        record.headers().forEach(withCause::add);
        headers.forEach(withCause::addString);
        report(new SinkRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                record.valueSchema(), record.value(), record.kafkaOffset(), record.timestamp(), record.timestampType(),
                withCause), cause);
    }

    /** topic/partition/offset of a record, for messages. */
    public static String describe(SinkRecord record) {
        return record.topic() + "/" + record.kafkaPartition() + "@" + record.kafkaOffset();
    }
}
