package io.tributary.connect.bench;

/**
 * One measured run. {@code kind} is "tributary", "peer" or "limit"; {@code ratio} compares a
 * connector with its limit (0 for limits themselves).
 */
record Result(String scenario, String kind, String name, String mode, int tasks, long records, double seconds,
              long maxHeapMb, long maxRssMb) {
    double rate() {
        return seconds <= 0 ? 0 : records / seconds;
    }
}
