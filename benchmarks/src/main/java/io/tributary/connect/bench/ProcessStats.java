package io.tributary.connect.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's heap use and resident set size while a run lasts. The workers, the broker and
 * the load generator share this JVM, so the figures bound the worker's from above.
 */
final class ProcessStats implements AutoCloseable {
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-stats");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong maxHeap = new AtomicLong();
    private final AtomicLong maxRss = new AtomicLong();

    ProcessStats() {
        sampler.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        maxHeap.accumulateAndGet(heap, Math::max);
        maxRss.accumulateAndGet(rssBytes(), Math::max);
    }

    long maxHeapMb() {
        return maxHeap.get() >> 20;
    }

    long maxRssMb() {
        return maxRss.get() >> 20;
    }

    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
