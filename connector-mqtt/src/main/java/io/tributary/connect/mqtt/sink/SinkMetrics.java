package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.metrics.TaskMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an MQTT sink task did, over JMX as {@code io.tributary.connect:type=mqtt-sink-task,connector=<name>,task=<id>}:
 * messages published, acknowledged and sent again, records skipped and errored, time to acknowledgement.
 */
public final class SinkMetrics {
    public static final String TYPE = "mqtt-sink-task";

    final LongAdder published;
    final LongAdder acknowledged;
    final LongAdder resends;
    final LongAdder ackTimeMicros;
    final LongAdder partitionPauses;
    public final LongAdder skipped;
    public final LongAdder errored;

    public SinkMetrics(TaskMetrics metrics) {
        published = metrics.counter("messages-published", "PUBLISH packets handed to the client, resends counted");
        acknowledged = metrics.counter("messages-acknowledged",
                "Messages the broker acknowledged (PUBACK at QoS 1, PUBCOMP at QoS 2; written, at QoS 0)");
        resends = metrics.counter("messages-resent", "Messages published again after their connection or session was lost");
        ackTimeMicros = metrics.counter("ack-time-us", "Microseconds from publish to acknowledgement, in total (divide by "
                + "messages-acknowledged for the mean)");
        partitionPauses = metrics.counter("partition-pauses",
                "Times a partition was paused because mqtt.max.buffered.records of its records were held");
        skipped = metrics.counter("records-skipped", "Tombstones skipped (mqtt.tombstones=skip)");
        errored = metrics.counter("records-errored", "Records handed to Connect's error handling: a record that cannot "
                + "be a message, or a message the broker refused");
    }
}
