package io.tributary.connect.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * One PUBLISH to send, detached from the client library. The MQTT 5 fields ({@code contentType},
 * {@code messageExpirySeconds}, {@code responseTopic}, {@code correlationData}, {@code userProperties}) are
 * left out on an MQTT 3.1.1 connection, which has no place for them; null or empty means none.
 */
public record OutboundMessage(String topic, byte[] payload, int qos, boolean retain, String contentType,
                              Long messageExpirySeconds, String responseTopic, byte[] correlationData,
                              List<Map.Entry<String, String>> userProperties) {
    /** A message with no MQTT 5 properties. */
    public static OutboundMessage of(String topic, byte[] payload, int qos, boolean retain) {
        return new OutboundMessage(topic, payload, qos, retain, null, null, null, null, List.of());
    }
}
