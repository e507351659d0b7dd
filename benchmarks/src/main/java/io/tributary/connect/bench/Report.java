package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JDBC sink's section of docs/benchmarks.md (table, latency, targets) and its chart. */
final class Report {
    static final String CONSUME_LIMIT = "consumer + JsonConverter (2 threads)";
    /** The same consumer on the change-event topic: the limit of the CDC runs, whose records are larger. */
    static final String CDC_CONSUME_LIMIT = "CDC events: consumer + JsonConverter (2 threads)";
    private final List<Result> results;
    private final List<LatencyRun.Latency> latencies;
    private final int repeat;

    Report(List<Result> results, List<LatencyRun.Latency> latencies, int repeat) {
        this.repeat = repeat;
        this.results = results;
        this.latencies = latencies;
    }

    Optional<Result> find(String kind, String nameStart, String mode, int tasks) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.name().startsWith(nameStart) && r.mode().equals(mode)
                && (tasks < 0 || r.tasks() == tasks)).findFirst();
    }

    /** The sink's limit: the lower of the database's own load rate and the consume+convert rate. */
    double sinkLimit() {
        return limit(CONSUME_LIMIT);
    }

    /** The limit of a run's mode: the change-event runs read a topic of larger records. */
    double limitOf(Result r) {
        return r.mode().equals(JdbcSinkScenario.CDC_EVENTS) ? limit(CDC_CONSUME_LIMIT) : sinkLimit();
    }

    private double limit(String consumer) {
        double copy = find("limit", "psql \\copy", "insert", -1).map(Result::rate).orElse(Double.NaN);
        double consume = find("limit", consumer, "read", -1).map(Result::rate).orElse(Double.NaN);
        return Math.min(copy, consume);
    }

    List<String> targets(int tasks) {
        List<String> lines = new ArrayList<>();
        double limit = sinkLimit();
        Optional<Result> insert = find("tributary", "Tributary", "insert", tasks);
        Optional<Result> upsert = find("tributary", "Tributary", "upsert", tasks);
        Optional<Result> dbzInsert = find("peer", "Debezium JDBC sink 3.6.0", "insert", tasks).filter(r -> !r.name().contains("UNNEST"));
        Optional<Result> dbzUnnest = find("peer", "Debezium JDBC sink 3.6.0 (UNNEST)", "insert", tasks);
        Optional<Result> dbzUpsert = find("peer", "Debezium JDBC sink 3.6.0", "upsert", tasks).filter(r -> !r.name().contains("UNNEST"));
        insert.ifPresent(r -> lines.add(check("insert ≥ 75% of the limit", r.rate() / limit, 0.75, "of the limit")));
        insert.ifPresent(r -> dbzInsert.ifPresent(d -> lines.add(check("insert ≥ 2× Debezium insert", r.rate() / d.rate(), 2.0, "×"))));
        insert.ifPresent(r -> dbzUnnest.ifPresent(d -> lines.add(check("insert ≥ 1.5× Debezium UNNEST insert", r.rate() / d.rate(), 1.5, "×"))));
        upsert.ifPresent(r -> dbzUpsert.ifPresent(d -> lines.add(check("upsert ≥ 2× Debezium upsert", r.rate() / d.rate(), 2.0, "×"))));
        Optional<Result> update = find("tributary", "Tributary", JdbcSinkScenario.UPSERT_EXISTING, tasks);
        Optional<Result> dbzUpdate = find("peer", "Debezium JDBC sink 3.6.0", JdbcSinkScenario.UPSERT_EXISTING, tasks);
        update.ifPresent(r -> dbzUpdate.ifPresent(d -> lines.add(check("upsert ≥ 2× Debezium upsert, every row already "
                + "in the table", r.rate() / d.rate(), 2.0, "×"))));
        lines.addAll(cpuTargets(tasks));
        return lines;
    }

    /**
     * The CPU-per-record targets: what holds on a shared machine whose speed drifts. Each compares figures
     * of the same run; a ratio is "cost ÷ target's cost", so lower is better.
     */
    List<String> cpuTargets(int tasks) {
        List<String> lines = new ArrayList<>();
        Optional<Result> insert = find("tributary", "Tributary", "insert", tasks);
        Optional<Result> upsert = find("tributary", "Tributary", "upsert", tasks);
        Optional<Result> consume = find("limit", CONSUME_LIMIT, "read", -1);
        Optional<Result> copy = find("limit", "psql \\copy", "insert", -1);
        Optional<Result> dbzInsert = find("peer", "Debezium JDBC sink 3.6.0", "insert", tasks).filter(r -> !r.name().contains("UNNEST"));
        Optional<Result> dbzUpsert = find("peer", "Debezium JDBC sink 3.6.0", "upsert", tasks).filter(r -> !r.name().contains("UNNEST"));
        insert.ifPresent(r -> consume.ifPresent(c -> lines.add(atMost("insert: task-side CPU per record ≤ 1.3× the "
                + "consumer+converter's", r.threadCpuMicros(), c.threadCpuMicros(), 1.3))));
        insert.ifPresent(r -> copy.ifPresent(c -> lines.add(atMost("insert: database CPU per row ≤ 1.2× `\\copy`'s",
                r.databaseMicrosPerRow(), c.databaseMicrosPerRow(), 1.2))));
        insert.ifPresent(r -> dbzInsert.ifPresent(d -> lines.add(atMost("insert: task + database CPU per row ≤ 0.5× "
                + "Debezium insert's", r.totalMicrosPerRecord(), d.totalMicrosPerRecord(), 0.5))));
        upsert.ifPresent(r -> dbzUpsert.ifPresent(d -> lines.add(atMost("upsert: task + database CPU per row ≤ 0.5× "
                + "Debezium upsert's", r.totalMicrosPerRecord(), d.totalMicrosPerRecord(), 0.5))));
        find("tributary", "Tributary", "insert", 1).ifPresent(one -> find("tributary", "Tributary", "insert", 4)
                .ifPresent(four -> lines.add(atMost("insert at 4 tasks: task-side CPU per record ≤ 1.15× at 1 task",
                        four.threadCpuMicros(), one.threadCpuMicros(), 1.15))));
        List<Result> multiTask = results.stream().filter(r -> r.kind().equals("tributary") && r.tasks() > 1).toList();
        if (!multiTask.isEmpty()) {
            lines.add(Targets.evenSplit("every run of 2 or more tasks: each task's share of the records within ±20% of "
                    + "an even split", multiTask));
        }
        return lines;
    }

    private static String atMost(String what, double cost, double reference, double target) {
        return Targets.atMost(what, cost, reference, target);
    }

    private static String check(String what, double ratio, double target, String unit) {
        String value = unit.equals("×") ? String.format("%.2f×", ratio) : String.format("%.0f%% %s", ratio * 100, unit);
        return (ratio >= target ? "met" : "NOT met") + ": " + what + " — measured " + value;
    }

    /** The JDBC sink section of docs/benchmarks.md; writes its chart beside it. */
    String section(Path chart, int tasks) throws IOException {
        double limit = sinkLimit();
        Optional<Result> dbzInsert = find("peer", "Debezium JDBC sink 3.6.0", "insert", tasks).filter(r -> !r.name().contains("UNNEST"));
        StringBuilder md = new StringBuilder();
        md.append("## JDBC sink into PostgreSQL\n\n");
        md.append("The same pre-filled topic (JsonConverter with schemas, 4 partitions) is written by each connector into "
                + "a fresh table of the same shape on the local PostgreSQL, through a 2-worker Connect cluster loading the "
                + "connectors from `plugin.path`. Rates are timed from the first rows landing to the last; each "
                + "configuration runs " + repeat + " time(s), round-robin, and the best run is shown. "
                + "The limit is the lower of `psql \\copy` of the same rows and a plain consumer deserializing the topic "
                + "with the same converter (2 threads), both measured in the same run; the consumer is timed in every "
                + "round next to the connectors (after one untimed pass), so both meet the same machine; every database run starts right after a "
                + "`CHECKPOINT`, so none pays for one that an earlier run's writes brought on. CPU busy is the "
                + "whole machine's while a run was timed; DB cores is what the PostgreSQL processes used meanwhile "
                + "(1.00 = one core busy), when the database runs on this machine. Upserts run twice: into the "
                + "fresh table (every key new: Tributary then copies straight into the table, merging only on a key "
                + "clash) and, as `" + JdbcSinkScenario.UPSERT_EXISTING + "`, into a table that already holds every key "
                + "with other values (every record updates a row; timed by the table's growth, as each update writes a new "
                + "row version, with autovacuum off for that table). As `" + JdbcSinkScenario.CDC_EVENTS + "`, both sinks "
                + "upsert a second topic holding the same orders as Debezium change events (op 'c', the order as the "
                + "'after' image), which each applies without an unwrapping SMT; their limit is the same consumer on "
                + "that topic, whose records (with the envelope and its schema) are about twice as large. "
                + "CPU per row is what holds on a machine whose speed drifts: task CPU adds up the per-thread CPU "
                + "clocks of the connector's own " + ThreadCpu.Threads.sinkConnector("<connector>").description()
                + " (each task's consumer polls and converts on its task thread) over the timed window, and for the "
                + "consumer+converter limit its " + ThreadCpu.Threads.named(Limits.CONSUMER_THREAD_PREFIX).description()
                + "; DB CPU is the PostgreSQL processes' CPU time over the rows, for the connectors and for `\\copy`. "
                + "The split over tasks is each task's share of the records it handed to the sink, from the task's own "
                + "`sink-record-send-total` metric.\n\n");
        Path cpuChart = chart.resolveSibling(chart.getFileName().toString().replace(".png", "-cpu.png"));
        md.append("![JDBC sink throughput](").append(chart.getFileName()).append(") ![JDBC sink CPU per row](")
                .append(cpuChart.getFileName()).append(")\n\n");
        md.append("| run | mode | tasks | rows | seconds | rows/s | vs limit | vs Debezium insert | CPU busy | DB cores "
                + "| task CPU µs/row | DB CPU µs/row | split over tasks % | max heap MB | max RSS MB |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            String vsLimit = "limit".equals(r.kind()) ? "" : String.format("%.0f%%", 100 * r.rate() / limitOf(r));
            String vsPeer = "limit".equals(r.kind()) || dbzInsert.isEmpty() ? "" : String.format("%.2f×", r.rate() / dbzInsert.get().rate());
            md.append(String.format("| %s | %s | %s | %,d | %.2f | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.name(), r.mode(), r.tasks() > 0 ? Integer.toString(r.tasks()) : "", r.records(), r.seconds(), r.rate(),
                    vsLimit, vsPeer, r.cpuCell(), r.databaseCell(), Result.microsCell(r.threadCpuMicros()),
                    Result.microsCell(r.databaseMicrosPerRow()), r.splitCell(),
                    r.maxHeapMb() > 0 ? Long.toString(r.maxHeapMb()) : "", r.maxRssMb() > 0 ? Long.toString(r.maxRssMb()) : ""));
        }
        md.append(String.format("%nSink limit this run: %,.0f rows/s.", limit));
        find("tributary", "Tributary", JdbcSinkScenario.CDC_EVENTS, tasks).ifPresent(t -> find("peer", "Debezium JDBC sink 3.6.0",
                JdbcSinkScenario.CDC_EVENTS, tasks).ifPresent(d -> md.append(String.format(" Applying Debezium change events "
                + "(the same orders, as creates), Tributary wrote %,.0f rows/s and Debezium's own sink %,.0f: %.2f×.",
                t.rate(), d.rate(), t.rate() / d.rate()))));
        find("tributary", "Tributary", "insert", tasks).filter(r -> !Double.isNaN(r.databaseCores())).ifPresent(r -> {
            int cores = Runtime.getRuntime().availableProcessors();
            double left = Math.max(0, cores - r.databaseCores()) / cores;
            md.append(String.format(" The database shares this machine's %d cores: during the Tributary insert run (%d tasks) "
                    + "its processes used %.2f cores, which leaves at most %.0f%% of the machine to consuming and converting, "
                    + "so no sink could pass about %,.0f rows/s here (%.0f%% of the limit) before doing any work of its own.",
                    cores, tasks, r.databaseCores(), 100 * left, limit * left, 100 * left));
        });
        find("tributary", "Tributary", "insert", tasks).filter(r -> !Double.isNaN(r.threadCpuMicros())).ifPresent(r ->
                md.append(String.format(" Sizing: at %.2f µs of task CPU per row, one core runs about %,.0f rows/s of "
                        + "Tributary inserts (the database needs %.2f µs per row more, on its own cores).",
                        r.threadCpuMicros(), Targets.roughly(1e6 / r.threadCpuMicros()), r.databaseMicrosPerRow())));
        md.append("\n\n");
        if (!latencies.isEmpty()) {
            md.append("### End-to-end latency at a steady rate\n\n");
            md.append("Each record carries the time it was sent; the table stamps each row with `clock_timestamp()` "
                    + "as it is written. Insert mode, default settings: Tributary writes a batch at once when the consumer "
                    + "has caught up (a poll returned fewer records than max.poll.records), else when it is full or "
                    + "batch.max.wait.ms has passed.\n\n");
            md.append("| connector | rate/s | records | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (LatencyRun.Latency l : latencies) {
                md.append(String.format("| %s | %,d | %,d | %.0f | %.0f | %.0f |%n", l.name(), l.ratePerSecond(), l.records(),
                        l.p50Ms(), l.p99Ms(), l.maxMs()));
            }
            md.append('\n');
        }
        md.append("### Targets (JDBC sink issue)\n\n");
        for (String line : targets(tasks)) {
            md.append("- ").append(line).append('\n');
        }
        Chart.write(results, "JDBC sink into PostgreSQL: rows/s (higher is better)", chart);
        Chart.writeCpu(results, "JDBC sink into PostgreSQL: CPU µs per row (lower is better)", cpuChart);
        return md.toString();
    }
}
