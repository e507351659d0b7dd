package io.tributary.connect.mqtt.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Which filters each task subscribes to. By default the filters are dealt out over the tasks, each
 * filter to exactly one task, so no message is read twice and each task's plain subscription lives
 * in a session the broker keeps across its own restarts. With MQTT 5 shared subscriptions turned on,
 * every task joins the same share group for every filter and the broker spreads messages over them.
 * A single task subscribes plainly even then: a share group of one spreads nothing, and brokers such
 * as Mosquitto 2.0 do not keep messages for a shared subscription whose member is offline after a
 * broker restart, while they do for a plain one.
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

    /**
     * The plan as the connector's start log says it: how many tasks of tasks.max run, which filters each
     * reads and how, and, when the filters allow fewer tasks than asked for, how to get more.
     */
    public static String describe(String connector, List<List<String>> plan, int maxTasks, boolean shared,
                                  boolean mqtt5) {
        StringBuilder text = new StringBuilder("MQTT source ").append(connector).append(" runs ").append(plan.size())
                .append(" of tasks.max=").append(maxTasks).append(" task(s): ");
        for (int i = 0; i < plan.size(); i++) {
            text.append(i == 0 ? "" : ", ").append("task ").append(i).append(' ').append(plan.get(i));
        }
        if (plan.size() > 1 && plan.get(0).stream().anyMatch(TopicFilters::isShared)) {
            text.append("; every task joins the shared subscriptions and the broker spreads their messages "
                    + "(mqtt.shared.subscription.enabled=true: a broker that drops shared subscriptions on restart, such "
                    + "as Mosquitto 2.0, loses what is published until a task subscribes again)");
        } else {
            text.append("; each filter is read by one task through a plain subscription in a session the broker keeps "
                    + "(mqtt.shared.subscription.enabled=").append(shared).append(')');
        }
        if (plan.size() < maxTasks) {
            text.append(". The filters allow no more tasks: list more filters in mqtt.topics (each goes to one task)");
            text.append(mqtt5 ? ", or set mqtt.shared.subscription.enabled=true to spread the same filters over "
                    + maxTasks + " tasks on a broker that keeps shared subscriptions across restarts"
                    : " (shared subscriptions, which would spread one filter, need MQTT 5: mqtt.version=5)");
        }
        return text.toString();
    }

    /** A share group name from a connector name: no '/', '+' or '#'. */
    public static String groupName(String connectorName) {
        return connectorName.replaceAll("[/+#\\s]", "_");
    }
}
