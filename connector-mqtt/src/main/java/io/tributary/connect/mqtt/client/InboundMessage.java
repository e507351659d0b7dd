package io.tributary.connect.mqtt.client;

import java.util.List;
import java.util.Map;

/**
 * One PUBLISH received from the broker, detached from the client library. {@code acknowledge}
 * sends its PUBACK/PUBREC; it does nothing for QoS 0 and for a connection that has since closed
 * (the broker then delivers the message again to the resumed session).
 *
 * @param connection which connection of the session delivered it, counted from 1
 * @param id         unique per delivery within a task: {@code <client id>:<connection>:<sequence>}
 */
public record InboundMessage(String topic, byte[] payload, int qos, boolean retain, String contentType,
                             Long messageExpirySeconds,
                             String responseTopic, byte[] correlationData, List<Map.Entry<String, String>> userProperties,
                             long arrivalMillis, long connection, String id, Runnable acknowledge) {
}
