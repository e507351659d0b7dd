package io.tributary.connect.mqtt.client;

/**
 * How a publish ended: taken by the broker (acknowledged at QoS 1 and 2, written at QoS 0), or refused with
 * the reason an MQTT 5 broker gave (not authorized, topic name invalid, quota exceeded, ...), which no resend
 * mends: the message is a bad record.
 */
public record PublishOutcome(boolean taken, String refusal) {
    static final PublishOutcome TAKEN = new PublishOutcome(true, null);

    static PublishOutcome refused(String reason) {
        return new PublishOutcome(false, reason);
    }
}
