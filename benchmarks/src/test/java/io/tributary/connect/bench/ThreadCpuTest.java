package io.tributary.connect.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thread matching behind every CPU-per-record figure: the run's own threads, and no one else's. */
class ThreadCpuTest {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> started = new ArrayList<>();

    /** A thread named as a worker would name it, busy until the test ends. */
    private void busy(String name, CountDownLatch ready) {
        Thread t = new Thread(() -> {
            ready.countDown();
            long x = 0;
            while (running.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, name);
        t.setDaemon(true);
        t.start();
        started.add(t);
    }

    /** Reads until every expected thread has spent some CPU (each is spinning), for at most 10 s. */
    private static ThreadCpu.Reading readUntil(ThreadCpu cpu, Set<String> expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        ThreadCpu.Reading reading = cpu.read();
        while (!reading.threadNames().containsAll(expected) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            reading = cpu.read();
        }
        return reading;
    }

    /** Ends the busy threads a test started. */
    @AfterEach
    void stopBusyThreads() throws InterruptedException {
        running.set(false);
        for (Thread t : started) {
            t.join();
        }
    }

    /** Starts a busy thread of each name, then reads what the figure adds up once all of {@code mine} have run. */
    private ThreadCpu.Reading readWith(ThreadCpu.Threads threads, List<String> mine, List<String> others) throws Exception {
        CountDownLatch ready = new CountDownLatch(mine.size() + others.size());
        try (ThreadCpu cpu = new ThreadCpu(threads)) {
            mine.forEach(n -> busy(n, ready));
            others.forEach(n -> busy(n, ready));
            ready.await();
            return readUntil(cpu, Set.copyOf(mine));
        }
    }

    @Test
    void aSinkConnectorsFigureAddsUpItsTaskThreadsAndHeartbeatAndNothingElse() throws Exception {
        String connector = "bench_tributary_insert_4_std_x1";
        List<String> mine = List.of("task-thread-" + connector + "-0", "task-thread-" + connector + "-3",
                "kafka-coordinator-heartbeat-thread | connect-" + connector);
        List<String> others = List.of("task-thread-" + connector + "x-0", "task-thread-bench_peer_insert_4_std_x1-0",
                "kafka-coordinator-heartbeat-thread | connect-" + connector + "x", Limits.CONSUMER_THREAD_PREFIX + "0",
                "task-thread-" + connector + "-backup");
        ThreadCpu.Reading reading = readWith(ThreadCpu.Threads.sinkConnector(connector), mine, others);
        assertEquals(Set.copyOf(mine), reading.threadNames());
        assertTrue(reading.cpuNanos() > 0, "the busy threads spent CPU");
        assertTrue(reading.microsPer(1000) > 0);
    }

    @Test
    void anMqttSourcesFigureAddsUpItsTaskProducerAndSessionThreadsAndNothingElse() throws Exception {
        String connector = "bench-mqtt-abc1";
        List<String> mine = List.of("task-thread-" + connector + "-0", "task-thread-" + connector + "-1",
                "kafka-producer-network-thread | connector-producer-" + connector + "-0",
                "tributary-mqtt-inbound-tributary-" + connector + "-0",
                "tributary-mqtt-io-tributary-" + connector + "-1-7-1");
        List<String> others = List.of("task-thread-" + connector + "0-0",
                "kafka-producer-network-thread | connector-producer-bench-mqtt-abc10-0",
                "tributary-mqtt-inbound-tributary-" + connector + "-backlog-0",
                "tributary-mqtt-io-tributary-bench-mqtt-other-0-3-1",
                "tributary-mqtt-io-tributary-" + connector + "-2-0-3-1", "tributary-mqtt-inbound-tributary-" + connector + "-2-0", "bench-mqtt-load-2-1",
                "kafka-producer-network-thread | " + MqttPair.CLIENT_ID, "com.hivemq.client.mqtt-1-1");
        assertEquals(Set.copyOf(mine), readWith(ThreadCpu.Threads.mqttSource(connector, "tributary"), mine, others)
                .threadNames());
    }

    @Test
    void theMqttPairsFigureAddsUpItsSubscriberAndProducerThreads() throws Exception {
        List<String> mine = List.of(MqttPair.THREAD_PREFIX + "io-1-1", MqttPair.THREAD_PREFIX + "inbound",
                "kafka-producer-network-thread | " + MqttPair.CLIENT_ID);
        List<String> others = List.of("bench-mqtt-load-1-1", "tributary-mqtt-io-tributary-bench-mqtt-x-0-1-1",
                "kafka-producer-network-thread | producer-3");
        assertEquals(Set.copyOf(mine), readWith(MqttPair.THREADS, mine, others).threadNames());
    }

    @Test
    void theConsumerLimitsFigureAddsUpItsPoolThreads() throws Exception {
        List<String> mine = List.of(Limits.CONSUMER_THREAD_PREFIX + "0");
        assertEquals(Set.copyOf(mine), readWith(ThreadCpu.Threads.named(Limits.CONSUMER_THREAD_PREFIX), mine,
                List.of("task-thread-some-connector-0")).threadNames());
    }

    /** Connect renames a pooled thread when a task starts on it: its earlier CPU is another run's. */
    @Test
    void aThreadRenamedIntoTheMatchCountsOnlyWhatItSpentAfterwards() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        mx.setThreadCpuTimeEnabled(true);
        CountDownLatch ready = new CountDownLatch(1);
        busy("pool-7-thread-1", ready);
        ready.await();
        Thread pooled = started.get(0);
        try {
            while (mx.getThreadCpuTime(pooled.getId()) < 300_000_000L) {
                Thread.sleep(10); // its earlier life: 300 ms of CPU under another name
            }
            String name = "task-thread-bench-mqtt-backlog-x1-0";
            try (ThreadCpu cpu = new ThreadCpu(ThreadCpu.Threads.sinkConnector("bench-mqtt-backlog-x1"))) {
                long before = mx.getThreadCpuTime(pooled.getId());
                pooled.setName(name);
                ThreadCpu.Reading reading = readUntil(cpu, Set.of(name));
                long after = mx.getThreadCpuTime(pooled.getId());
                assertEquals(Set.of(name), reading.threadNames());
                assertTrue(reading.cpuNanos() <= after - before + 50_000_000L,
                        "counted " + reading.cpuNanos() + " ns, but the thread spent " + (after - before) + " ns since the rename");
            }
        } finally {
            running.set(false);
            for (Thread t : started) {
                t.join();
            }
        }
    }

    @Test
    void aRunWhoseThreadsWereNotFoundFailsInsteadOfReportingZero() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> JdbcSinkScenario.microsPerRecord(new ThreadCpu.Reading(0, java.util.Map.of()), 1000, "nothing"));
    }
}
