package io.tributary.connect.mqtt.source;

import io.tributary.connect.common.errors.SourceErrorHeaders;
import io.tributary.connect.mqtt.MqttSourceConfig;
import io.tributary.connect.mqtt.client.InboundMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordMapperTest {
    /** When the test messages arrived: a second after the readings' own time. */
    private static final long ARRIVAL = java.time.Instant.parse("2026-01-02T03:04:06Z").toEpochMilli();

    private final AckTracker tracker = new AckTracker();

    private static RecordMapper mapper(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("mqtt.server.uri", "tcp://localhost:1883");
        props.put("mqtt.topics", "#");
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new RecordMapper(new MqttSourceConfig(props), "conn", "0");
    }

    private static InboundMessage message(String topic, byte[] payload) {
        return new InboundMessage(topic, payload, 1, true, "application/json", null, null, null,
                List.of(Map.entry("site", "berlin")), ARRIVAL, 1, "c:1:1", () -> { });
    }

    private SourceRecord map(RecordMapper m, String topic, String payload) throws BadPayloadException {
        InboundMessage msg = message(topic, payload.getBytes(StandardCharsets.UTF_8));
        return m.toRecord(msg, tracker.track(msg));
    }

    @Test
    void bytesByDefaultKeyedByTopicWithMqttHeaders() throws Exception {
        SourceRecord r = map(mapper(), "sensors/a/temp", "21.5");
        assertEquals("sensors.a.temp", r.topic());
        assertEquals("sensors/a/temp", r.key());
        assertArrayEquals("21.5".getBytes(StandardCharsets.UTF_8), (byte[]) r.value());
        assertEquals(ARRIVAL, r.timestamp());
        assertEquals("sensors/a/temp", r.headers().lastWithName("mqtt.topic").value());
        assertEquals(1, r.headers().lastWithName("mqtt.qos").value());
        assertEquals(true, r.headers().lastWithName("mqtt.retain").value());
        assertEquals("c:1:1", r.headers().lastWithName("mqtt.message.id").value());
        assertEquals("application/json", r.headers().lastWithName("mqtt.content.type").value());
        assertEquals("berlin", r.headers().lastWithName("site").value());
    }

    /** A payload's time only counts when the broker would take it: up to an hour ahead of the arrival. */
    @Test
    void aPayloadTimeOverAnHourAheadOfArrivalGivesWayToTheArrivalTime() throws Exception {
        RecordMapper m = mapper("mqtt.payload.format", "json", "mqtt.record.timestamp", "field",
                "mqtt.record.timestamp.field", "ts");
        assertEquals(ARRIVAL + 3_000_000, map(m, "t", "{\"ts\":" + (ARRIVAL + 3_000_000) + "}").timestamp());
        assertEquals(ARRIVAL, map(m, "t", "{\"ts\":" + (ARRIVAL + 3_700_000) + "}").timestamp());
    }

    @Test
    void jsonWithInferredSchemaKeyAndTimestampFromFields() throws Exception {
        RecordMapper m = mapper("mqtt.payload.format", "json", "mqtt.json.schema", "infer",
                "mqtt.record.key", "field", "mqtt.record.key.field", "device.id",
                "mqtt.record.timestamp", "field", "mqtt.record.timestamp.field", "ts");
        SourceRecord r = map(m, "t", "{\"device\":{\"id\":\"d-7\"},\"temp\":21.5,\"count\":3,\"ok\":true,"
                + "\"ts\":\"2026-01-02T03:04:05Z\",\"tags\":[\"a\",\"b\"]}");
        Struct v = (Struct) r.value();
        assertEquals(21.5, v.getFloat64("temp"));
        assertEquals(3L, v.getInt64("count"));
        assertEquals(true, v.getBoolean("ok"));
        assertEquals(List.of("a", "b"), v.getArray("tags"));
        assertEquals("d-7", v.getStruct("device").getString("id"));
        assertEquals(Schema.Type.FLOAT64, r.valueSchema().field("temp").schema().type());
        assertEquals("d-7", r.key());
        assertEquals(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli(), r.timestamp());
    }

    @Test
    void schemalessJsonAndEmptyPayloads() throws Exception {
        RecordMapper m = mapper("mqtt.payload.format", "json");
        SourceRecord r = map(m, "t", "{\"a\":1,\"b\":[1,2]}");
        assertNull(r.valueSchema());
        assertEquals(Map.of("a", 1L, "b", List.of(1L, 2L)), r.value());
        SourceRecord empty = map(m, "t", "");
        assertNull(empty.value());
        assertEquals("", map(mapper("mqtt.payload.format", "string"), "t", "").value());
    }

    @Test
    void badPayloadsSayWhy() {
        RecordMapper json = mapper("mqtt.payload.format", "json");
        assertEquals(BadPayloadException.NOT_JSON, assertThrows(BadPayloadException.class,
                () -> map(json, "t", "{not json")).reason());
        assertEquals(BadPayloadException.NOT_JSON, assertThrows(BadPayloadException.class,
                () -> map(json, "t", "{\"a\":1} trailing")).reason());
        RecordMapper string = mapper("mqtt.payload.format", "string");
        InboundMessage latin1 = message("t", new byte[]{(byte) 0xC3, (byte) 0x28});
        assertEquals(BadPayloadException.NOT_UTF8, assertThrows(BadPayloadException.class,
                () -> string.toRecord(latin1, tracker.track(latin1))).reason());
        RecordMapper small = mapper("mqtt.payload.max.bytes", "3");
        assertEquals(BadPayloadException.TOO_LARGE, assertThrows(BadPayloadException.class,
                () -> map(small, "t", "1234")).reason());
        RecordMapper ts = mapper("mqtt.payload.format", "json", "mqtt.record.timestamp", "field",
                "mqtt.record.timestamp.field", "ts");
        assertEquals(BadPayloadException.BAD_TIMESTAMP, assertThrows(BadPayloadException.class,
                () -> map(ts, "t", "{\"ts\":\"yesterday\"}")).reason());
    }

    @Test
    void errorRecordsCarryThePayloadAndTheCause() throws Exception {
        RecordMapper m = mapper("mqtt.payload.format", "json");
        InboundMessage msg = message("plant/x", "{oops".getBytes(StandardCharsets.UTF_8));
        BadPayloadException e = assertThrows(BadPayloadException.class, () -> m.toRecord(msg, tracker.track(msg)));
        SourceRecord r = m.errorRecord(msg, tracker.track(msg), e);
        assertEquals("conn.errors", r.topic());
        assertEquals("plant/x", r.key());
        assertArrayEquals("{oops".getBytes(StandardCharsets.UTF_8), (byte[]) r.value());
        assertEquals("not-json", r.headers().lastWithName(SourceErrorHeaders.REASON).value());
        assertTrue(r.headers().lastWithName(SourceErrorHeaders.EXCEPTION_MESSAGE).value().toString().contains("JSON"));
        assertEquals("plant/x", r.headers().lastWithName("mqtt.topic").value());
    }
}
