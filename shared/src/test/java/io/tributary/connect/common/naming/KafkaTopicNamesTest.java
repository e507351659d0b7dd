package io.tributary.connect.common.naming;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaTopicNamesTest {
    @Test
    void replacesWhatKafkaRefusesAndKeepsTheRest() {
        assertEquals("a_b.c", KafkaTopicNames.legal("a b.c"));
        assertEquals("_..", KafkaTopicNames.legal(".."));
        assertEquals("prix_t_", KafkaTopicNames.legal("prix\"t\u00e9"));
        assertEquals(249, KafkaTopicNames.legal("x".repeat(400)).length());
        assertTrue(KafkaTopicNames.isLegal("ok.topic-1_2"));
        assertFalse(KafkaTopicNames.isLegal("no/slash"));
        assertFalse(KafkaTopicNames.isLegal(""));
    }
}
