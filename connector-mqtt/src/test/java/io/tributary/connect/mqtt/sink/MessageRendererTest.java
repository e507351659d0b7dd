package io.tributary.connect.mqtt.sink;

import io.tributary.connect.mqtt.MqttSinkConfig;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.ServerLimits;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageRendererTest {
    private static MessageRenderer renderer(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("mqtt.server.uri", "tcp://localhost:1883");
        props.put("mqtt.topic", "shop/${value.zone}/price");
        props.putAll(extra);
        return new MessageRenderer(new MqttSinkConfig(props).messages());
    }

    private static SinkRecord record(Object value, Map<String, String> headers) {
        ConnectHeaders h = new ConnectHeaders();
        headers.forEach(h::addString);
        return new SinkRecord("prices", 0, null, "k", null, value, 7, 1L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, h);
    }

    private static String text(OutboundMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void valuesBecomeTheirBytesTextOrJson() {
        MessageRenderer auto = renderer(Map.of("mqtt.topic", "shop/x"));
        assertEquals("plain", text(auto.render(record("plain", Map.of()), ServerLimits.PROTOCOL)));
        assertEquals("12.50", text(auto.render(record(new java.math.BigDecimal("12.50"), Map.of()), ServerLimits.PROTOCOL)));
        assertEquals("{\"a\":1}", text(auto.render(record(Map.of("a", 1), Map.of()), ServerLimits.PROTOCOL)));
        Schema schema = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).build();
        SinkRecord struct = new SinkRecord("prices", 0, null, "k", schema, new Struct(schema).put("sku", "A1"), 1);
        assertEquals("{\"sku\":\"A1\"}", text(auto.render(struct, ServerLimits.PROTOCOL)));
        MessageRenderer json = renderer(Map.of("mqtt.topic", "shop/x", "mqtt.payload.format", "json"));
        assertEquals("\"plain\"", text(json.render(record("plain", Map.of()), ServerLimits.PROTOCOL)));
    }

    @Test
    void aValueThatCannotBeWrittenAsJsonIsABadRecord() {
        // A decimal schema over a value that is no decimal, as a faulty transform can hand a sink.
        SinkRecord odd = new SinkRecord("prices", 0, null, "k", org.apache.kafka.connect.data.Decimal.schema(2), "12.5", 1);
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> renderer(Map.of("mqtt.topic", "shop/x", "mqtt.payload.format", "json")).render(odd, ServerLimits.PROTOCOL));
        assertTrue(e.getMessage().contains("cannot be written as JSON"), e.getMessage());
    }

    @Test
    void jsonTextValuesLendTheirFieldsToTheTopic() {
        OutboundMessage m = renderer(Map.of()).render(record("{\"zone\":\"north\"}", Map.of()), ServerLimits.PROTOCOL);
        assertEquals("shop/north/price", m.topic());
        BadRecordException notJson = assertThrows(BadRecordException.class,
                () -> renderer(Map.of()).render(record("not json", Map.of()), ServerLimits.PROTOCOL));
        assertTrue(notJson.getMessage().contains("${value.zone}"), notJson.getMessage());
    }

    @Test
    void topicsFromDataMustNotBeFiltersOrHaveEmptyLevels() {
        MessageRenderer r = renderer(Map.of());
        for (String zone : List.of("a/+", "#", "")) {
            BadRecordException e = assertThrows(BadRecordException.class,
                    () -> r.render(record(Map.of("zone", zone), Map.of()), ServerLimits.PROTOCOL), zone);
            assertTrue(e.getMessage().contains("mqtt.topic"), e.getMessage());
        }
        assertEquals("shop/a/b/price", r.render(record(Map.of("zone", "a/b"), Map.of()), ServerLimits.PROTOCOL).topic(),
                "a '/' in the data adds a level");
        MessageRenderer leading = renderer(Map.of("mqtt.topic", "/shop//${value.zone}"));
        assertEquals("/shop//a", leading.render(record(Map.of("zone", "a"), Map.of()), ServerLimits.PROTOCOL).topic(),
                "empty levels of the template itself are kept");
        assertThrows(BadRecordException.class, () -> renderer(Map.of("mqtt.topic", "${value.zone}/x"))
                .render(record(Map.of("zone", "$SYS"), Map.of()), ServerLimits.PROTOCOL));
    }

    @Test
    void qosAndRetainComeFromTheRecordOrTheDefault() {
        MessageRenderer r = renderer(Map.of("mqtt.qos.from", "${header.qos}", "mqtt.retain.from", "${header.keep}"));
        OutboundMessage fallback = r.render(record(Map.of("zone", "a"), Map.of()), ServerLimits.PROTOCOL);
        assertEquals(1, fallback.qos());
        assertEquals(false, fallback.retain());
        OutboundMessage own = r.render(record(Map.of("zone", "a"), Map.of("qos", "2", "keep", "TRUE")), ServerLimits.PROTOCOL);
        assertEquals(2, own.qos());
        assertTrue(own.retain());
        assertThrows(BadRecordException.class, () -> r.render(record(Map.of("zone", "a"), Map.of("qos", "3")), ServerLimits.PROTOCOL));
        assertThrows(BadRecordException.class, () -> r.render(record(Map.of("zone", "a"), Map.of("keep", "yes")), ServerLimits.PROTOCOL));
        BadRecordException tooHigh = assertThrows(BadRecordException.class, () -> r.render(
                record(Map.of("zone", "a"), Map.of("qos", "2")), new ServerLimits(20, 1_000_000, 1, true)));
        assertTrue(tooHigh.getMessage().contains("QoS 1 at most"), tooHigh.getMessage());
    }

    @Test
    void tombstonesAreSkippedOrClearTheRetainedMessage() {
        assertNull(renderer(Map.of("mqtt.topic", "labels/${key}")).render(record(null, Map.of()), ServerLimits.PROTOCOL));
        OutboundMessage clear = renderer(Map.of("mqtt.topic", "labels/${key}", "mqtt.tombstones", "clear-retained"))
                .render(record(null, Map.of()), ServerLimits.PROTOCOL);
        assertEquals("labels/k", clear.topic());
        assertEquals(0, clear.payload().length);
        assertTrue(clear.retain());
    }

    @Test
    void aPacketLargerThanEitherLimitIsABadRecord() {
        MessageRenderer r = renderer(Map.of("mqtt.message.max.bytes", "100"));
        assertEquals("shop/a/price", r.render(record(Map.of("zone", "a", "p", "x".repeat(50)), Map.of()), ServerLimits.PROTOCOL).topic());
        BadRecordException ours = assertThrows(BadRecordException.class,
                () -> r.render(record(Map.of("zone", "a", "p", "x".repeat(100)), Map.of()), ServerLimits.PROTOCOL));
        assertTrue(ours.getMessage().contains("mqtt.message.max.bytes"), ours.getMessage());
        BadRecordException broker = assertThrows(BadRecordException.class, () -> renderer(Map.of())
                .render(record(Map.of("zone", "a", "p", "x".repeat(100)), Map.of()), new ServerLimits(20, 90, 2, true)));
        assertTrue(broker.getMessage().contains("Maximum Packet Size of 90"), broker.getMessage());
    }

    @Test
    void propertiesComeFromHeadersAndTemplatesAndAreLeftOutWhenMissing() {
        Map<String, String> c = new HashMap<>();
        c.put("mqtt.user.properties.headers", "site");
        c.put("mqtt.user.properties.header.prefix", "p.");
        c.put("mqtt.content.type", "${header.ct}");
        c.put("mqtt.message.expiry.seconds", "${value.ttl}");
        c.put("mqtt.correlation.data", "${header.id}");
        MessageRenderer r = renderer(c);
        OutboundMessage m = r.render(record(Map.of("zone", "a", "ttl", 30), Map.of("site", "s1", "p.line", "L2", "other", "x",
                "id", "req-1")), ServerLimits.PROTOCOL);
        assertEquals(java.util.Set.of(Map.entry("site", "s1"), Map.entry("line", "L2")), new java.util.HashSet<>(m.userProperties()));
        assertNull(m.contentType(), "no ct header, no content type");
        assertEquals(30L, m.messageExpirySeconds());
        assertEquals("req-1", new String(m.correlationData(), StandardCharsets.UTF_8));
        assertThrows(BadRecordException.class, () -> r.render(record(Map.of("zone", "a", "ttl", -1), Map.of()), ServerLimits.PROTOCOL));
    }
}
