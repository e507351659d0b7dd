package io.tributary.connect.bench;

import org.apache.kafka.common.utils.Sanitizer;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a connector's records split over its tasks, from each task's own Connect metric as the worker
 * publishes it over JMX (the workers run in this JVM): a sink task's {@code sink-record-send-total}
 * (records handed to put after transforms), a source task's {@code source-record-write-total}
 * (records Kafka acknowledged). Read before the connector is deleted, which unregisters them.
 */
final class TaskSplit {
    private TaskSplit() {
    }

    /**
     * Records per task, in task order; empty (reported as not measured) when some task's metrics are missing,
     * as after a task moved between workers, which restarts its counters.
     */
    static List<Long> read(String connector, boolean sink, int tasks) {
        List<Long> split = read(connector, sink);
        if (split.size() != tasks) {
            System.out.printf("  (the split over tasks of %s is not measured: metrics of %d of %d tasks found)%n", connector,
                    split.size(), tasks);
            return List.of();
        }
        return split;
    }

    /** Records per task, in task order; empty when the worker publishes none. */
    static List<Long> read(String connector, boolean sink) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String type = sink ? "sink-task-metrics" : "source-task-metrics";
        String attribute = sink ? "sink-record-send-total" : "source-record-write-total";
        Map<Integer, Long> byTask = new TreeMap<>();
        try {
            // Written as the worker's JmxReporter writes the tag: quoted only when the name needs it.
            ObjectName pattern = new ObjectName("kafka.connect:type=" + type + ",connector=" + Sanitizer.jmxSanitize(connector)
                    + ",task=*");
            for (ObjectName name : server.queryNames(pattern, null)) {
                byTask.put(Integer.parseInt(name.getKeyProperty("task")),
                        Math.round(((Number) server.getAttribute(name, attribute)).doubleValue()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the task metrics of " + connector, e);
        }
        return List.copyOf(byTask.values());
    }

    /** The largest departure of one task's share from an even split: 0.1 = a task 10% above or below. */
    static double worstDeviation(List<Long> records) {
        long total = records.stream().mapToLong(Long::longValue).sum();
        if (records.isEmpty() || total == 0) {
            return Double.NaN;
        }
        double even = (double) total / records.size();
        return records.stream().mapToDouble(r -> Math.abs(r / even - 1)).max().orElse(Double.NaN);
    }

    /** Each task's share of the records in percent, "50/50"; blank for a single task or none. */
    static String cell(List<Long> records) {
        long total = records.stream().mapToLong(Long::longValue).sum();
        if (records.size() < 2 || total == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (long r : records) {
            s.append(s.length() == 0 ? "" : "/").append(Math.round(100.0 * r / total));
        }
        return s.toString();
    }
}
