package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/benchmarks.md: a header (date, command, machine) and one section per scenario between
 * markers. A run of some scenarios replaces their sections and keeps the others' last figures.
 */
final class ReportFile {
    static final List<String> ORDER = List.of(JdbcSinkScenario.SCENARIO, JdbcSourceScenario.SCENARIO, MqttSourceScenario.SCENARIO,
            HttpSinkScenario.SCENARIO, MqttSinkScenario.SCENARIO, HttpSourceScenario.SCENARIO);
    private static final Pattern SECTION = Pattern.compile(
            "<!-- scenario:([a-z-]+) -->\\n(.*?)<!-- /scenario:\\1 -->\\n", Pattern.DOTALL);

    private ReportFile() {
    }

    static void write(Path markdown, String command, String environment, Map<String, String> fresh) throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        if (Files.exists(markdown)) {
            Matcher m = SECTION.matcher(Files.readString(markdown, StandardCharsets.UTF_8));
            while (m.find()) {
                sections.put(m.group(1), m.group(2));
            }
        }
        fresh.forEach((scenario, text) -> sections.put(scenario, "Run: " + LocalDate.now() + ", `" + command + "`.\n\n"
                + text));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("<!-- Written by benchmarks/run.sh; re-run it rather than editing these figures. -->\n\n");
        md.append("Latest run: ").append(LocalDate.now()).append(", `").append(command).append("`.\n\n");
        md.append(environment).append("\n\n");
        md.append("Each run has two headline figures: records/s, which moves with this shared machine's speed (the "
                + "broker, the workers, the database and the load generator share its cores, and its speed drifts from "
                + "hour to hour), and CPU µs per record, read from the per-thread CPU clocks of the threads that do the "
                + "run's work, which holds from run to run; each section says which threads each figure adds up, and "
                + "compares it with a limit measured the same way in the same run.\n\n");
        md.append("Heap and RSS are the benchmark JVM's, which also hosts the Kafka broker, both workers and the "
                + "load generators, so they bound a worker's use from above.\n\n");
        for (String scenario : ORDER) {
            String text = sections.get(scenario);
            if (text != null) {
                md.append("<!-- scenario:").append(scenario).append(" -->\n").append(text);
                if (!text.endsWith("\n")) {
                    md.append('\n');
                }
                md.append("<!-- /scenario:").append(scenario).append(" -->\n\n");
            }
        }
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.writeString(markdown, md.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
    }
}
