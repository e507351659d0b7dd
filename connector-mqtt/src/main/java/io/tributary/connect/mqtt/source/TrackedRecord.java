package io.tributary.connect.mqtt.source;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record that remembers the MQTT message it came from. The worker hands this very object back to
 * {@code commitRecord} once Kafka has it (even when SMTs replaced it), which is when the message is
 * acknowledged to the broker.
 */
public final class TrackedRecord extends SourceRecord {
    private final AckTracker.Ticket ticket;

    TrackedRecord(AckTracker.Ticket ticket, String topic, Schema keySchema, Object key, Schema valueSchema,
                  Object value, Long timestamp, Headers headers) {
        super(null, null, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
        this.ticket = ticket;
    }

    public AckTracker.Ticket ticket() {
        return ticket;
    }

    // SourceRecord's equals compares contents; two identical readings are still two messages.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
