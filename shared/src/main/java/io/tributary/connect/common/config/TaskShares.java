package io.tributary.connect.common.config;

import java.util.ArrayList;
import java.util.List;

/** How a source connector deals its units of work (tables, endpoints) out over its tasks. */
public final class TaskShares {
    private TaskShares() {
    }

    /**
     * {@code items} round robin over at most {@code maxTasks} shares, so shares differ by at most one item and
     * none is empty; no shares for no items.
     */
    public static <T> List<List<T>> deal(List<T> items, int maxTasks) {
        int tasks = Math.min(maxTasks, items.size());
        List<List<T>> shares = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            shares.get(i % tasks).add(items.get(i));
        }
        return shares;
    }
}
