package io.tributary.connect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * CPU time spent by the threads of this JVM that do one run's work, picked by name, between
 * construction and {@link #read()}: the JVM's per-thread CPU clocks (ThreadMXBean), which count
 * what those threads ran whatever else the machine was busy with. A sampler keeps each thread's
 * last reading, so a thread that ends before the read still counts up to its last sample, one
 * that starts after construction counts from zero, and one renamed into the match after
 * construction counts from construction.
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
                    name -> numbered(name, task) || name.equals(heartbeat));
        }

        /**
         * An MQTT source connector's work: its task threads (poll, convert), each task's Kafka producer
         * network thread ({@code connector-producer-<connector>-<n>}), and each task's MQTT session threads,
         * named after its client id {@code <prefix>-<connector>-<n>}: the inbound thread (the client's
         * publish callbacks, acknowledgements) and the session's own Netty event loop (socket I/O, MQTT codec), {@code <client id>-<pool>-<n>}.
         */
        static Threads mqttSource(String connector, String clientIdPrefix) {
            Threads source = sourceConnector(connector);
            String clientId = clientIdPrefix + "-" + connector + "-";
            String inbound = "tributary-mqtt-inbound-" + clientId;
            String network = "tributary-mqtt-io-" + clientId;
            return new Threads(source.description().replace(" and ", ", ") + ", `" + inbound + "*` and `" + network + "*`",
                    name -> source.matches().test(name) || numbered(name, inbound)
                            || (name.startsWith(network) && name.substring(network.length()).matches("\\d+-\\d+-\\d+")));
        }

        /**
         * A source connector's work as Connect runs it: its task threads (poll, convert) and each task's Kafka
         * producer network thread ({@code connector-producer-<connector>-<n>}).
         */
        static Threads sourceConnector(String connector) {
            String task = "task-thread-" + connector + "-";
            String producer = "kafka-producer-network-thread | connector-producer-" + connector + "-";
            return new Threads("threads `" + task + "*` and `" + producer + "*`",
                    name -> numbered(name, task) || numbered(name, producer));
        }

        /** Threads whose names start with {@code prefix}. */
        static Threads named(String prefix) {
            return new Threads("threads `" + prefix + "*`", name -> name.startsWith(prefix));
        }

        /** Threads whose names start with any of {@code prefixes}. */
        static Threads named(String... prefixes) {
            List<String> all = List.of(prefixes);
            return new Threads("threads " + String.join(", ", all.stream().map(p -> "`" + p + "*`").toList()),
                    name -> all.stream().anyMatch(name::startsWith));
        }

        /** Every thread of this JVM: to see where a run's CPU went. */
        static Threads all() {
            return new Threads("every thread", name -> true);
        }

        /** {@code <prefix><task number>}, so that connector "a" does not count connector "a-1"'s threads. */
        private static boolean numbered(String name, String prefix) {
            return name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+");
        }
    }

    /** What the threads spent, and which threads they were, with what each spent. */
    record Reading(long cpuNanos, Map<String, Long> byThread) {
        Set<String> threadNames() {
            return byThread.keySet();
        }

        double microsPer(long records) {
            return records <= 0 ? Double.NaN : cpuNanos / 1000.0 / records;
        }

        /** The {@code n} threads that spent most, with their µs per record: where a run's CPU went. */
        String top(int n, long records) {
            StringBuilder s = new StringBuilder();
            byThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .forEach(e -> s.append(String.format("    %8.2f µs/record  %s%n", e.getValue() / 1000.0 / records, e.getKey())));
            return s.toString();
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
            // Every thread's clock, not only the matching ones': Connect runs tasks on pooled threads and renames
            // each to task-thread-<connector>-<n> when the task starts, so a thread that takes a task after this
            // point may have spent a previous life's CPU under another name, which must not count.
            for (long id : mx.getAllThreadIds()) {
                long cpu = mx.getThreadCpuTime(id);
                if (cpu >= 0) {
                    atStart.put(id, cpu);
                }
            }
            sample();
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
        Map<String, Long> seen = new TreeMap<>();
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            long spent = e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
            if (spent > 0) {
                total += spent;
                // Threads that share a name (a pool's, across runs) add up under it.
                seen.merge(names.get(e.getKey()), spent, Long::sum);
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
