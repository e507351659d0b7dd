package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The part of a sink section that every sink scenario writes alike: its two charts (rate, CPU per record) and a
 * table of its runs, each connector run beside the limit measured for the same mode.
 */
final class RunsBesideLimits {
    private RunsBesideLimits() {
    }

    /** Writes the two charts, {@code chart} and its -cpu twin, and returns their markdown; {@code unit}: record, message. */
    static String charts(List<Result> results, Path chart, String subject, String unit, String rateTitle, String cpuTitle)
            throws IOException {
        Path cpuChart = chart.resolveSibling(chart.getFileName().toString().replace(".png", "-cpu.png"));
        Chart.write(results, rateTitle, chart);
        Chart.writeCpu(results, cpuTitle, cpuChart);
        return "![" + subject + " throughput](" + chart.getFileName() + ") ![" + subject + " CPU per " + unit + "]("
                + cpuChart.getFileName() + ")\n\n";
    }

    /** The runs' table; {@code modeHeader} names the mode column, {@code limitName} what the ratio column compares with. */
    static String table(List<Result> results, String modeHeader, String units, String unit, String limitName) {
        StringBuilder md = new StringBuilder();
        md.append("| run | ").append(modeHeader).append(" | ").append(units).append(" | seconds | ").append(units)
                .append("/s | vs ").append(limitName).append(" | CPU busy | CPU µs/").append(unit).append(" | max heap MB |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            String vsLimit = r.kind().equals("limit") ? "" : results.stream()
                    .filter(l -> l.kind().equals("limit") && l.mode().equals(r.mode())).findFirst()
                    .map(l -> String.format("%.0f%%", 100 * r.rate() / l.rate())).orElse("");
            md.append(String.format("| %s | %s | %,d | %.2f | %,.0f | %s | %s | %s | %s |%n", r.name(), r.mode(), r.records(),
                    r.seconds(), r.rate(), vsLimit, r.cpuCell(), Result.microsCell(r.threadCpuMicros()),
                    r.maxHeapMb() > 0 ? Long.toString(r.maxHeapMb()) : ""));
        }
        return md.toString();
    }
}
