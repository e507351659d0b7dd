package io.tributary.connect.mqtt.sink;

import io.tributary.connect.mqtt.client.OutboundMessage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The encoded size of a PUBLISH packet (MQTT 5 section 3.3; 3.1.1 has no property section). */
final class PublishPacketSize {
    private PublishPacketSize() {
    }

    static long of(OutboundMessage m, boolean mqtt5) {
        long variable = 2L + utf8(m.topic()) + (m.qos() > 0 ? 2 : 0);
        if (mqtt5) {
            long properties = 0;
            if (m.contentType() != null) {
                properties += 1 + 2 + utf8(m.contentType());
            }
            if (m.messageExpirySeconds() != null) {
                properties += 1 + 4;
            }
            if (m.responseTopic() != null) {
                properties += 1 + 2 + utf8(m.responseTopic());
            }
            if (m.correlationData() != null) {
                properties += 1 + 2 + m.correlationData().length;
            }
            for (Map.Entry<String, String> p : m.userProperties()) {
                properties += 1 + 2 + utf8(p.getKey()) + 2 + utf8(p.getValue());
            }
            variable += varIntBytes(properties) + properties;
        }
        long remaining = variable + m.payload().length;
        return 1 + varIntBytes(remaining) + remaining;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int varIntBytes(long value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }
}
