package io.tributary.connect.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The HTTP source's section of docs/benchmarks.md (table, targets) and its charts. */
final class HttpSourceReport {
    /** The target: 70% of the plain fetch-and-produce loop's records/s. */
    static final double SHARE_OF_LIMIT = 0.7;

    private final List<Result> results;
    private final long records;
    private final int pageSize;

    HttpSourceReport(List<Result> results, long records, int pageSize) {
        this.results = results;
        this.records = records;
        this.pageSize = pageSize;
    }

    private Optional<Result> find(String kind, String mode) {
        return results.stream().filter(r -> r.kind().equals(kind) && r.mode().equals(mode)).findFirst();
    }

    List<String> targets() {
        List<String> lines = new ArrayList<>();
        for (String mode : List.of(HttpSourceScenario.DEFAULTS, HttpSourceScenario.NO_DEDUP)) {
            Optional<Result> run = find("tributary", mode);
            Optional<Result> limit = find("limit", mode);
            if (run.isEmpty() || limit.isEmpty()) {
                continue;
            }
            double share = run.get().rate() / limit.get().rate();
            lines.add((share >= SHARE_OF_LIMIT ? "met" : "NOT met") + ": " + mode + ": ≥ 70% of the plain fetch-and-produce "
                    + String.format("loop's records/s — measured %,.0f ÷ %,.0f = %.0f%% (%,.0f ÷ %,.0f pages/s)",
                    run.get().rate(), limit.get().rate(), 100 * share, run.get().rate() / pageSize,
                    limit.get().rate() / pageSize));
            lines.add(Targets.atMost(mode + ": CPU per record ≤ 1/0.7 ≈ 1.43× the loop's (the 70% target in CPU)",
                    run.get().threadCpuMicros(), limit.get().threadCpuMicros(), 1 / SHARE_OF_LIMIT));
        }
        return lines;
    }

    String section(Path chart) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## HTTP source from a loopback endpoint\n\n");
        md.append(String.format("The JDK's HttpServer on 127.0.0.1 serves %,d flat inventory records (about 110 bytes of "
                + "JSON each) in pages of %,d, cursor-paged (the next cursor in the body), rendered before the run. The "
                + "connector, from `plugin.path` on a 2-worker cluster, reads them with one task into a topic of four "
                + "partitions (with one, both jobs wait on the producer's one request in flight rather than on their "
                + "own work): records at `/items`, keyed by `/id`, schemaless JsonConverter keys and values, the three "
                + "`tributary.http.*` headers on every record; once with its defaults (a de-duplication window of 10,000 "
                + "records, which digests each record) and once with `dedup.window.records=0`. The limit, timed in every "
                + "round beside the connector: a plain loop on one thread fetching the same pages with Apache HttpClient "
                + "5, parsing them with Jackson, turning each record into the same key and map the connector hands the "
                + "worker, converting them with JsonConverter and the same headers with SimpleHeaderConverter (as the worker does), and "
                + "sending them with a producer "
                + "set up as Connect sets up a source task's. Rates run from the first record reaching Kafka until Kafka "
                + "holds them all (pages/s is records/s ÷ %,d). CPU µs/record adds up the per-thread CPU clocks of %s "
                + "(the connector: fetching, parsing, records, conversion, producing) or %s (the limit) over the timed "
                + "window; the endpoint's threads count for neither.\n\n", records, pageSize, pageSize,
                HttpSourceScenario.threads("<connector>").description(), HttpFetchProduceLimit.THREADS.description()));
        md.append(RunsBesideLimits.charts(results, chart, "HTTP source", "record",
                "HTTP source from a loopback endpoint: records/s (higher is better)",
                "HTTP source: CPU µs per record (lower is better)"));
        md.append(RunsBesideLimits.table(results, "configuration", "records", "record", "loop"));
        md.append("\n### Targets (HTTP source issue)\n\n");
        for (String line : targets()) {
            md.append("- ").append(line).append('\n');
        }
        return md.toString();
    }
}
