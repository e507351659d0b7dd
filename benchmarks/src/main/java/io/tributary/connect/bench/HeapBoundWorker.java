package io.tributary.connect.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distributed Connect worker in a JVM of its own with a fixed heap, joined to the run's broker and
 * loading the same plugin.path: what a connector needs of a worker's heap shows only where nothing
 * else shares it. The heap figure is read from the worker's GC log: the most heap still in use
 * after a collection, which is what the worker kept alive, not what it had not yet collected.
 */
final class HeapBoundWorker implements AutoCloseable {
    private static final Pattern GC_LINE = Pattern.compile("Pause (Young|Full|Remark|Cleanup)[^\\n]*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path gcLog;
    private final Path log;
    private final String rest;
    private final HttpClient http = HttpClient.newHttpClient();

    HeapBoundWorker(Path pluginPath, String bootstrapServers, int heapMb, Path dir) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        rest = "http://127.0.0.1:" + port;
        String id = "bench-heap-" + Long.toString(System.currentTimeMillis(), 36);
        Path props = dir.resolve("worker.properties");
        Files.writeString(props, String.join("\n",
                "bootstrap.servers=" + bootstrapServers,
                "group.id=" + id,
                "config.storage.topic=" + id + "-configs",
                "offset.storage.topic=" + id + "-offsets",
                "status.storage.topic=" + id + "-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "offset.flush.interval.ms=10000",
                "key.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "listeners=" + rest,
                "rest.advertised.host.name=127.0.0.1",
                "plugin.path=" + pluginPath.toAbsolutePath()) + "\n");
        gcLog = dir.resolve("gc.log");
        log = dir.resolve("worker.log");
        Files.deleteIfExists(gcLog);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+UseG1GC", "-Xlog:gc:file=" + gcLog,
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the " + heapMb + " MB worker exited at start; see " + log);
            }
            try {
                if (get("/connectors").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + heapMb + " MB worker did not start in 90 s; see " + log);
            }
            Thread.sleep(250);
        }
    }

    void configure(String connector, Map<String, String> config) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + "/connectors/" + connector + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("PUT " + connector + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** The connector's status as the worker's REST API gives it, or why it could not be read. */
    String status(String connector) {
        try {
            return get("/connectors/" + connector + "/status").body();
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e + ")";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    Path logFile() {
        return log;
    }

    /**
     * Asks the worker for a full collection now ({@code jcmd GC.run}): what is left after it is what the
     * worker holds alive at that moment, which the young collections' figures (old garbage included) are not.
     */
    void collectNow() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + out);
        }
    }

    /**
     * The GC log's collections: the most heap in use after any one (old garbage not yet collected included,
     * so an upper bound), the heap left by the last full collection (the live set then; -1 without one), and
     * how many collections and full ones there were.
     */
    record Heap(long maxAfterGcMb, long liveAfterFullMb, long committedMb, int collections, int fullCollections) {
    }

    Heap heap() throws IOException {
        long max = 0;
        long live = -1;
        long committed = 0;
        int collections = 0;
        int full = 0;
        if (Files.exists(gcLog)) {
            Matcher m = GC_LINE.matcher(Files.readString(gcLog));
            while (m.find()) {
                collections++;
                if (m.group(1).equals("Full")) {
                    full++;
                    live = Long.parseLong(m.group(3));
                }
                max = Math.max(max, Long.parseLong(m.group(3)));
                committed = Math.max(committed, Long.parseLong(m.group(4)));
            }
        }
        return new Heap(max, live, committed, collections, full);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(rest + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
