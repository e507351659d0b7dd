package io.tributary.connect.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine's cores were between construction and {@link #busyPercent()}, from
 * /proc/stat: every process counts (the broker, the database, the load generator), which is what
 * says whether a run had a core left to scale onto. It also tells how many of those cores the
 * local database's processes used ({@link #processCores()}), the share a sink cannot give to its
 * converter when the database runs on the same machine. NaN where /proc is missing.
 */
final class MachineCpu {
    private final String processName;
    private final long[] start;
    private final long processStart;

    MachineCpu() {
        this(null);
    }

    /**
     * {@code processName}: the command name (as in /proc/PID/comm) whose CPU {@link #processCores()}
     * adds up, or null for none.
     */
    MachineCpu(String processName) {
        this.processName = processName;
        this.start = read();
        this.processStart = processName == null ? -1 : processTicks(processName);
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
     * Cores the named processes used on average since construction (1.0 = one core all the time).
     * A process that exited meanwhile is not counted, so read it before the connector closes its
     * connections.
     */
    double processCores() {
        long[] now = read();
        long ticks = processName == null ? -1 : processTicks(processName);
        if (start == null || now == null || processStart < 0 || ticks < 0) {
            return Double.NaN;
        }
        // /proc/stat's total counts every core; per-process times count one core's ticks.
        double elapsed = (now[0] - start[0]) / (double) Runtime.getRuntime().availableProcessors();
        return elapsed <= 0 ? Double.NaN : Math.max(0, ticks - processStart) / elapsed;
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

    /** User + system ticks of every live process with that command name, or -1 without /proc. */
    private static long processTicks(String name) {
        File[] pids = new File("/proc").listFiles((dir, n) -> !n.isEmpty() && Character.isDigit(n.charAt(0)));
        if (pids == null) {
            return -1;
        }
        long ticks = 0;
        for (File pid : pids) {
            try {
                String stat = Files.readString(pid.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).equals(name)) {
                    continue;
                }
                // Fields after the command: state is the 3rd field of the line, utime the 14th, stime the 15th.
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                // the process exited while we read it
            }
        }
        return ticks;
    }
}
