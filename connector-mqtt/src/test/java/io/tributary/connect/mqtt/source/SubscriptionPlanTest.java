package io.tributary.connect.mqtt.source;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
