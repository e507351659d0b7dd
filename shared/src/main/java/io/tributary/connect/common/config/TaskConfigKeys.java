package io.tributary.connect.common.config;

/** Keys every connector of the pack adds to its tasks' configs. */
public final class TaskConfigKeys {
    /**
     * The task's number, 0 to tasks.max - 1, which Connect does not hand a task: it names the task's
     * client ids, metrics and log lines, and picks its share of the work.
     */
    public static final String TASK_NUMBER = "tributary.task.number";

    private TaskConfigKeys() {
    }

    /** {@code maxTasks} copies of the connector's config, each with its task's number: what a sink's tasks get. */
    public static java.util.List<java.util.Map<String, String>> numbered(java.util.Map<String, String> props, int maxTasks) {
        java.util.List<java.util.Map<String, String>> configs = new java.util.ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            java.util.Map<String, String> task = new java.util.HashMap<>(props);
            task.put(TASK_NUMBER, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    /** The number a task got from {@link #numbered}, as text for client ids, metrics and logs. */
    public static String of(java.util.Map<String, String> taskProps) {
        return taskProps.getOrDefault(TASK_NUMBER, "0");
    }
}
