package io.tributary.connect.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static Result r(String kind, String name, String mode, int tasks, double rate) {
        return new Result("jdbc-sink", kind, name, mode, tasks, (long) rate * 10, 10, 0, 0);
    }

    @Test
    void judgesTargetsAgainstTheLowerLimitAndThePeer(@TempDir Path dir) throws Exception {
        Report report = new Report(List.of(
                r("limit", "consumer + JsonConverter (2 threads)", "read", 0, 200_000),
                r("limit", "psql \\copy (same rows)", "insert", 0, 400_000),
                r("tributary", "Tributary JDBC sink", "insert", 4, 160_000),
                r("tributary", "Tributary JDBC sink", "upsert", 4, 100_000),
                r("peer", "Debezium JDBC sink 3.6.0", "insert", 4, 75_000),
                r("peer", "Debezium JDBC sink 3.6.0 (UNNEST)", "insert", 4, 110_000),
                r("peer", "Debezium JDBC sink 3.6.0", "upsert", 4, 70_000)),
                List.of(new LatencyRun.Latency("Tributary JDBC sink", 5000, 75_000, 120, 480, 900)), "cmd", "env", 2);
        assertEquals(200_000, report.sinkLimit(), 1);
        List<String> targets = report.targets(4);
        assertEquals(4, targets.size(), targets.toString());
        assertTrue(targets.get(0).startsWith("met") && targets.get(0).contains("80%"), targets.get(0));
        assertTrue(targets.get(1).startsWith("met") && targets.get(1).contains("2.13×"), targets.get(1));
        assertTrue(targets.get(2).startsWith("NOT met") && targets.get(2).contains("1.45×"), targets.get(2));
        assertTrue(targets.get(3).startsWith("NOT met"), targets.get(3));
        Path md = dir.resolve("b.md");
        report.write(md, dir.resolve("b.png"), 4);
        assertTrue(Files.readString(md).contains("| Tributary JDBC sink | insert | 4 | 1,600,000 |"), Files.readString(md));
        assertTrue(Files.readString(md).contains("| Tributary JDBC sink | 5,000 | 75,000 | 120 | 480 | 900 |"), Files.readString(md));
        assertTrue(Files.size(dir.resolve("b.png")) > 1000);
    }
}
