package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.template.Template;
import io.tributary.connect.mqtt.MqttSinkConfig.PayloadFormat;
import io.tributary.connect.mqtt.MqttSinkConfig.Tombstones;

import java.util.List;

/**
 * How a record becomes an MQTT message: topic template, QoS and retain (fixed or from one placeholder each),
 * payload and tombstone rules, the size limit, and the MQTT 5 properties (null or empty: none; always none on an
 * MQTT 3.1.1 connection, {@code mqtt5} false).
 */
public record MessageSettings(boolean mqtt5, Template topic, int qos, Template qosFrom, boolean retain, Template retainFrom,
                              PayloadFormat payloadFormat, Tombstones tombstones, int maxMessageBytes,
                              List<String> propertyHeaders, String propertyHeaderPrefix, Template contentType,
                              Template messageExpiry, Template responseTopic, Template correlationData) {

    /** True when any MQTT 5 property is configured, so every PUBLISH carries a property section. */
    boolean hasProperties() {
        return !propertyHeaders.isEmpty() || !propertyHeaderPrefix.isEmpty() || contentType != null
                || messageExpiry != null || responseTopic != null || correlationData != null;
    }
}
