package io.tributary.connect.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static Result r(String scenario, String kind, String name, String mode, int tasks, double rate) {
        return new Result(scenario, kind, name, mode, tasks, (long) rate * 10, 10, 0, 0);
    }

    private static Result r(String kind, String name, String mode, int tasks, double rate) {
        return r("jdbc-sink", kind, name, mode, tasks, rate);
    }

    @Test
    void judgesJdbcTargetsAgainstTheLowerLimitAndThePeer(@TempDir Path dir) throws Exception {
        Report report = new Report(List.of(
                r("limit", "consumer + JsonConverter (2 threads)", "read", 0, 200_000),
                r("limit", Report.CDC_CONSUME_LIMIT, "read", 0, 120_000),
                r("limit", "psql \\copy (same rows)", "insert", 0, 400_000),
                r("tributary", "Tributary JDBC sink", "insert", 4, 160_000),
                r("tributary", "Tributary JDBC sink", "upsert", 4, 100_000),
                r("peer", "Debezium JDBC sink 3.6.0", "insert", 4, 75_000),
                r("peer", "Debezium JDBC sink 3.6.0 (UNNEST)", "insert", 4, 110_000),
                r("peer", "Debezium JDBC sink 3.6.0", "upsert", 4, 70_000),
                r("tributary", "Tributary JDBC sink", JdbcSinkScenario.CDC_EVENTS, 4, 90_000),
                r("peer", "Debezium JDBC sink 3.6.0", JdbcSinkScenario.CDC_EVENTS, 4, 40_000)),
                List.of(new LatencyRun.Latency("Tributary JDBC sink", 5000, 75_000, 120, 480, 900)), 2);
        assertEquals(200_000, report.sinkLimit(), 1);
        List<String> targets = report.targets(4);
        assertEquals(9, targets.size(), targets.toString());
        assertTrue(targets.subList(4, 9).stream().allMatch(t -> t.startsWith("not measured")),
                "runs without CPU figures are said to be unmeasured, never met: " + targets);
        assertTrue(targets.get(0).startsWith("met") && targets.get(0).contains("80%"), targets.get(0));
        assertTrue(targets.get(1).startsWith("met") && targets.get(1).contains("2.13×"), targets.get(1));
        assertTrue(targets.get(2).startsWith("NOT met") && targets.get(2).contains("1.45×"), targets.get(2));
        assertTrue(targets.get(3).startsWith("NOT met"), targets.get(3));
        String section = report.section(dir.resolve("b.png"), 4);
        assertTrue(section.contains("| Tributary JDBC sink | insert | 4 | 1,600,000 |"), section);
        assertTrue(section.contains("| Tributary JDBC sink | 5,000 | 75,000 | 120 | 480 | 900 |"), section);
        assertTrue(section.contains("Tributary wrote 90,000 rows/s and Debezium's own sink 40,000: 2.25×"), section);
        assertTrue(section.contains("| Tributary JDBC sink | " + JdbcSinkScenario.CDC_EVENTS + " | 4 | 900,000 | 10.00 | 90,000 | 75% |"),
                "CDC runs are judged against the consumer on their own topic: " + section);
        assertTrue(Files.size(dir.resolve("b.png")) > 1000);
    }

    /** A run with CPU figures: task µs per record, database cores over its 10 seconds. */
    private static Result cpu(String kind, String name, String mode, int tasks, double rate, double taskMicros,
                              double databaseCores) {
        return cpu(kind, name, mode, tasks, rate, taskMicros, databaseCores, List.of());
    }

    private static Result cpu(String kind, String name, String mode, int tasks, double rate, double taskMicros,
                              double databaseCores, List<Long> split) {
        return new Result("jdbc-sink", kind, name, mode, tasks, (long) rate * 10, 10, 0, 0, 90, databaseCores, taskMicros, split);
    }

    @Test
    void judgesCpuPerRecordAgainstTheLimitsAndThePeerOfTheSameRun(@TempDir Path dir) throws Exception {
        Report report = new Report(List.of(
                cpu("limit", Report.CONSUME_LIMIT, "read", 0, 200_000, 8.0, Double.NaN),
                cpu("limit", "psql \\copy (same rows)", "insert", 0, 400_000, Double.NaN, 1.0),
                cpu("tributary", "Tributary JDBC sink", "insert", 4, 100_000, 10.0, 0.25, List.of(250L, 260L, 240L, 250L)),
                cpu("tributary", "Tributary JDBC sink", "insert", 1, 80_000, 9.0, 0.2),
                cpu("tributary", "Tributary JDBC sink", "upsert", 4, 100_000, 12.0, 0.5, List.of(260L, 240L, 250L, 250L)),
                cpu("peer", "Debezium JDBC sink 3.6.0", "insert", 4, 50_000, 30.0, 0.5),
                cpu("peer", "Debezium JDBC sink 3.6.0", "upsert", 4, 50_000, 30.0, 0.5)),
                List.of(), 1);
        List<String> lines = report.cpuTargets(4);
        assertEquals(6, lines.size(), lines.toString());
        // 10 µs against the consumer's 8: 1.25×, within 1.3×.
        assertTrue(lines.get(0).startsWith("met") && lines.get(0).contains("1.25×"), lines.get(0));
        // The database: 0.25 cores × 10 s over 1,000,000 rows = 2.5 µs, against \copy's 1.0 × 10 s / 4,000,000 = 2.5 µs.
        assertTrue(lines.get(1).startsWith("met") && lines.get(1).contains("1.00×"), lines.get(1));
        // 12.5 µs against Debezium's 30 + 0.5 × 10 s / 500,000 rows × 1e6 = 40 µs.
        assertTrue(lines.get(2).startsWith("met") && lines.get(2).contains("0.31×"), lines.get(2));
        // Upsert: 12 + 5 = 17 µs against 40 µs.
        assertTrue(lines.get(3).startsWith("met") && lines.get(3).contains("0.43×"), lines.get(3));
        // 10 µs at 4 tasks against 9 at 1: 1.11×.
        assertTrue(lines.get(4).startsWith("met") && lines.get(4).contains("1.11×"), lines.get(4));
        // The worst task is 4% off an even split.
        assertTrue(lines.get(5).startsWith("met") && lines.get(5).contains("4% off") && lines.get(5).contains("25/26/24/25"),
                lines.get(5));
        String section = report.section(dir.resolve("c.png"), 4);
        assertTrue(section.contains("| 10.00 | 2.50 | 25/26/24/25 |"), section);
        assertTrue(Files.size(dir.resolve("c-cpu.png")) > 1000, "the CPU chart is written beside the rate chart");
        assertTrue(section.contains("(c.png) ![JDBC sink CPU per row](c-cpu.png)"), section);
        assertTrue(section.contains("one core runs about 100,000 rows/s of Tributary inserts"), section);
        assertTrue(section.contains("task-thread-<connector>-*"), "the figure says which threads it adds up: " + section);
    }

    @Test
    void judgesMqttTargetsAgainstTheBrokersOwnRate(@TempDir Path dir) throws Exception {
        MqttReport report = new MqttReport(List.of(
                r("mqtt-source", "limit", "Mosquitto QoS 1 publish→subscribe (no Connect)", "QoS 1", 0, 50_000),
                r("mqtt-source", "limit", "Kafka producer (same records)", "write", 0, 300_000),
                r("mqtt-source", "tributary", "Tributary MQTT source", MqttReport.TUNED, 1, 42_000),
                r("mqtt-source", "tributary", "Tributary MQTT source", MqttReport.TUNED, 2, 39_000)),
                List.of(new LatencyRun.Latency("Tributary MQTT source, defaults", 5000, 75_000, 8, 30, 60)));
        assertEquals(50_000, report.limit(), 1);
        List<String> targets = report.targets();
        assertEquals(4, targets.size(), targets.toString());
        assertTrue(targets.get(0).startsWith("met") && targets.get(0).contains("84%"), targets.get(0));
        assertTrue(targets.get(1).startsWith("NOT met"), targets.get(1));
        assertTrue(targets.get(2).startsWith("not measured") && targets.get(2).contains("split"), targets.get(2));
        assertTrue(targets.get(3).startsWith("met") && targets.get(3).contains("30 ms"), targets.get(3));
        assertTrue(report.section(dir.resolve("m.png")).contains("| Tributary MQTT source | " + MqttReport.TUNED + " | 1 | 420,000 |"));
    }

    private static Result mqtt(String kind, String name, String mode, int tasks, double rate, double micros, List<Long> split) {
        return new Result("mqtt-source", kind, name, mode, tasks, (long) rate * 10, 10, 0, 0, 95, Double.NaN, micros, split);
    }

    @Test
    void judgesMqttCpuPerMessageAgainstThePlainPairAndOneTask(@TempDir Path dir) throws Exception {
        MqttReport report = new MqttReport(List.of(
                mqtt("limit", "Mosquitto QoS 1 publish→subscribe (no Connect)", "QoS 1", 0, 50_000, Double.NaN, List.of()),
                mqtt("limit", MqttSourceScenario.PAIR_LIMIT, "QoS 1", 0, 30_000, 20.0, List.of()),
                mqtt("limit", "Kafka producer (same records)", "write", 0, 300_000, Double.NaN, List.of()),
                mqtt("tributary", "Tributary MQTT source", MqttReport.TUNED, 1, 40_000, 25.0, List.of(400_000L)),
                mqtt("tributary", "Tributary MQTT source", MqttReport.TUNED, 4, 40_000, 32.0, List.of(100L, 100L, 140L, 60L))),
                List.of());
        assertEquals(50_000, report.limit(), 1, "the pair is a CPU limit, not the broker's rate");
        List<String> lines = report.cpuTargets();
        assertEquals(3, lines.size(), lines.toString());
        // 25 µs against the pair's 20: 1.25×, within 1.5×.
        assertTrue(lines.get(0).startsWith("met") && lines.get(0).contains("1.25×"), lines.get(0));
        // 32 against 25: 1.28×, over 1.15×.
        assertTrue(lines.get(1).startsWith("NOT met") && lines.get(1).contains("1.28×"), lines.get(1));
        // One task has 40% more than its even share.
        assertTrue(lines.get(2).startsWith("NOT met") && lines.get(2).contains("40% off"), lines.get(2));
        String section = report.section(dir.resolve("m.png"));
        assertTrue(section.contains("| 25.00 |"), section);
        assertTrue(section.contains("| 32.00 | 25/25/35/15 |"), section);
        assertTrue(section.contains("one core carries about 40,000 msg/s"), section);
        assertTrue(Files.size(dir.resolve("m-cpu.png")) > 1000);
    }

    @Test
    void aRunOfOneScenarioKeepsTheOthersSection(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("benchmarks.md");
        ReportFile.write(md, "run.sh", "env", Map.of("jdbc-sink", "## JDBC\nold jdbc\n", "mqtt-source", "## MQTT\nold mqtt\n"));
        ReportFile.write(md, "run.sh --scenario mqtt-source", "env", Map.of("mqtt-source", "## MQTT\nnew mqtt\n"));
        String text = Files.readString(md);
        assertTrue(text.contains("old jdbc") && text.contains("new mqtt") && !text.contains("old mqtt"), text);
        assertTrue(text.indexOf("## JDBC") < text.indexOf("## MQTT"), text);
    }

    private static Result source(String kind, String name, String mode, int tasks, double rate, double micros, List<Long> split) {
        return new Result("jdbc-source", kind, name, mode, tasks, (long) rate * 10, 10, 0, 0, 90, 0.5, micros, split);
    }

    @Test
    void judgesJdbcSourceRunsAgainstTheLimitWithAsManyStreamsAsTasks(@TempDir Path dir) throws Exception {
        String limit = JdbcSourceScenario.LIMIT;
        JdbcSourceReport report = new JdbcSourceReport(List.of(
                source("limit", limit, JdbcSourceScenario.limitMode(1, false), 0, 50_000, 20.0, List.of()),
                source("limit", limit, JdbcSourceScenario.limitMode(4, false), 0, 100_000, 22.0, List.of()),
                source("tributary", "Tributary JDBC source", JdbcSourceScenario.LOAD, 1, 40_000, 25.0, List.of(400_000L)),
                source("tributary", "Tributary JDBC source", JdbcSourceScenario.LOAD, 4, 60_000, 40.0,
                        List.of(150_000L, 150_000L, 150_000L, 150_000L))),
                source("tributary", "own worker", JdbcSourceScenario.HEAP, 1, 30_000, Double.NaN, List.of()),
                new HeapBoundWorker.Heap(300, 42, 512, 80, 1), 5_000_000, 512);
        List<String> lines = report.targets();
        assertEquals(6, lines.size(), lines.toString());
        // 40,000 against the 1-stream limit's 50,000: 80%.
        assertTrue(lines.get(0).startsWith("met") && lines.get(0).contains("80%"), lines.get(0));
        assertTrue(lines.get(1).startsWith("met") && lines.get(1).contains("1.25×"), lines.get(1));
        // 60,000 against the 4-stream limit's 100,000: 60%, and 40 µs against 22: 1.82×.
        assertTrue(lines.get(2).startsWith("NOT met") && lines.get(2).contains("60%"), lines.get(2));
        assertTrue(lines.get(3).startsWith("NOT met") && lines.get(3).contains("1.82×"), lines.get(3));
        assertTrue(lines.get(4).startsWith("met") && lines.get(4).contains("25/25/25/25"), lines.get(4));
        // The one full collection is the one the run asked for.
        assertTrue(lines.get(5).startsWith("met") && lines.get(5).contains("42 MB live"), lines.get(5));
        String section = report.section(dir.resolve("s.png"), 1_000_000);
        assertTrue(section.contains("| Tributary JDBC source | " + JdbcSourceScenario.LOAD + " | 4 | 600,000 | 10.00 | 60,000 | 60% |"),
                section);
        assertTrue(section.contains("| 5,000,000 | 10.0 | 30,000 | 42 | 300 | 0 | 512 |"), section);
        assertTrue(Files.size(dir.resolve("s-cpu.png")) > 1000);
        JdbcSourceReport pressed = new JdbcSourceReport(List.of(), source("tributary", "own worker", JdbcSourceScenario.HEAP,
                1, 30_000, Double.NaN, List.of()), new HeapBoundWorker.Heap(500, 400, 512, 300, 4), 5_000_000, 512);
        assertTrue(pressed.targets().get(0).startsWith("NOT met"), "full collections of G1's own: " + pressed.targets());
    }
}
