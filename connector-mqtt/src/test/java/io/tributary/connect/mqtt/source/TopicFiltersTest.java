package io.tributary.connect.mqtt.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicFiltersTest {
    @Test
    void acceptsValidFiltersAndExplainsInvalidOnes() {
        for (String ok : List.of("a", "a/b", "+", "#", "a/+/c", "a/#", "/a", "$SYS/#", "$share/g/a/+", "a//b")) {
            assertNull(TopicFilters.problem(ok), ok);
        }
        assertTrue(TopicFilters.problem("a/#/b").contains("last"));
        assertTrue(TopicFilters.problem("a/b#").contains("whole level"));
        assertTrue(TopicFilters.problem("a/b+").contains("'+'"));
        assertNotNull(TopicFilters.problem(""));
        assertTrue(TopicFilters.problem("$share/g").contains("group and a filter"));
        assertTrue(TopicFilters.problem("$share/g+/a").contains("wildcard"));
    }

    @Test
    void matchesLikeABroker() {
        assertTrue(TopicFilters.matches("a/+/c", "a/b/c"));
        assertFalse(TopicFilters.matches("a/+/c", "a/b/d"));
        assertTrue(TopicFilters.matches("a/#", "a"));
        assertTrue(TopicFilters.matches("a/#", "a/b/c"));
        assertFalse(TopicFilters.matches("#", "$SYS/broker/uptime"));
        assertTrue(TopicFilters.matches("$SYS/#", "$SYS/broker/uptime"));
        assertTrue(TopicFilters.matches("$share/g/a/+", "a/x"));
        assertFalse(TopicFilters.matches("a/b", "a/b/c"));
    }
}
