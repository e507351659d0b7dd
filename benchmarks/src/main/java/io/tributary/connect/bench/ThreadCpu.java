package io.tributary.connect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time spent by the threads of this JVM that do one run's work, picked by name, between
 * construction and {@link #read()}: the JVM's per-thread CPU clocks (ThreadMXBean), which count
 * what those threads ran whatever else the machine was busy with. A sampler keeps each thread's
 * last reading, so a thread that ends before the read still counts up to its last sample, and one
 * that starts after construction counts from zero.
 */
final class ThreadCpu implements AutoCloseable {
    /** Which threads a figure adds up, and how they are told apart from the rest by name. */
    record Threads(String description, Predicate<String> matches) {
        /**
         * A sink connector's work: its task threads ({@code task-thread-<connector>-<n>}, where each
         * task's consumer polls, converts and the task writes) and its consumer group's heartbeat thread.
         */
        static Threads sinkConnector(String connector) {
            String task = "task-thread-" + connector + "-";
            String heartbeat = "kafka-coordinator-heartbeat-thread | connect-" + connector;
            return new Threads("threads `" + task + "*` and `" + heartbeat + "`",
                    name -> (name.startsWith(task) && name.substring(task.length()).matches("\\d+"))
                            || name.equals(heartbeat));
        }

        /** Threads whose names start with {@code prefix}. */
        static Threads named(String prefix) {
            return new Threads("threads `" + prefix + "*`", name -> name.startsWith(prefix));
        }
    }

    /** What the threads spent, and which threads they were. */
    record Reading(long cpuNanos, Set<String> threadNames) {
        double microsPer(long records) {
            return records <= 0 ? Double.NaN : cpuNanos / 1000.0 / records;
        }
    }

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Threads threads;
    private final Map<Long, Long> atStart = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-thread-cpu");
        t.setDaemon(true);
        return t;
    });

    ThreadCpu(Threads threads) {
        this.threads = threads;
        if (!mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM has no per-thread CPU clocks");
        }
        mx.setThreadCpuTimeEnabled(true);
        synchronized (this) {
            sample();
            atStart.putAll(last);
        }
        sampler.scheduleAtFixedRate(this::sample, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Names without stacks: cheap enough to run every 200 ms beside the run it measures. */
    private synchronized void sample() {
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 0)) {
            if (info != null && threads.matches().test(info.getThreadName())) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    last.put(info.getThreadId(), cpu);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
    }

    /** The CPU the matched threads spent since construction. */
    synchronized Reading read() {
        sample();
        long total = 0;
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            long spent = e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
            if (spent > 0) {
                total += spent;
                seen.add(names.get(e.getKey()));
            }
        }
        return new Reading(total, seen);
    }

    String description() {
        return threads.description();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
