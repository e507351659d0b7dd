package io.tributary.connect.bench;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches topics fill, by their end offsets, until they hold the records a run writes: when the first
 * arrived (and how many there were then), when the last did. A run times the window between, so
 * start-up is not counted.
 */
final class TopicProgress {
    /** Called at each sample; {@code first} at the sample that saw the first records. May throw to give up. */
    @FunctionalInterface
    interface Sample {
        void at(long count, boolean first) throws Exception;
    }

    /**
     * The timed window: nanoTime of the first and the last sample, and the records at each; and how far apart
     * the partitions got their first records, and their last ones (seconds).
     */
    record Window(long firstAt, long firstCount, long lastAt, long count, double startSpread, double endSpread) {
        long measured() {
            return count - firstCount;
        }

        double seconds() {
            return (lastAt - firstAt) / 1e9;
        }
    }

    private TopicProgress() {
    }

    /**
     * Samples every {@code everyMs} until the partitions hold {@code expected} records, or fails after a deadline
     * that allows 2,000 records/s plus three minutes, saying what {@code status} tells.
     */
    static Window await(EmbeddedKafkaCluster kafka, List<TopicPartition> partitions, long expected, long everyMs,
                        Sample sample, Supplier<String> status) throws Exception {
        long deadline = System.nanoTime() + (long) ((expected / 2_000.0 + 180) * 1e9);
        long firstAt = 0;
        long firstCount = 0;
        long count = 0;
        long lastAt = 0;
        Map<TopicPartition, Long> started = new java.util.HashMap<>();
        Map<TopicPartition, Long> changed = new java.util.HashMap<>();
        Map<TopicPartition, Long> seen = new java.util.HashMap<>();
        try (KafkaConsumer<byte[], byte[]> offsets = kafka.createConsumer(Map.of())) {
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(count + " of " + expected + " records written in time; " + status.get());
                }
                Thread.sleep(everyMs);
                Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
                count = ends.values().stream().mapToLong(Long::longValue).sum();
                long now = System.nanoTime();
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    if (e.getValue() > 0) {
                        started.putIfAbsent(e.getKey(), now);
                    }
                    if (!e.getValue().equals(seen.put(e.getKey(), e.getValue()))) {
                        changed.put(e.getKey(), now);
                    }
                }
                boolean first = firstAt == 0 && count > 0;
                if (first) {
                    firstAt = now;
                    firstCount = count;
                }
                sample.at(count, first);
                lastAt = now;
            }
        }
        if (count != expected) {
            throw new IllegalStateException(count + " records written, not " + expected);
        }
        if (count == firstCount || lastAt <= firstAt) {
            throw new IllegalStateException("all records arrived between two samples; write more per run");
        }
        return new Window(firstAt, firstCount, lastAt, count, spread(started), spread(changed));
    }

    private static double spread(Map<TopicPartition, Long> times) {
        return times.isEmpty() ? 0 : (java.util.Collections.max(times.values()) - java.util.Collections.min(times.values())) / 1e9;
    }
}
