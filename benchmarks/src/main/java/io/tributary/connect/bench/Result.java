package io.tributary.connect.bench;

/**
 * One measured run. {@code kind} is "tributary", "peer" or "limit"; {@code ratio} compares a
 * connector with its limit (0 for limits themselves);
 * {@code cpuBusyPercent} is how busy the machine's cores were while it was timed,
 * {@code databaseCores} how many cores the local database used meanwhile, and
 * {@code threadCpuMicros} the CPU the run's own threads spent per record, in microseconds
 * ({@link ThreadCpu}); NaN when not measured.
 */
record Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
              long maxHeapMb, long maxRssMb, double cpuBusyPercent, double databaseCores, double threadCpuMicros) {
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

    static String microsCell(double micros) {
        return Double.isNaN(micros) ? "" : String.format("%.2f", micros);
    }
}
