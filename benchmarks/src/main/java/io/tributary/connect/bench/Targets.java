package io.tributary.connect.bench;

import java.util.List;

/** Target lines both scenarios' reports share: CPU cost ratios and how evenly tasks split the records. */
final class Targets {
    /** The largest departure from an even split a multi-task run may show. */
    static final double EVEN_SPLIT_TOLERANCE = 0.20;

    private Targets() {
    }

    /** "met" when {@code cost ÷ reference ≤ target}; lower is better. */
    static String atMost(String what, double cost, double reference, double target) {
        double ratio = cost / reference;
        if (Double.isNaN(ratio)) {
            return "not measured: " + what;
        }
        return (ratio <= target ? "met" : "NOT met") + ": " + what + String.format(" — measured %.2f µs ÷ %.2f µs = %.2f×",
                cost, reference, ratio);
    }

    /** A rate rounded to two significant digits, as a sizing figure should be: 70,017 is about 70,000. */
    static double roughly(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            return rate;
        }
        double unit = Math.pow(10, Math.floor(Math.log10(rate)) - 1);
        return Math.round(rate / unit) * unit;
    }

    /**
     * Whether every multi-task run among {@code runs} gave each task a share within ±20% of an even
     * split, by the tasks' own metrics; names the worst run.
     */
    static String evenSplit(String what, List<Result> runs) {
        List<Result> measured = runs.stream().filter(r -> r.taskRecords().size() > 1).toList();
        if (measured.isEmpty()) {
            return "not measured: " + what;
        }
        Result worst = measured.stream().max((a, b) -> Double.compare(TaskSplit.worstDeviation(a.taskRecords()),
                TaskSplit.worstDeviation(b.taskRecords()))).orElseThrow();
        double deviation = TaskSplit.worstDeviation(worst.taskRecords());
        return (deviation <= EVEN_SPLIT_TOLERANCE ? "met" : "NOT met") + ": " + what + String.format(
                " — worst: %s at %d tasks, %.0f%% off an even split (shares %s%%)", worst.mode(), worst.tasks(), 100 * deviation,
                worst.splitCell());
    }
}
