package io.tributary.connect.mqtt.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaTopicMapperTest {
    @Test
    void templateMapsLevelsWithTheSeparator() {
        assertEquals("sensors.kitchen.temp", new KafkaTopicMapper("${mqtt.topic}", ".", List.of()).kafkaTopic("sensors/kitchen/temp"));
        assertEquals("raw-sensors_kitchen", new KafkaTopicMapper("raw-${mqtt.topic}", "_", List.of()).kafkaTopic("sensors/kitchen"));
        assertEquals("fixed", new KafkaTopicMapper("fixed", ".", List.of()).kafkaTopic("any/thing"));
    }

    @Test
    void firstMatchingRuleWinsAndMayUseGroups() {
        KafkaTopicMapper m = new KafkaTopicMapper("other", ".", List.of("^plant/([^/]+)/temp$=>temp-$1", "^plant/.*=>plant"));
        assertEquals("temp-p1", m.kafkaTopic("plant/p1/temp"));
        assertEquals("plant", m.kafkaTopic("plant/p1/humidity"));
        assertEquals("other", m.kafkaTopic("office/x"));
    }

    @Test
    void illegalCharactersBecomeUnderscores() {
        assertEquals("_SYS.broker.uptime", new KafkaTopicMapper("${mqtt.topic}", ".", List.of()).kafkaTopic("$SYS/broker/uptime"));
        assertEquals("a_b.c", new KafkaTopicMapper("${mqtt.topic}", ".", List.of()).kafkaTopic("a b/c"));
    }

    @Test
    void badRulesAreRefusedWithTheFormat() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaTopicMapper.Rule.parse("no-arrow"))
                .getMessage().contains("regex=>topic"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaTopicMapper.Rule.parse("([=>x"))
                .getMessage().contains("regex"));
    }
}
