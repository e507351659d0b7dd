package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine's cores were between construction and {@link #busyPercent()}, from
 * /proc/stat: every process counts (the broker, the database, the load generator), which is what
 * says whether a run had a core left to scale onto. NaN where /proc/stat is missing.
 */
final class MachineCpu {
    private final long[] start = read();

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
}
