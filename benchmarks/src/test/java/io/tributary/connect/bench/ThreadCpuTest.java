package io.tributary.connect.bench;

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

    @Test
    void aSinkConnectorsFigureAddsUpItsTaskThreadsAndHeartbeatAndNothingElse() throws Exception {
        String connector = "bench_tributary_insert_4_std_x1";
        List<String> mine = List.of("task-thread-" + connector + "-0", "task-thread-" + connector + "-3",
                "kafka-coordinator-heartbeat-thread | connect-" + connector);
        List<String> others = List.of("task-thread-" + connector + "x-0", "task-thread-bench_peer_insert_4_std_x1-0",
                "kafka-coordinator-heartbeat-thread | connect-" + connector + "x", Limits.CONSUMER_THREAD_PREFIX + "0",
                "task-thread-" + connector + "-backup");
        CountDownLatch ready = new CountDownLatch(mine.size() + others.size());
        try (ThreadCpu cpu = new ThreadCpu(ThreadCpu.Threads.sinkConnector(connector))) {
            mine.forEach(n -> busy(n, ready));
            others.forEach(n -> busy(n, ready));
            ready.await();
            ThreadCpu.Reading reading = readUntil(cpu, Set.copyOf(mine));
            assertEquals(Set.copyOf(mine), reading.threadNames());
            assertTrue(reading.cpuNanos() > 0, "the busy threads spent CPU");
            assertTrue(reading.microsPer(1000) > 0);
        } finally {
            running.set(false);
            for (Thread t : started) {
                t.join();
            }
        }
    }

    @Test
    void theConsumerLimitsFigureAddsUpItsPoolThreads() throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        try (ThreadCpu cpu = new ThreadCpu(ThreadCpu.Threads.named(Limits.CONSUMER_THREAD_PREFIX))) {
            busy(Limits.CONSUMER_THREAD_PREFIX + "0", ready);
            busy("task-thread-some-connector-0", ready);
            ready.await();
            Set<String> expected = Set.of(Limits.CONSUMER_THREAD_PREFIX + "0");
            assertEquals(expected, readUntil(cpu, expected).threadNames());
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
                () -> JdbcSinkScenario.microsPerRecord(new ThreadCpu.Reading(0, Set.of()), 1000, "nothing"));
    }
}
