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
}
