package io.tributary.connect.bench;

import java.util.List;

/**
 * One measured run. {@code kind} is "tributary", "peer" or "limit"; {@code ratio} compares a
 * connector with its limit (0 for limits themselves);
 * {@code cpuBusyPercent} is how busy the machine's cores were while it was timed,
 * {@code databaseCores} how many cores the local database used meanwhile, and
 * {@code threadCpuMicros} the CPU the run's own threads spent per record, in microseconds
 * ({@link ThreadCpu}); NaN when not measured. {@code taskRecords} is how many records each task
 * handled, by its own metric ({@link TaskSplit}); empty when not read.
 */
record Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
              long maxHeapMb, long maxRssMb, double cpuBusyPercent, double databaseCores, double threadCpuMicros,
              List<Long> taskRecords) {
    Result {
        taskRecords = List.copyOf(taskRecords);
    }

    /** A run whose split over tasks was not read. */
    Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
           long maxHeapMb, long maxRssMb, double cpuBusyPercent, double databaseCores, double threadCpuMicros) {
        this(scenario, kind, name, mode, tasks, records, seconds, maxHeapMb, maxRssMb, cpuBusyPercent, databaseCores,
                threadCpuMicros, List.of());
    }

    Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
           long maxHeapMb, long maxRssMb, double cpuBusyPercent, double databaseCores) {
        this(scenario, kind, name, mode, tasks, records, seconds, maxHeapMb, maxRssMb, cpuBusyPercent, databaseCores,
                Double.NaN);
    }

    /** A run whose database CPU use was not measured. */
    Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
           long maxHeapMb, long maxRssMb, double cpuBusyPercent) {
        this(scenario, kind, name, mode, tasks, records, seconds, maxHeapMb, maxRssMb, cpuBusyPercent, Double.NaN);
    }

    /** A run whose machine CPU use was not measured. */
    Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
           long maxHeapMb, long maxRssMb) {
        this(scenario, kind, name, mode, tasks, records, seconds, maxHeapMb, maxRssMb, Double.NaN, Double.NaN);
    }

    double rate() {
        return seconds <= 0 ? 0 : records / seconds;
    }

    /** The CPU cell of a report table: blank when not measured. */
    String cpuCell() {
        return Double.isNaN(cpuBusyPercent) ? "" : String.format("%.0f%%", cpuBusyPercent);
    }

    /** The database CPU cell: cores, blank when not measured. */
    String databaseCell() {
        return Double.isNaN(databaseCores) ? "" : String.format("%.2f", databaseCores);
    }

    /** The database's CPU per row in microseconds: the cores it used times the time, over the rows. */
    double databaseMicrosPerRow() {
        return Double.isNaN(databaseCores) || records <= 0 ? Double.NaN : databaseCores * seconds * 1e6 / records;
    }

    /** The run's threads' CPU per record plus the database's per row (NaN when either is missing). */
    double totalMicrosPerRecord() {
        return threadCpuMicros + databaseMicrosPerRow();
    }

    /** The tasks' shares of the records, "26/24/25/25", blank for one task. */
    String splitCell() {
        return TaskSplit.cell(taskRecords);
    }

    static String microsCell(double micros) {
        return Double.isNaN(micros) ? "" : String.format("%.2f", micros);
    }
}
