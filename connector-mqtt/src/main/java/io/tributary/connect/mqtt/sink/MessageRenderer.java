package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.convert.ConnectJson;
import io.tributary.connect.common.template.JsonTextResolver;
import io.tributary.connect.common.template.Template;
import io.tributary.connect.mqtt.MqttSinkConfig;
import io.tributary.connect.mqtt.MqttSinkConfig.PayloadFormat;
import io.tributary.connect.mqtt.MqttSinkConfig.Tombstones;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.ServerLimits;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a sink record into the {@link OutboundMessage} to publish: topic, QoS, retain flag, payload and MQTT 5
 * properties. Each way a record can fail is a named rule, thrown as a {@link BadRecordException} whose message names
 * the key to change. Runs on the task thread only.
 */
public final class MessageRenderer {
    private static final byte[] EMPTY = new byte[0];

    private final MessageSettings settings;
    private final TopicNameCheck topicCheck;
    private final String constantTopic;
    private final ConnectJson.Writer json = new ConnectJson.Writer();

    public MessageRenderer(MessageSettings settings) {
        this.settings = settings;
        this.topicCheck = new TopicNameCheck(settings.topic());
        this.constantTopic = settings.topic().isConstant() ? settings.topic().toString() : null;
    }

    /** The record's message, or null for a tombstone that is skipped. {@code limits}: what the broker takes now. */
    public OutboundMessage render(SinkRecord record, ServerLimits limits) {
        boolean tombstone = record.value() == null;
        if (tombstone && settings.tombstones() == Tombstones.SKIP) {
            return null;
        }
        Template.Resolver fields = JsonTextResolver.of(record);
        String topic = topic(fields);
        int qos = qos(fields);
        boolean retain = tombstone || retain(fields);
        if (qos > limits.maximumQos()) {
            throw new BadRecordException("the broker takes QoS " + limits.maximumQos() + " at most and this message has "
                    + "QoS " + qos + "; lower " + MqttSinkConfig.QOS + " (or the record's " + MqttSinkConfig.QOS_FROM + " value)");
        }
        if (retain && !limits.retainAvailable()) {
            throw new BadRecordException("the broker keeps no retained messages and this message has the retain flag; set "
                    + MqttSinkConfig.RETAIN + "=false" + (tombstone ? " and " + MqttSinkConfig.TOMBSTONES + "=skip" : ""));
        }
        byte[] payload = tombstone ? EMPTY : payload(record);
        OutboundMessage message = settings.hasProperties()
                ? new OutboundMessage(topic, payload, qos, retain, optional(settings.contentType(), fields),
                        expiry(fields), optional(settings.responseTopic(), fields), correlation(fields), userProperties(record))
                : OutboundMessage.of(topic, payload, qos, retain);
        checkSize(message, limits);
        return message;
    }

    private String topic(Template.Resolver fields) {
        if (constantTopic != null) {
            return constantTopic;
        }
        String topic = render(settings.topic(), fields, true);
        String problem = topicCheck.problem(topic);
        if (problem != null) {
            throw new BadRecordException(problem + "; fix the record or change " + MqttSinkConfig.TOPIC);
        }
        return topic;
    }

    private int qos(Template.Resolver fields) {
        if (settings.qosFrom() == null) {
            return settings.qos();
        }
        String v = render(settings.qosFrom(), fields, false);
        if (v == null) {
            return settings.qos();
        }
        switch (v.trim()) {
            case "0":
                return 0;
            case "1":
                return 1;
            case "2":
                return 2;
            default:
                throw new BadRecordException(MqttSinkConfig.QOS_FROM + " " + settings.qosFrom() + " gives '" + v
                        + "' for this record; it must be 0, 1 or 2");
        }
    }

    private boolean retain(Template.Resolver fields) {
        if (settings.retainFrom() == null) {
            return settings.retain();
        }
        String v = render(settings.retainFrom(), fields, false);
        if (v == null) {
            return settings.retain();
        }
        if (v.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadRecordException(MqttSinkConfig.RETAIN_FROM + " " + settings.retainFrom() + " gives '" + v
                + "' for this record; it must be true or false");
    }

    private byte[] payload(SinkRecord record) {
        Object value = record.value();
        try {
            if (settings.payloadFormat() == PayloadFormat.AUTO) {
                if (value instanceof byte[] b) {
                    return b;
                }
                if (value instanceof ByteBuffer buffer) {
                    ByteBuffer b = buffer.duplicate();
                    byte[] out = new byte[b.remaining()];
                    b.get(out);
                    return out;
                }
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    return (value instanceof BigDecimal d ? d.toPlainString() : value.toString()).getBytes(StandardCharsets.UTF_8);
                }
            }
            return json.toJson(value, record.valueSchema());
        } catch (RuntimeException e) {
            throw new BadRecordException("the record's value cannot be written as JSON (" + e.getMessage() + ")", e);
        }
    }

    private Long expiry(Template.Resolver fields) {
        String v = optional(settings.messageExpiry(), fields);
        if (v == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(v.trim());
            if (seconds >= 0 && seconds <= 4_294_967_295L) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new BadRecordException(MqttSinkConfig.MESSAGE_EXPIRY + " gives '" + v + "' for this record; it must be a "
                + "number of seconds from 0 to 4294967295");
    }

    private byte[] correlation(Template.Resolver fields) {
        String v = optional(settings.correlationData(), fields);
        return v == null ? null : v.getBytes(StandardCharsets.UTF_8);
    }

    private List<Map.Entry<String, String>> userProperties(SinkRecord record) {
        if (settings.propertyHeaders().isEmpty() && settings.propertyHeaderPrefix().isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        String prefix = settings.propertyHeaderPrefix();
        for (Header h : record.headers()) {
            if (h.value() == null) {
                continue;
            }
            if (settings.propertyHeaders().contains(h.key())) {
                out.add(Map.entry(h.key(), ConnectJson.text(h.value())));
            } else if (!prefix.isEmpty() && h.key().startsWith(prefix) && h.key().length() > prefix.length()) {
                out.add(Map.entry(h.key().substring(prefix.length()), ConnectJson.text(h.value())));
            }
        }
        return out;
    }

    /** A property template's text, or null when the record has no value for a placeholder in it. */
    private String optional(Template template, Template.Resolver fields) {
        return template == null ? null : render(template, fields, false);
    }

    /**
     * Renders {@code template}; a placeholder without a value makes the record bad when {@code required}, else
     * makes the result null.
     */
    private String render(Template template, Template.Resolver fields, boolean required) {
        boolean[] missing = new boolean[1];
        String text;
        try {
            text = template.render((root, path) -> {
                Object v = fields.resolve(root, path);
                if (v == null) {
                    if (required) {
                        throw new BadRecordException("the record has no value for ${" + root
                                + (path.isEmpty() ? "" : "." + String.join(".", path)) + "} in " + MqttSinkConfig.TOPIC
                                + "; fix the record or change " + MqttSinkConfig.TOPIC);
                    }
                    missing[0] = true;
                    return "";
                }
                return ConnectJson.text(v);
            });
        } catch (JsonTextResolver.NotJsonException e) {
            throw new BadRecordException(e.getMessage() + "; value fields need a Struct, a Map or a JSON document", e);
        }
        return missing[0] ? null : text;
    }

    /**
     * The PUBLISH packet's size, as the client will encode it, against the smaller of mqtt.message.max.bytes and
     * the broker's Maximum Packet Size: a larger one is never sent (the broker would drop the connection).
     */
    private void checkSize(OutboundMessage m, ServerLimits limits) {
        long limit = Math.min(settings.maxMessageBytes(), limits.maximumPacketSize() & 0xFFFFFFFFL);
        long size = PublishPacketSize.of(m, settings.mqtt5());
        if (size > limit) {
            throw new BadRecordException("the message is " + size + " bytes as an MQTT packet, more than the "
                    + (limit == settings.maxMessageBytes() ? MqttSinkConfig.MESSAGE_MAX_BYTES + " of " + limit
                    : "broker's Maximum Packet Size of " + limit) + " bytes");
        }
    }
}
