package io.tributary.connect.mqtt.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Which filters each task subscribes to. With MQTT 5 shared subscriptions every task joins the same
 * share group for every filter and the broker spreads messages over them; otherwise the filters are
 * dealt out over the tasks, each filter to exactly one task, so no message is read twice. A single
 * task subscribes plainly even when sharing is on: a share group of one spreads nothing, and brokers
 * such as Mosquitto 2.0 do not keep messages for a shared subscription whose member is offline after
 * a broker restart, while they do for a plain one.
 */
public final class SubscriptionPlan {
    private SubscriptionPlan() {
    }

    /** The filters of each task; as many lists as tasks should run (at most {@code maxTasks}). */
    public static List<List<String>> plan(List<String> filters, int maxTasks, boolean shared, String group) {
        List<List<String>> tasks = new ArrayList<>();
        if (shared && maxTasks > 1) {
            List<String> sharedFilters = new ArrayList<>();
            for (String f : filters) {
                sharedFilters.add(TopicFilters.isShared(f) ? f : TopicFilters.SHARE_PREFIX + group + "/" + f);
            }
            for (int i = 0; i < maxTasks; i++) {
                tasks.add(sharedFilters);
            }
            return tasks;
        }
        int count = Math.min(maxTasks, filters.size());
        for (int i = 0; i < count; i++) {
            tasks.add(new ArrayList<>());
        }
        for (int i = 0; i < filters.size(); i++) {
            tasks.get(i % count).add(filters.get(i));
        }
        return tasks;
    }

    /** A share group name from a connector name: no '/', '+' or '#'. */
    public static String groupName(String connectorName) {
        return connectorName.replaceAll("[/+#\\s]", "_");
    }
}
