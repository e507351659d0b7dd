package io.tributary.connect.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How busy the whole machine's cores were between construction and {@link #busyPercent()}, from
 * /proc/stat: every process counts (the broker, the database, the load generator), which is what
 * says whether a run had a core left to scale onto. It also tells how many of those cores the
 * local database's processes used ({@link #processCores()}), the share a sink cannot give to its
 * converter when the database runs on the same machine. NaN where /proc is missing.
 */
final class MachineCpu {
    private static final long SAMPLE_MS = 50;

    private final String processName;
    private final long[] start;
    /** Per process: its ticks when first seen (0 for one born after construction) and when last seen. */
    private final Map<Long, Long> firstTicks = new HashMap<>();
    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final ScheduledExecutorService sampler;

    MachineCpu() {
        this(null);
    }

    /**
     * {@code processName}: the command name (as in /proc/PID/comm) whose CPU {@link #processCores()}
     * adds up, or null for none. Its processes are sampled every 50 ms, so one that exits before the
     * read (a psql session's backend) still counts up to its last sample.
     */
    MachineCpu(String processName) {
        this.processName = processName;
        this.start = read();
        if (processName == null) {
            sampler = null;
            return;
        }
        synchronized (this) {
            sampleProcesses(true);
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-process-cpu");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            synchronized (this) {
                sampleProcesses(false);
            }
        }, SAMPLE_MS, SAMPLE_MS, TimeUnit.MILLISECONDS);
    }

    /** 100 means every core was busy the whole time. */
    double busyPercent() {
        long[] now = read();
        if (start == null || now == null) {
            return Double.NaN;
        }
        long total = now[0] - start[0];
        long idle = now[1] - start[1];
        return total <= 0 ? Double.NaN : 100.0 * (total - idle) / total;
    }

    /**
     * Cores the named processes used on average since construction (1.0 = one core all the time),
     * counting those born meanwhile and those that exited, up to their last sample. Ends the sampling:
     * read it once, at the end of the timed window.
     */
    synchronized double processCores() {
        long[] now = read();
        if (sampler == null || start == null || now == null) {
            return Double.NaN;
        }
        sampler.shutdownNow();
        sampleProcesses(false);
        if (lastTicks.isEmpty()) {
            return Double.NaN;
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> e : lastTicks.entrySet()) {
            ticks += e.getValue() - firstTicks.getOrDefault(e.getKey(), 0L);
        }
        // /proc/stat's total counts every core; per-process times count one core's ticks.
        double elapsed = (now[0] - start[0]) / (double) Runtime.getRuntime().availableProcessors();
        return elapsed <= 0 ? Double.NaN : Math.max(0, ticks) / elapsed;
    }

    /** {total jiffies, idle + iowait jiffies} of the "cpu" line, or null. */
    private static long[] read() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[]{total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the user + system ticks of every live process with the command name. */
    private void sampleProcesses(boolean atStart) {
        File[] pids = new File("/proc").listFiles((dir, n) -> !n.isEmpty() && Character.isDigit(n.charAt(0)));
        if (pids == null) {
            return;
        }
        for (File pid : pids) {
            try {
                String stat = Files.readString(pid.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).equals(processName)) {
                    continue;
                }
                // Fields after the command: state is the 3rd field of the line, utime the 14th, stime the 15th.
                String[] f = stat.substring(close + 2).split(" ");
                long id = Long.parseLong(pid.getName());
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (atStart) {
                    firstTicks.put(id, ticks);
                }
                lastTicks.put(id, ticks);
            } catch (IOException | RuntimeException e) {
                // the process exited while we read it
            }
        }
    }
}
