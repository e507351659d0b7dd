package io.tributary.connect.mqtt.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.convert.JsonToConnect;
import io.tributary.connect.common.convert.RecordTimestamps;
import io.tributary.connect.common.errors.SourceErrorHeaders;
import io.tributary.connect.mqtt.MqttSourceConfig;
import io.tributary.connect.mqtt.MqttSourceConfig.KeySource;
import io.tributary.connect.mqtt.MqttSourceConfig.PayloadFormat;
import io.tributary.connect.mqtt.client.InboundMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One MQTT message to one Kafka record: topic by {@link KafkaTopicMapper}, key, value per payload
 * format, timestamp, and MQTT metadata as headers. A payload that cannot be read throws
 * {@link BadPayloadException}; {@link #errorRecord} then builds its error-topic record.
 */
public final class RecordMapper {
    public static final String HEADER_TOPIC = "mqtt.topic";
    public static final String HEADER_QOS = "mqtt.qos";
    public static final String HEADER_RETAIN = "mqtt.retain";
    public static final String HEADER_MESSAGE_ID = "mqtt.message.id";
    public static final String HEADER_CONTENT_TYPE = "mqtt.content.type";
    public static final String HEADER_RESPONSE_TOPIC = "mqtt.response.topic";
    public static final String HEADER_CORRELATION_DATA = "mqtt.correlation.data";
    public static final String HEADER_PAYLOAD_BYTES = "mqtt.payload.bytes";

    private final KafkaTopicMapper topics;
    private final PayloadFormat format;
    private final boolean inferSchema;
    private final KeySource keySource;
    private final List<String> keyField;
    private final List<String> timestampField;
    private final int maxBytes;
    private final String errorTopic;
    private final String connector;
    private final String task;

    public RecordMapper(MqttSourceConfig config, String connector, String task) {
        this.topics = new KafkaTopicMapper(config.kafkaTopic(), config.kafkaTopicSeparator(), config.kafkaTopicRules());
        this.format = config.payloadFormat();
        this.inferSchema = config.jsonSchema() == MqttSourceConfig.JsonSchema.INFER;
        this.keySource = config.keySource();
        this.keyField = config.keyField();
        this.timestampField = config.timestampSource() == MqttSourceConfig.TimestampSource.FIELD
                ? config.timestampField() : List.of();
        this.maxBytes = config.payloadMaxBytes();
        this.errorTopic = config.errorsTopic(connector);
        this.connector = connector;
        this.task = task;
    }

    public TrackedRecord toRecord(InboundMessage m, AckTracker.Ticket ticket) throws BadPayloadException {
        byte[] payload = m.payload();
        if (payload.length > maxBytes) {
            throw new BadPayloadException(BadPayloadException.TOO_LARGE, "payload of " + payload.length
                    + " bytes is over mqtt.payload.max.bytes (" + maxBytes + ")", null);
        }
        Schema valueSchema;
        Object value;
        JsonNode json = null;
        switch (format) {
            case STRING:
                valueSchema = Schema.OPTIONAL_STRING_SCHEMA;
                value = utf8(payload);
                break;
            case JSON:
                if (payload.length == 0) {
                    valueSchema = null;
                    value = null;
                    break;
                }
                try {
                    json = JsonToConnect.parse(payload);
                } catch (DataException e) {
                    throw new BadPayloadException(BadPayloadException.NOT_JSON, e.getMessage(), e);
                }
                if (inferSchema) {
                    SchemaAndValue sv = JsonToConnect.inferred(json);
                    valueSchema = sv.schema();
                    value = sv.value();
                } else {
                    valueSchema = null;
                    value = JsonToConnect.schemaless(json);
                }
                break;
            default:
                valueSchema = Schema.OPTIONAL_BYTES_SCHEMA;
                value = payload;
        }
        Schema keySchema = null;
        Object key = null;
        if (keySource == KeySource.TOPIC) {
            keySchema = Schema.STRING_SCHEMA;
            key = m.topic();
        } else if (keySource == KeySource.FIELD && json != null) {
            JsonNode k = JsonToConnect.at(json, keyField);
            if (k != null) {
                SchemaAndValue sv = JsonToConnect.key(k);
                keySchema = sv.schema();
                key = sv.value();
            }
        }
        long timestamp = m.arrivalMillis();
        if (!timestampField.isEmpty() && json != null) {
            JsonNode ts = JsonToConnect.at(json, timestampField);
            if (ts != null) {
                timestamp = RecordTimestamps.choose(timestamp(ts), m.arrivalMillis());
            }
        }
        return new TrackedRecord(ticket, topics.kafkaTopic(m.topic()), keySchema, key, valueSchema, value,
                timestamp, headers(m));
    }

    /** The record that carries a bad payload, as received, to the error topic. */
    public TrackedRecord errorRecord(InboundMessage m, AckTracker.Ticket ticket, BadPayloadException cause) {
        Headers headers = headers(m);
        headers.addInt(HEADER_PAYLOAD_BYTES, m.payload().length);
        SourceErrorHeaders.add(headers, connector, task, cause.reason(), cause);
        byte[] body = BadPayloadException.TOO_LARGE.equals(cause.reason()) ? null : m.payload();
        return new TrackedRecord(ticket, errorTopic, Schema.STRING_SCHEMA, m.topic(), Schema.OPTIONAL_BYTES_SCHEMA,
                body, m.arrivalMillis(), headers);
    }

    public String errorTopic() {
        return errorTopic;
    }

    private static Headers headers(InboundMessage m) {
        Headers h = new ConnectHeaders();
        h.addString(HEADER_TOPIC, m.topic());
        h.addInt(HEADER_QOS, m.qos());
        h.addBoolean(HEADER_RETAIN, m.retain());
        h.addString(HEADER_MESSAGE_ID, m.id());
        if (m.contentType() != null) {
            h.addString(HEADER_CONTENT_TYPE, m.contentType());
        }
        if (m.responseTopic() != null) {
            h.addString(HEADER_RESPONSE_TOPIC, m.responseTopic());
        }
        if (m.correlationData() != null) {
            h.addBytes(HEADER_CORRELATION_DATA, m.correlationData());
        }
        for (Map.Entry<String, String> p : m.userProperties()) {
            h.addString(p.getKey(), p.getValue());
        }
        return h;
    }

    private static String utf8(byte[] payload) throws BadPayloadException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException(BadPayloadException.NOT_UTF8, "payload is not valid UTF-8 text: " + e, e);
        }
    }

    private static long timestamp(JsonNode ts) throws BadPayloadException {
        try {
            return JsonToConnect.epochMillis(ts);
        } catch (DataException e) {
            throw new BadPayloadException(BadPayloadException.BAD_TIMESTAMP, "timestamp field " + e.getMessage(), e);
        }
    }
}
