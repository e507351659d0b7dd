package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The MQTT source's section of docs/benchmarks.md (table, latency, targets) and its chart. */
final class MqttReport {
    static final String DEFAULTS = "MQTT 5, defaults";
    static final String TUNED = "MQTT 5, linger 1 ms";
    static final String V311 = "MQTT 3.1.1, broker window 20";
    static final String BACKLOG = "MQTT 5, linger 1 ms, catch-up of a queued backlog";
    static final String BACKLOG_UNBOUNDED = "MQTT 5, linger 1 ms, catch-up, unacknowledged unbounded";
    static final String V311_WIDE = "MQTT 3.1.1, broker window 1000";

    private final List<Result> results;
    private final List<LatencyRun.Latency> latencies;

    MqttReport(List<Result> results, List<LatencyRun.Latency> latencies) {
        this.results = results;
        this.latencies = latencies;
    }

    private Optional<Result> find(String kind, String mode, int tasks) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.mode().equals(mode) && (tasks < 0 || r.tasks() == tasks))
                .findFirst();
    }

    private double brokerRate() {
        return find("limit", "QoS 1", -1).filter(r -> r.name().startsWith("Mosquitto")).map(Result::rate).orElse(Double.NaN);
    }

    /** A source's limit: the lower of the broker's own delivery rate and Kafka's producer rate. */
    double limit() {
        double producer = find("limit", "write", -1).map(Result::rate).orElse(Double.NaN);
        return Math.min(brokerRate(), producer);
    }

    List<String> targets() {
        List<String> lines = new ArrayList<>();
        Optional<Result> one = find("tributary", TUNED, 1);
        Optional<Result> two = find("tributary", TUNED, 2);
        one.ifPresent(r -> lines.add(check("1 task ≥ 80% of the broker's own QoS 1 rate",
                r.rate() / brokerRate(), 0.8, String.format("%.0f%%", 100 * r.rate() / brokerRate()))));
        one.ifPresent(r -> two.ifPresent(t -> lines.add(scaleCheck("2 tasks (the 16 filters split over them) faster than 1", r, t))));
        find("tributary", BACKLOG, 1).ifPresent(r -> find("tributary", BACKLOG, 2).ifPresent(t -> lines.add(
                scaleCheck("2 tasks (the 16 filters split over them) faster than 1, catching up a queued backlog", r, t))));
        find("tributary", BACKLOG, 1).ifPresent(r -> find("tributary", BACKLOG_UNBOUNDED, 1).ifPresent(u -> lines.add(
                check("the default bound of 20,000 unacknowledged messages costs at most 10% of a 1-task catch-up",
                        r.rate() / u.rate(), 0.9, String.format("%.0f%% of the unbounded rate", 100 * r.rate() / u.rate())))));
        lines.addAll(cpuTargets());
        for (LatencyRun.Latency l : latencies) {
            lines.add(check("p99 publish→Kafka latency under 50 ms at " + String.format("%,d", l.ratePerSecond()) + " msg/s ("
                    + l.name() + ")", 50.0 / Math.max(l.p99Ms(), 0.001), 1.0, String.format("%.0f ms", l.p99Ms())));
        }
        return lines;
    }

    /** CPU per message: against the plain pair's, at 4 tasks against 1, and how evenly the tasks split the messages. */
    List<String> cpuTargets() {
        List<String> lines = new ArrayList<>();
        Optional<Result> pair = results.stream().filter(r -> r.name().equals(MqttSourceScenario.PAIR_LIMIT)).findFirst();
        Optional<Result> one = find("tributary", TUNED, 1);
        one.ifPresent(r -> pair.ifPresent(p -> lines.add(Targets.atMost("CPU per message ≤ 1.5× the plain subscriber + "
                + "producer pair's (1 task, linger 1 ms as the pair)", r.threadCpuMicros(), p.threadCpuMicros(), 1.5))));
        find("tributary", BACKLOG, 1).ifPresent(r -> find("tributary", BACKLOG, 4).ifPresent(four -> lines.add(Targets.atMost(
                "4 tasks: CPU per message ≤ 1.15× at 1 task, draining a backlog (every task's batches full)",
                four.threadCpuMicros(), r.threadCpuMicros(), 1.15))));
        one.ifPresent(r -> find("tributary", TUNED, 4).ifPresent(four -> lines.add(Targets.atMost(
                "4 tasks: CPU per message ≤ 1.15× at 1 task, live (the publishers' pace split over 4 tasks, each task's "
                        + "producer sends a quarter of the messages per request)",
                four.threadCpuMicros(), r.threadCpuMicros(), 1.15))));
        List<Result> multiTask = results.stream().filter(r -> r.kind().equals("tributary") && r.tasks() > 1).toList();
        if (!multiTask.isEmpty()) {
            lines.add(Targets.evenSplit("every run of 2 or more tasks: each task's share of the messages within ±20% of "
                    + "an even split", multiTask));
        }
        return lines;
    }

    /**
     * Scaling needs a free core: when the one-task run already kept the machine busy, the line says so,
     * as a second task can then only share the same cores.
     */
    private static String scaleCheck(String what, Result one, Result two) {
        String line = check(what, two.rate() / one.rate(), 1.0001, String.format("%.2f×", two.rate() / one.rate()));
        if (two.rate() <= one.rate() && one.cpuBusyPercent() >= 90) {
            line += String.format(" (with 1 task the machine's cores were already %.0f%% busy, every process "
                    + "counted: a second task had no core to run on)", one.cpuBusyPercent());
        }
        return line;
    }

    private static String check(String what, double ratio, double target, String measured) {
        return (ratio >= target ? "met" : "NOT met") + ": " + what + " — measured " + measured;
    }

    String section(Path chart) throws IOException {
        double limit = limit();
        StringBuilder md = new StringBuilder();
        md.append("## MQTT source from Mosquitto\n\n");
        md.append("The same QoS 1 load (100-byte payloads over 16 sensor topics, 4 publisher connections with 500 "
                + "unacknowledged publishes each) goes to a Mosquitto the run starts (settings as installed, but "
                + "`max_queued_messages 0` and no persistence: with the default cap of 1000 queued messages per "
                + "client the broker drops QoS 1 messages whenever publishers outrun a subscriber) while the connector, loaded from "
                + "`plugin.path` on a 2-worker cluster, writes it to a 4-partition topic (ByteArrayConverter). Rates run "
                + "from the first publish until Kafka holds every message. Limits, measured in the same run: the "
                + "broker's own publish→subscribe rate to one plain QoS 1 subscriber with the same publishers, and "
                + "Kafka's producer writing the same records. Every message is acknowledged to the broker only after "
                + "Kafka has it, so the in-flight window (MQTT 5 Receive Maximum, or Mosquitto's "
                + "`max_inflight_messages` = 20 for MQTT 3.1.1 clients) bounds a task at about window ÷ Kafka write "
                + "latency. MQTT 3.1.1 runs at the broker's default window of 20, and at 1000 on a second broker "
                + "with `max_inflight_messages 1000`; MQTT 5 at the connector's default "
                + "Receive Maximum of 65535 (Mosquitto 2.0 overshoots smaller ones while draining a backlog, which "
                + "makes the client drop the connection), with the producer's default `linger.ms`=5 or with "
                + "`producer.override.linger.ms`=1. The connector lists the 16 sensor topics as 16 filters, which the "
                + "default plan deals out over the tasks (plain subscriptions; shared subscriptions are opt-in since "
                + "they lose messages across a Mosquitto restart). Each task hands Kafka at most "
                + "`mqtt.max.unacknowledged.messages` (default 20,000) messages it has not yet acknowledged, which "
                + "bounds the duplicates of a crash; one catch-up run lifts that bound to 1,000,000 to show what it "
                + "costs. The broker limit is one plain subscriber connection, "
                + "which here reads slower than the connector, so it is a floor: ratios above 100% say the broker has "
                + "room left, not that the connector beats it. The catch-up runs stop the connector (persistent "
                + "sessions), publish the whole load while the broker queues it, resume the connector and time "
                + "from the first message reaching Kafka until Kafka holds them all, so the publishers are idle "
                + "while it drains. CPU is how busy the machine's cores were while a run was timed, every "
                + "process counted (the broker, Kafka, the workers and the load generator share them). "
                + "CPU µs/msg is what holds on a machine whose speed drifts: the per-thread CPU clocks of the connector's own "
                + ThreadCpu.Threads.mqttSource("<connector>", "tributary").description() + " over the timed window, divided "
                + "by the messages; the CPU limit is the same load through a plain HiveMQ subscriber that hands each message "
                + "to a plain Kafka producer (acks=all, one request in flight, linger 1 ms) and acknowledges it once Kafka "
                + "has it, counting its " + MqttPair.THREADS.description() + ", timed in every round beside the connector. "
                + "The load generator runs on threads of its own, which no figure counts. The split over tasks is each "
                + "task's share of the messages, from its own `source-record-write-total` metric. No peer connector is "
                + "published as a Maven artifact that this run could fetch, so none stands beside it yet.\n\n");
        Path cpuChart = chart.resolveSibling(chart.getFileName().toString().replace(".png", "-cpu.png"));
        md.append("![MQTT source throughput](").append(chart.getFileName()).append(") ![MQTT source CPU per message](")
                .append(cpuChart.getFileName()).append(")\n\n");
        md.append("| run | settings | tasks | messages | seconds | msg/s | vs limit | CPU busy | CPU µs/msg | split over tasks % "
                + "| max heap MB | max RSS MB |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            String vsLimit = "limit".equals(r.kind()) ? "" : String.format("%.0f%%", 100 * r.rate() / limit);
            md.append(String.format("| %s | %s | %s | %,d | %.2f | %,.0f | %s | %s | %s | %s | %s | %s |%n", r.name(), r.mode(),
                    r.tasks() > 0 ? Integer.toString(r.tasks()) : "", r.records(), r.seconds(), r.rate(), vsLimit, r.cpuCell(),
                    Result.microsCell(r.threadCpuMicros()), r.splitCell(),
                    r.maxHeapMb() > 0 ? Long.toString(r.maxHeapMb()) : "", r.maxRssMb() > 0 ? Long.toString(r.maxRssMb()) : ""));
        }
        md.append(String.format("%nSource limit this run: %,.0f msg/s.", limit));
        find("tributary", BACKLOG, 1).or(() -> find("tributary", TUNED, 1)).filter(r -> !Double.isNaN(r.threadCpuMicros()))
                .ifPresent(r -> md.append(String.format(" Sizing: at %.2f µs of CPU per message (%s, 1 task), one core "
                        + "carries about %,.0f msg/s through the connector; the broker and Kafka need cores of their own.",
                        r.threadCpuMicros(), r.mode(), Targets.roughly(1e6 / r.threadCpuMicros()))));
        md.append("\n\n");
        if (!latencies.isEmpty()) {
            md.append("### Publish→Kafka latency at a steady rate\n\n");
            md.append("Each payload carries its publish time; the topic stamps log-append time; the difference is "
                    + "the latency (same clock).\n\n");
            md.append("| connector | rate/s | messages | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (LatencyRun.Latency l : latencies) {
                md.append(String.format("| %s | %,d | %,d | %.0f | %.0f | %.0f |%n", l.name(), l.ratePerSecond(), l.records(),
                        l.p50Ms(), l.p99Ms(), l.maxMs()));
            }
            md.append('\n');
        }
        md.append("### Targets (MQTT source issue)\n\n");
        for (String line : targets()) {
            md.append("- ").append(line).append('\n');
        }
        Chart.write(results, "MQTT source from Mosquitto: messages/s (higher is better)", chart);
        Chart.writeCpu(results, "MQTT source from Mosquitto: CPU µs per message (lower is better)", cpuChart);
        return md.toString();
    }
}
