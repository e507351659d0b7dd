package io.tributary.connect.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Live progress: each connector's state, its tasks', records so far, records per second and
 * errors, with where to look. Redrawn in place on a terminal, printed as lines otherwise.
 */
final class ProgressBoard implements AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One row: what is counted and how. */
    record Row(String name, LongSupplier total, LongSupplier errors) {
    }

    private final ConnectRest rest;
    private final Admin admin;
    private final List<String> header;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Long> lastTotals = new HashMap<>();
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private long lastAt;
    private boolean headerShown;

    ProgressBoard(ConnectRest rest, String bootstrapServers, List<String> header, PrintStream out) {
        this.rest = rest;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
        this.header = header;
        this.out = out;
    }

    void add(Row row) {
        rows.add(row);
    }

    /** Records in a topic so far (the sum of its partitions' end offsets; 0 before it exists). */
    LongSupplier topicRecords(String topic) {
        return () -> {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                d.get(topic).partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                return admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS).values().stream()
                        .mapToLong(o -> o.offset()).sum();
            } catch (Exception missingOrBusy) {
                return 0;
            }
        };
    }

    /** Rows in a table (0 before it exists). */
    static LongSupplier tableRows(String jdbcUrl, String user, String password, String table) {
        return () -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                return rs.next() ? rs.getLong(1) : 0;
            } catch (Exception missingOrLocked) {
                return -1;
            }
        };
    }

    /** Draws the board once. */
    void draw() {
        long now = System.nanoTime();
        double seconds = lastAt == 0 ? 0 : (now - lastAt) / 1e9;
        lastAt = now;
        Map<String, String[]> states = states();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %-10s %-14s %14s %10s %8s", "connector", "state", "tasks", "records", "per s", "errors"));
        for (Row row : rows) {
            long total = row.total().getAsLong();
            Long previous = lastTotals.get(row.name());
            if (total < 0) {
                total = previous == null ? 0 : previous; // the table was busy this time: keep the last count
            }
            String rate = previous == null || seconds <= 0 ? "" : String.format("%.1f", (total - previous) / seconds);
            lastTotals.put(row.name(), total);
            String[] state = states.getOrDefault(row.name(), new String[]{"", ""});
            long errors = row.errors() == null ? 0 : Math.max(0, row.errors().getAsLong());
            lines.add(String.format("%-24s %-10s %-14s %,14d %10s %8s", row.name(), state[0], state[1], total, rate,
                    row.errors() == null ? "" : Long.toString(errors)));
        }
        if (terminal) {
            out.print("\033[H\033[2J");
            header.forEach(out::println);
            out.println();
            out.println("Progress at " + LocalTime.now().format(CLOCK) + "  (Ctrl-C stops everything; data is kept)");
        } else {
            if (!headerShown) {
                // Printed as lines (a pipe, a log file): where to look is said once, before the first rows.
                header.forEach(out::println);
                out.println("(Ctrl-C stops everything; data is kept)");
                headerShown = true;
            }
            out.println("--- " + LocalTime.now().format(CLOCK));
        }
        lines.forEach(out::println);
        states.forEach((name, s) -> {
            if (s.length > 2 && s[2] != null) {
                out.println("  " + name + ": " + s[2]);
            }
        });
        out.flush();
    }

    /** Connector name → {connector state, tasks summary, first line of a failed task's trace}. */
    private Map<String, String[]> states() {
        Map<String, String[]> out = new LinkedHashMap<>();
        try {
            JsonNode all = rest.statuses();
            all.fields().forEachRemaining(e -> {
                JsonNode status = e.getValue().path("status");
                int running = 0;
                int count = 0;
                String failure = null;
                for (JsonNode task : status.path("tasks")) {
                    count++;
                    String state = task.path("state").asText();
                    if ("RUNNING".equals(state)) {
                        running++;
                    } else if ("FAILED".equals(state) && failure == null) {
                        failure = "task " + task.path("id").asText() + " FAILED: " + task.path("trace").asText().lines()
                                .findFirst().orElse("");
                    }
                }
                out.put(e.getKey(), new String[]{status.path("connector").path("state").asText(),
                        running + "/" + count + " running", failure});
            });
        } catch (Exception e) {
            out.put("(worker)", new String[]{"unreachable", "", e.getMessage()});
        }
        return out;
    }

    @Override
    public void close() {
        admin.close();
    }
}
