package io.tributary.connect.common.flow;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;

import java.util.Collection;

/**
 * A sink task's flow control over its own partitions: one that holds too much while the far end is slow or away is
 * paused (the worker goes on fetching the others) and resumed once it drained. Logged at debug: with a backlog
 * and a slower far end this is the normal flow, many times a minute; the tasks count it in their metrics.
 */
public final class PartitionPauses {
    private PartitionPauses() {
    }

    public static void pause(SinkTaskContext context, Collection<TopicPartition> partitions, Logger log, String why) {
        if (!partitions.isEmpty()) {
            log.debug("Pausing {}: {}", partitions, why);
            context.pause(partitions.toArray(new TopicPartition[0]));
        }
    }

    public static void resume(SinkTaskContext context, Collection<TopicPartition> partitions, Logger log) {
        if (!partitions.isEmpty()) {
            log.debug("Resuming {}", partitions);
            context.resume(partitions.toArray(new TopicPartition[0]));
        }
    }

    /**
     * For {@code open}: a partition the task paused, lost in a rebalance and got back would stay paused (the worker
     * re-applies the pauses a task asked for) with nothing held to resume it for, so every newly assigned partition
     * starts unpaused.
     */
    public static void unpauseOpened(SinkTaskContext context, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            context.resume(partitions.toArray(new TopicPartition[0]));
        }
    }
}
