package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.errors.ErrantRecords;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a record that cannot be published goes: Connect's error handling (the dead letter queue, with the MQTT
 * topic and the broker's reason in headers beside Connect's own) under {@code errors.tolerance=all}; otherwise the
 * task fails, naming the record, the cause and the setting that would route it aside.
 */
public final class ErrorHandling {
    public static final String HEADER_TOPIC = "tributary.mqtt.topic";
    public static final String HEADER_REASON = "tributary.mqtt.reason";

    private final ErrantRecords errant;
    private final boolean tolerate;
    private final SinkMetrics metrics;

    public ErrorHandling(ErrantRecords errant, boolean tolerate, SinkMetrics metrics) {
        this.errant = errant;
        this.tolerate = tolerate;
        this.metrics = metrics;
    }

    /** A record that could not become a message. */
    public void badRecord(SinkRecord record, BadRecordException cause) {
        report(record, cause, Map.of(), "cannot be published");
    }

    /** A message the broker refused with {@code reason} (an MQTT 5 reason code). */
    public void refused(Publisher.Refusal refusal) {
        Map<String, String> headers = new HashMap<>();
        headers.put(HEADER_TOPIC, refusal.message().topic());
        headers.put(HEADER_REASON, refusal.reason());
        BadRecordException cause = new BadRecordException("the broker refused the message to '" + refusal.message().topic()
                + "': " + refusal.reason() + " (check the broker's ACLs and limits for that topic)");
        report(refusal.record(), cause, headers, "was refused");
    }

    private void report(SinkRecord record, BadRecordException cause, Map<String, String> headers, String what) {
        if (!tolerate) {
            throw new ConnectException("Record " + ErrantRecords.describe(record) + " " + what + ": " + cause.getMessage()
                    + ". Set errors.tolerance=all with errors.deadletterqueue.topic.name to send such records to a dead "
                    + "letter queue and go on", cause);
        }
        errant.report(record, cause, headers);
        metrics.errored.increment();
    }
}
