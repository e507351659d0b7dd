package io.tributary.connect.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The main command as a user runs it: its own process (Kafka and the worker as its children) on
 * free ports, the pack unzipped from packaging/, the demo pipeline moving simulated readings into
 * the SQLite table and the retail inventory onto the stock page through the HTTP sink; then SIGTERM (what Ctrl-C amounts to) must leave no process and no port behind,
 * and a second run on the same data directory resumes without losing or repeating a reading.
 */
class LocalStackIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path data;

    @Test
    void theDemoPipelineFillsTheTableAndARestartResumesIt() throws Exception {
        int[] ports = freePorts(5);
        List<String> args = List.of("--data-dir", data.toString(), "--kafka-port", Integer.toString(ports[0]),
                "--controller-port", Integer.toString(ports[1]), "--rest-port", Integer.toString(ports[2]),
                "--mqtt-port", Integer.toString(ports[3]), "--http-port", Integer.toString(ports[4]), "--rate", "100",
                "--zip", zip());
        String db = "jdbc:sqlite:" + data.resolve("demo.db");

        StackProcess first = StackProcess.start(args);
        first.await("300 readings in the table", () -> rows(db, "SELECT count(*) FROM readings") >= 300);
        assertEquals(12, rows(db, "SELECT count(DISTINCT sensor) FROM readings"), "every simulated sensor is there");
        assertEquals(4, rows(db, "SELECT count(DISTINCT site) FROM readings"));
        assertEquals(0, rows(db, "SELECT count(*) FROM readings WHERE temperature IS NULL OR humidity IS NULL"));
        String status = get("http://127.0.0.1:" + ports[2] + "/connectors?expand=status");
        assertTrue(status.contains("\"sensors-mqtt-source\"") && status.contains("\"readings-jdbc-sink\""), status);
        assertFalse(status.contains("FAILED"), status);
        String bootstrap = "127.0.0.1:" + ports[0];
        first.await("the inventory's 40 SKUs in topic " + DemoPipelines.INVENTORY_TOPIC,
                () -> topicRecords(bootstrap, DemoPipelines.INVENTORY_TOPIC) >= 40);
        assertTrue(get("http://127.0.0.1:" + ports[2] + "/connectors/" + DemoPipelines.RETAIL_SOURCE + "/status")
                .contains("\"state\":\"RUNNING\""));
        // The retail pipeline's last leg: the HTTP sink posts the inventory to the demo's stock page.
        String stockPage = "http://127.0.0.1:" + ports[4] + "/";
        first.await("the 40 SKUs on the stock page", () -> JSON.readTree(get(stockPage + "stock.json")).size() >= 40);
        com.fasterxml.jackson.databind.JsonNode sku = JSON.readTree(get(stockPage + "stock.json")).get(0);
        assertEquals("SKU-00001", sku.path("sku").asText());
        assertTrue(sku.path("qty").isNumber() && sku.path("price").isNumber() && !sku.path("product").asText().isEmpty(), sku.toString());
        String page = get(stockPage);
        assertTrue(page.contains("<h1>Stock per SKU</h1>") && page.contains("SKU-00040"), page);
        assertTrue(get("http://127.0.0.1:" + ports[2] + "/connectors/" + DemoPipelines.STOCK_SINK + "/status")
                .contains("\"state\":\"RUNNING\""));
        first.await("the progress board", () -> first.output().contains("readings-jdbc-sink") && first.output().contains("RUNNING")
                && first.output().contains(DemoPipelines.RETAIL_SOURCE) && first.output().contains(DemoPipelines.STOCK_SINK)
                && first.output().contains(DemoPipelines.DASHBOARD_SINK));
        assertTrue(first.output().contains("stock page     " + stockPage), first.output());
        // The MQTT sink's leg: every sensor's readings reach dashboard/<site>/<sensor> at the demo's broker.
        first.await("12 sensors' readings under dashboard/", () -> dashboardTopics(ports[3]).size() >= 12);
        assertTrue(dashboardTopics(ports[3]).stream().allMatch(t -> t.matches("dashboard/[a-z]+/sensor-\\d\\d")));
        assertTrue(get("http://127.0.0.1:" + ports[2] + "/connectors/" + DemoPipelines.DASHBOARD_SINK + "/status")
                .contains("\"state\":\"RUNNING\""));
        // The third pipeline: the pricing API, cursor-paged, through the HTTP source into retail.prices, and on
        // through the MQTT sink to prices/<sku>, each SKU's latest price retained.
        first.await("price changes in topic " + DemoPipelines.PRICES_TOPIC,
                () -> topicRecords(bootstrap, DemoPipelines.PRICES_TOPIC) >= 30);
        first.await("prices of 20 SKUs under prices/", () -> retainedTopics(ports[3], "prices/#").size() >= 20);
        assertTrue(retainedTopics(ports[3], "prices/#").stream().allMatch(t -> t.matches("prices/SKU-\\d{5}")));
        for (String connector : List.of(DemoPipelines.PRICES_SOURCE, DemoPipelines.PRICES_SINK)) {
            assertTrue(get("http://127.0.0.1:" + ports[2] + "/connectors/" + connector + "/status")
                    .contains("\"state\":\"RUNNING\""), connector);
        }
        first.await("the price rows on the board", () -> first.output().contains(DemoPipelines.PRICES_SOURCE)
                && first.output().contains(DemoPipelines.PRICES_SINK));
        assertTrue(first.output().contains("topic sensor-readings") && first.output().contains("table readings in " + db)
                && first.output().contains("Connect REST   http://127.0.0.1:" + ports[2]), "where to look: " + first.output());
        List<ProcessHandle> children = first.descendants();
        assertTrue(children.size() >= 2, "Kafka and the worker run as child processes: " + children);

        first.stop();
        children.forEach(c -> assertFalse(c.isAlive(), "left running: " + c.pid() + " " + c.info().commandLine().orElse("")));
        assertPortsFree(ports);
        long afterFirst = rows(db, "SELECT count(*) FROM readings");
        assertNoGapsOrRepeats(db);

        StackProcess second = StackProcess.start(args);
        second.await("new readings after the restart", () -> rows(db, "SELECT count(*) FROM readings") >= afterFirst + 200);
        assertTrue(second.output().contains("PUT /connectors/sensors-mqtt-source/config"), second.output());
        second.stop();
        assertPortsFree(ports);
        assertNoGapsOrRepeats(db);
    }

    @Test
    void theBrokerAndWorkerModeStartsNoConnectorAndPrintsCurlCommands() throws Exception {
        int[] ports = freePorts(3);
        StackProcess stack = StackProcess.start(List.of("--no-demo", "--data-dir", data.toString(),
                "--kafka-port", Integer.toString(ports[0]), "--controller-port", Integer.toString(ports[1]),
                "--rest-port", Integer.toString(ports[2]), "--zip", zip()));
        stack.await("the curl commands", () -> stack.output().contains("Ctrl-C stops everything"));
        assertTrue(stack.output().contains("curl -s -X PUT"), stack.output());
        String base = "http://127.0.0.1:" + ports[2];
        assertEquals("[]", get(base + "/connectors").trim());
        String plugins = get(base + "/connector-plugins");
        assertTrue(plugins.contains(DemoPipelines.MQTT_SOURCE_CLASS) && plugins.contains(DemoPipelines.JDBC_SINK_CLASS)
                && plugins.contains(DemoPipelines.HTTP_SINK_CLASS), plugins);
        stack.stop();
        assertPortsFree(ports);
    }

    /** The sink keys rows by Kafka offset on a one-partition topic: offsets 0..max, each once, means nothing lost or repeated. */
    private static void assertNoGapsOrRepeats(String db) throws SQLException {
        long count = rows(db, "SELECT count(*) FROM readings");
        long distinct = rows(db, "SELECT count(DISTINCT __connect_offset) FROM readings");
        long max = rows(db, "SELECT max(__connect_offset) FROM readings");
        assertEquals(count, distinct, "a reading was written twice");
        assertEquals(max + 1, count, "a reading is missing");
    }

    private static String zip() {
        String zip = System.getProperty("tributary.pack.zip");
        if (zip == null || !java.nio.file.Files.exists(Path.of(zip))) {
            fail("The packaged zip is missing (" + zip + "); run mvn verify from the top");
        }
        return zip;
    }

    private static long rows(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    /** Records a topic holds (its end offsets), 0 while it does not exist. */
    private static long topicRecords(String bootstrap, String topic) {
        java.util.Map<String, Object> props = java.util.Map.of("bootstrap.servers", bootstrap, "allow.auto.create.topics", false,
                "key.deserializer",
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName(), "value.deserializer",
                org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props)) {
            var partitions = c.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(partitions, Duration.ofSeconds(5)).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void assertPortsFree(int[] ports) {
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                fail("port " + port + " is still taken after the stack stopped");
            }
        }
    }

    /** The command's own JVM, started as demo/run.sh starts it, with its output kept. */
    private static final class StackProcess {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private StackProcess(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                        output.append(text);
                        System.out.print(text);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "local-stack-output");
            reader.setDaemon(true);
            reader.start();
        }

        static StackProcess start(List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
            command.addAll(args);
            return new StackProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        String output() {
            return output.toString();
        }

        List<ProcessHandle> descendants() {
            return process.descendants().toList();
        }

        void await(String what, Check check) throws InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    fail("The stack exited (" + process.exitValue() + ") before " + what + ":\n" + output());
                }
                try {
                    if (check.holds()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // the table or the worker is not there yet
                }
                if (System.nanoTime() > deadline) {
                    fail("No " + what + " within " + START_TIMEOUT.toSeconds() + " s:\n" + output());
                }
                Thread.sleep(500);
            }
        }

        /** SIGTERM, as Ctrl-C's shutdown would, then wait for the clean stop. */
        void stop() throws InterruptedException {
            // Through the handle: Process.destroy() would also close our end of its output pipe, and
            // the shutdown's messages would be lost.
            process.toHandle().destroy();
            if (!process.waitFor(150, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("The stack did not stop within 150 s:\n" + output());
            }
            reader.join(10_000);
            assertTrue(output().contains("Stopped. Data kept in"), output());
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** The topics a new subscriber to dashboard/# gets messages on from the demo's broker within 3 s. */
    private static java.util.Set<String> dashboardTopics(int mqttPort) throws Exception {
        return retainedTopics(mqttPort, "dashboard/#");
    }

    /** The topics a new subscriber to {@code filter} gets messages on from the demo's broker within 3 s. */
    private static java.util.Set<String> retainedTopics(int mqttPort, String filter) throws Exception {
        var client = com.hivemq.client.mqtt.MqttClient.builder().useMqttVersion3()
                .identifier("demo-it-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        client.connect();
        java.util.Set<String> topics = new java.util.TreeSet<>();
        try (var publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter(filter).send();
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline) {
                var p = publishes.receive(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (p.isPresent()) {
                    topics.add(p.get().getTopic().toString());
                }
            }
        } finally {
            client.disconnect();
        }
        return topics;
    }
}
