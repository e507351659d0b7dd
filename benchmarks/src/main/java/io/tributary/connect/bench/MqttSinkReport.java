package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The MQTT sink's section of docs/benchmarks.md (table, latency, targets) and its charts. */
final class MqttSinkReport {
    /** The targets: 80% of the plain client's QoS 1 rate with one task, p99 under 50 ms at 5,000 msg/s. */
    static final double SHARE_OF_LIMIT = 0.8;
    static final double P99_MS = 50;
    static final String DEFAULT_WINDOW = "broker window 20 (Mosquitto default)";
    static final String WIDE_WINDOW = "broker window 1000";

    private final List<Result> results;
    /** The connector's Kafka→subscriber latency, and the plain bridge's on the same path; null when not run. */
    private final LatencyRun.Latency latency;
    private final LatencyRun.Latency plainLatency;
    private final long messages;

    MqttSinkReport(List<Result> results, LatencyRun.Latency latency, LatencyRun.Latency plainLatency, long messages) {
        this.results = results;
        this.latency = latency;
        this.plainLatency = plainLatency;
        this.messages = messages;
    }

    private Optional<Result> find(String kind, String mode) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.mode().equals(mode)).findFirst();
    }

    List<String> targets() {
        List<String> lines = new ArrayList<>();
        for (String mode : List.of(DEFAULT_WINDOW, WIDE_WINDOW)) {
            Optional<Result> run = find("tributary", mode);
            Optional<Result> limit = find("limit", mode);
            if (run.isEmpty() || limit.isEmpty()) {
                continue;
            }
            double share = run.get().rate() / limit.get().rate();
            lines.add((share >= SHARE_OF_LIMIT ? "met" : "NOT met") + ": MQTT sink, " + mode + ": ≥ 80% of the plain "
                    + String.format("client's QoS 1 rate with one task — measured %,.0f ÷ %,.0f msg/s = %.0f%%",
                    run.get().rate(), limit.get().rate(), 100 * share));
            lines.add("measured: MQTT sink, " + mode + String.format(": CPU per message %.2f µs beside the plain client's "
                    + "%.2f µs (the connector also consumes and converts each record)", run.get().threadCpuMicros(),
                    limit.get().threadCpuMicros()));
        }
        if (latency != null) {
            lines.add((latency.p99Ms() < P99_MS ? "met" : "NOT met") + String.format(": MQTT sink p99 Kafka→subscriber "
                    + "latency under 50 ms at %,d msg/s — measured p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                    latency.ratePerSecond(), latency.p50Ms(), latency.p99Ms(), latency.maxMs())
                    + (plainLatency == null ? "" : String.format(" (a plain consumer → client bridge on the same path, same "
                    + "run: p50 %.0f ms, p99 %.0f ms)", plainLatency.p50Ms(), plainLatency.p99Ms())));
        }
        return lines;
    }

    String section(Path chart) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## MQTT sink to Mosquitto\n\n");
        md.append(String.format("A topic of four partitions holding %,d payloads of %d bytes (ByteArrayConverter, passed "
                + "through unchanged), published by the connector from `plugin.path` on a 2-worker cluster with one task "
                + "at QoS 1 (MQTT 5, `mqtt.max.in.flight.messages=%d`) to a Mosquitto the run starts itself, as the MQTT "
                + "source scenario does (no persistence, no cap on queued messages): once with Mosquitto's default "
                + "`max_inflight_messages` of 20, which it announces as its Receive Maximum, so 20 messages are in flight "
                + "at most; once on a second broker raised to 1000. The limit, timed in every round beside the connector "
                + "on the same broker: a plain HiveMQ client publishing the same payloads at QoS 1 with the same window "
                + "from one thread, no Kafka. Rates count acknowledgements from the first to the last (the connector's "
                + "`messages-acknowledged` JMX counter, the plain client's futures). CPU µs/message adds up the per-thread "
                + "CPU clocks of %s (the connector: consuming, converting, publishing, handling acknowledgements) or %s "
                + "(the plain client) over the timed window; the broker's CPU counts for neither.\n\n", messages,
                MqttLoad.PAYLOAD_BYTES, MqttSinkScenario.WINDOW, MqttSinkScenario.threads("<connector>").description(),
                ThreadCpu.Threads.named(MqttSinkScenario.LIMIT_THREADS).description()));
        md.append(RunsBesideLimits.charts(results, chart, "MQTT sink", "message",
                "MQTT sink to Mosquitto, QoS 1: messages/s (higher is better)",
                "MQTT sink: CPU µs per message (lower is better)"));
        md.append(RunsBesideLimits.table(results, "broker", "messages", "message", "plain client"));
        if (latency != null) {
            md.append(String.format("%n### Kafka→subscriber latency at a steady rate%n%n%,d records a second for %,d records "
                    + "into a fresh 4-partition topic, each carrying the time the Kafka producer sent it (linger 0); the "
                    + "connector (defaults, QoS 1, on the default broker) publishes them and a plain subscriber (QoS 1) takes "
                    + "the time each arrives (same clock). Beside it, the same feed through a plain Kafka consumer (default "
                    + "fetch settings) handing each record to a plain HiveMQ client: the path's floor in this JVM, which "
                    + "also hosts the Kafka broker, both workers and the load, on two cores. Each ran once per round, by "
                    + "turns; the run with the lowest p99 of each is kept.%n%n", latency.ratePerSecond(), latency.records()));
            md.append("| path | rate/s | messages | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
            for (LatencyRun.Latency l : plainLatency == null ? List.of(latency) : List.of(latency, plainLatency)) {
                md.append(String.format("| %s | %,d | %,d | %.0f | %.0f | %.0f |%n", l.name(), l.ratePerSecond(), l.records(),
                        l.p50Ms(), l.p99Ms(), l.maxMs()));
            }
        }
        md.append("\n### Targets (MQTT sink issue)\n\n");
        for (String line : targets()) {
            md.append("- ").append(line).append('\n');
        }
        return md.toString();
    }
}
