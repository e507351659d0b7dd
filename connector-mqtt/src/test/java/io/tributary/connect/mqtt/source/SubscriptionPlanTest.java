package io.tributary.connect.mqtt.source;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionPlanTest {
    @Test
    void sharedSubscriptionsGiveEveryTaskEveryFilterInOneGroup() {
        List<List<String>> plan = SubscriptionPlan.plan(List.of("a/#", "$share/own/b"), 3, true, "conn");
        assertEquals(3, plan.size());
        for (List<String> task : plan) {
            assertEquals(List.of("$share/conn/a/#", "$share/own/b"), task);
        }
    }

    @Test
    void aSingleTaskSubscribesPlainlyKeepingTheShareGroupsItWasGiven() {
        assertEquals(List.of(List.of("a/#", "$share/own/b")), SubscriptionPlan.plan(List.of("a/#", "$share/own/b"), 1, true, "conn"));
    }

    @Test
    void withoutSharingEachFilterGoesToExactlyOneTask() {
        List<String> filters = List.of("a", "b", "c", "d", "e");
        List<List<String>> plan = SubscriptionPlan.plan(filters, 2, false, "conn");
        assertEquals(2, plan.size());
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (List<String> task : plan) {
            seen.addAll(task);
            total += task.size();
        }
        assertEquals(Set.copyOf(filters), seen);
        assertEquals(filters.size(), total);
    }

    @Test
    void neverMoreTasksThanFiltersWhenSplitting() {
        assertEquals(1, SubscriptionPlan.plan(List.of("a/#"), 4, false, "c").size());
    }

    @Test
    void groupNamesLoseWildcardsAndSlashes() {
        assertEquals("my_conn_x", SubscriptionPlan.groupName("my/conn+x"));
    }

    @Test
    void theDescriptionSaysWhatEachTaskReadsAndHowToGetMoreTasks() {
        String split = SubscriptionPlan.describe("src", SubscriptionPlan.plan(List.of("a/#", "b/#"), 3, false, "src"), 3,
                false, true);
        assertTrue(split.contains("runs 2 of tasks.max=3") && split.contains("task 0 [a/#], task 1 [b/#]"), split);
        assertTrue(split.contains("plain subscription") && split.contains("mqtt.topics")
                && split.contains("mqtt.shared.subscription.enabled=true"), split);
        String v311 = SubscriptionPlan.describe("src", SubscriptionPlan.plan(List.of("a/#"), 2, false, "src"), 2, false, false);
        assertTrue(v311.contains("need MQTT 5"), v311);
        String shared = SubscriptionPlan.describe("src", SubscriptionPlan.plan(List.of("a/#"), 2, true, "src"), 2, true, true);
        assertTrue(shared.contains("runs 2 of tasks.max=2") && shared.contains("$share/src/a/#")
                && shared.contains("Mosquitto 2.0") && !shared.contains("allow no more"), shared);
    }
}
