package io.tributary.connect.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's main command: a local KRaft Kafka and a distributed Connect worker with the pack
 * unzipped into plugin.path, and (unless {@code --no-demo}) an MQTT broker, simulated sensors and
 * the demo pipelines created through the REST API, with live progress until Ctrl-C.
 */
public final class LocalStack {
    private final LocalStackOptions options;
    private final DataDirectory data;
    private final ConnectRest rest;
    private final List<String> header = new ArrayList<>();
    private ChildJvm kafka;
    private ChildJvm worker;
    private EmbeddedMqttBroker mqtt;
    private SensorSimulator sensors;
    private InventorySimulator inventory;
    private StockPage stockPage;
    private ProgressBoard board;
    private DashboardSubscriber dashboard;
    private PriceFeed prices;
    private DashboardSubscriber priceDisplay;
    private volatile boolean stopping;

    LocalStack(LocalStackOptions options) throws IOException {
        this.options = options;
        this.data = new DataDirectory(options.dataDir);
        // Before the first logger: this JVM's own logs go to a file, the console shows progress.
        System.setProperty("log4j.configuration", data.launcherLog4jConfig().toUri().toString());
        this.rest = new ConnectRest(options.restUrl());
    }

    public static void main(String[] args) throws Exception {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            main.interrupt();
        }, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (Exception e) {
            if (!stack.stopping) {
                System.out.println();
                System.out.println("Could not start: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        stack.watch();
    }

    void start() throws Exception {
        Path zip = options.zip != null ? options.zip : findZip();
        checkFree(options.kafkaPort, "--kafka-port");
        checkFree(options.controllerPort, "--controller-port");
        checkFree(options.restPort, "--rest-port");
        if (options.demo && options.mqttUri == null) {
            checkFree(options.mqttPort, "--mqtt-port");
        }
        if (options.demo && options.httpUrl == null) {
            checkFree(options.httpPort, "--http-port");
        }
        System.out.println("Data directory: " + data.root());
        Path plugin = data.installPlugin(zip);
        System.out.println("Installed " + zip.getFileName() + " into plugin.path: " + plugin);
        System.out.println("Starting Kafka (KRaft) on " + options.bootstrapServers() + " ...");
        kafka = KafkaBroker.start(options, data);
        System.out.println("Starting the Connect worker, REST on " + options.restUrl() + " ...");
        worker = ConnectWorker.start(options, data, rest);
        header.add("Tributary local stack");
        header.add("  Connect REST   " + options.restUrl() + "   (curl " + options.restUrl() + "/connectors?expand=status)");
        header.add("  Kafka          " + options.bootstrapServers());
        header.add("  data           " + data.root() + "   (logs in " + data.root().resolve("logs") + ")");
        if (!options.demo) {
            printCurlCommands();
            return;
        }
        String mqttUri = options.mqttUri;
        if (mqttUri == null) {
            mqtt = EmbeddedMqttBroker.start(options.mqttPort, data.mqttStore());
            mqttUri = mqtt.uri();
        }
        // The inventory table exists before the JDBC source lists tables.
        inventory = new InventorySimulator(options.retailJdbcUrl, options.jdbcUser, options.jdbcPassword);
        inventory.start();
        String stockUrl = options.httpUrl;
        String pricesUrl = null;
        if (stockUrl == null) {
            stockPage = StockPage.start(options.httpPort);
            stockUrl = stockPage.stockUrl();
            prices = new PriceFeed();
            stockPage.serve(PriceFeed.PATH, prices::handle);
            prices.start();
            pricesUrl = stockPage.baseUrl() + PriceFeed.PATH;
        }
        DemoPipelines pipelines = new DemoPipelines(options, mqttUri, stockUrl, pricesUrl);
        for (Map.Entry<String, Map<String, String>> c : pipelines.connectors().entrySet()) {
            rest.putConfig(c.getKey(), c.getValue());
            System.out.println("PUT /connectors/" + c.getKey() + "/config");
        }
        dashboard = new DashboardSubscriber(mqttUri, DashboardSubscriber.TOPIC_FILTER);
        dashboard.start();
        if (prices != null) {
            priceDisplay = new DashboardSubscriber(mqttUri, DemoPipelines.PRICES_MQTT_FILTER);
            priceDisplay.start();
        }
        sensors = new SensorSimulator(mqttUri, options.sensors, options.rate);
        sensors.start();
        header.add("  MQTT broker    " + mqttUri + (mqtt != null ? " (embedded)" : "") + "   sensors publish to "
                + SensorSimulator.TOPIC_FILTER);
        header.add("  pipeline       " + options.sensors + " simulated sensors → MQTT → " + DemoPipelines.SENSORS_SOURCE
                + " → topic " + DemoPipelines.READINGS_TOPIC + " → " + DemoPipelines.READINGS_SINK + " → table "
                + DemoPipelines.READINGS_TABLE + " in " + options.jdbcUrl);
        header.add("  pipeline       table " + InventorySimulator.TABLE + " in " + options.retailJdbcUrl + " (stock moves, price "
                + "changes, new SKUs) → " + DemoPipelines.RETAIL_SOURCE + " → topic " + DemoPipelines.INVENTORY_TOPIC
                + " → " + DemoPipelines.STOCK_SINK + " → " + stockUrl);
        header.add("  pipeline       topic " + DemoPipelines.READINGS_TOPIC + " → " + DemoPipelines.DASHBOARD_SINK + " → MQTT "
                + DashboardSubscriber.TOPIC_FILTER + " at " + mqttUri + " (each sensor's latest reading, retained) → the "
                + "demo's dashboard subscriber");
        if (prices != null) {
            header.add("  pipeline       pricing API " + pricesUrl + " (price changes, cursor-paged) → "
                    + DemoPipelines.PRICES_SOURCE + " → topic " + DemoPipelines.PRICES_TOPIC + " → "
                    + DemoPipelines.PRICES_SINK + " → MQTT " + DemoPipelines.PRICES_MQTT_FILTER + " (each SKU's latest "
                    + "price, retained)");
        }
        if (stockPage != null) {
            header.add("  stock page     " + stockPage.pageUrl() + "   (open it in a browser: the latest stock per SKU)");
        }
        board = new ProgressBoard(rest, options.bootstrapServers(), header, System.out);
        board.add(new ProgressBoard.Row("simulated sensors", sensors::published, null));
        board.add(new ProgressBoard.Row(DemoPipelines.SENSORS_SOURCE,
                board.topicRecords(DemoPipelines.READINGS_TOPIC), board.topicRecords(DemoPipelines.SOURCE_ERRORS_TOPIC)));
        board.add(new ProgressBoard.Row(DemoPipelines.READINGS_SINK, ProgressBoard.tableRows(options.jdbcUrl,
                options.jdbcUser, options.jdbcPassword, DemoPipelines.READINGS_TABLE),
                board.topicRecords(DemoPipelines.SINK_DLQ_TOPIC)));
        board.add(new ProgressBoard.Row("inventory changes", inventory::changes, null));
        board.add(new ProgressBoard.Row(DemoPipelines.RETAIL_SOURCE, board.topicRecords(DemoPipelines.INVENTORY_TOPIC), null));
        board.add(new ProgressBoard.Row(DemoPipelines.STOCK_SINK, stockPage != null ? stockPage::received
                : rest.committedRecords(DemoPipelines.STOCK_SINK), board.topicRecords(DemoPipelines.STOCK_SINK_DLQ_TOPIC)));
        board.add(new ProgressBoard.Row(DemoPipelines.DASHBOARD_SINK, dashboard::received,
                board.topicRecords(DemoPipelines.DASHBOARD_SINK_DLQ_TOPIC)));
        if (prices != null) {
            board.add(new ProgressBoard.Row("price changes", prices::changes, null));
            board.add(new ProgressBoard.Row(DemoPipelines.PRICES_SOURCE, board.topicRecords(DemoPipelines.PRICES_TOPIC),
                    board.topicRecords(DemoPipelines.PRICES_SOURCE_ERRORS_TOPIC)));
            board.add(new ProgressBoard.Row(DemoPipelines.PRICES_SINK, priceDisplay::received,
                    board.topicRecords(DemoPipelines.PRICES_SINK_DLQ_TOPIC)));
        }
    }

    /** Shows progress until stopped (Ctrl-C), or waits quietly in broker-and-worker mode. */
    void watch() {
        try {
            while (!stopping) {
                if (!kafka.alive() || !worker.alive()) {
                    System.out.println((kafka.alive() ? "The Connect worker" : "Kafka") + " exited; see "
                            + (kafka.alive() ? worker.log() : kafka.log()));
                    System.exit(1);
                }
                if (board != null) {
                    board.draw();
                }
                Thread.sleep(board != null ? 2000 : 1000);
            }
        } catch (InterruptedException stopped) {
            // Ctrl-C: the shutdown hook stops everything
        }
    }

    /** Stops the demo, then the worker, then Kafka, each cleanly; leaves the data directory for the next run. */
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        System.out.println();
        System.out.println("Stopping ...");
        if (board != null) {
            board.close();
        }
        if (inventory != null) {
            inventory.close();
        }
        if (sensors != null) {
            sensors.close();
        }
        if (priceDisplay != null) {
            priceDisplay.close();
        }
        if (prices != null) {
            prices.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        try {
            if (worker != null) {
                worker.stop(Duration.ofSeconds(60));
            }
            if (kafka != null) {
                kafka.stop(Duration.ofSeconds(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (stockPage != null) {
            stockPage.close();
        }
        System.out.println("Stopped. Data kept in " + data.root() + "; run the same command to resume.");
    }

    private void printCurlCommands() {
        header.forEach(System.out::println);
        System.out.println();
        System.out.println("Kafka and the Connect worker are up, with no connectors of the demo. Create your own:");
        System.out.println();
        System.out.println("  curl -s " + options.restUrl() + "/connector-plugins | grep tributary");
        System.out.println("  curl -s -X PUT -H 'Content-Type: application/json' " + options.restUrl()
                + "/connectors/my-mqtt-source/config -d '{");
        System.out.println("      \"connector.class\": \"" + DemoPipelines.MQTT_SOURCE_CLASS + "\",");
        System.out.println("      \"mqtt.server.uri\": \"tcp://127.0.0.1:1883\", \"mqtt.topics\": \"sensors/#\",");
        System.out.println("      \"kafka.topic\": \"${mqtt.topic}\", \"mqtt.payload.format\": \"json\"}'");
        System.out.println("  curl -s -X PUT -H 'Content-Type: application/json' " + options.restUrl()
                + "/connectors/my-jdbc-sink/config -d '{");
        System.out.println("      \"connector.class\": \"" + DemoPipelines.JDBC_SINK_CLASS + "\", \"topics\": \"orders\",");
        System.out.println("      \"connection.url\": \"jdbc:postgresql://127.0.0.1:5432/test\", \"connection.user\": \"postgres\",");
        System.out.println("      \"auto.create\": \"true\", \"insert.mode\": \"upsert\", \"pk.mode\": \"record_key\"}'");
        System.out.println("  curl -s " + options.restUrl() + "/connectors?expand=status");
        System.out.println();
        System.out.println("Examples of every connector: " + data.plugins() + "/*/etc/. Ctrl-C stops everything.");
    }

    private static Path findZip() throws IOException {
        Path target = Path.of("packaging", "target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> zips = Files.newDirectoryStream(target, "tributary-connect-pack-*.zip")) {
                for (Path z : zips) {
                    return z.toAbsolutePath();
                }
            }
        }
        throw new IOException("No packaging/target/tributary-connect-pack-*.zip: build it with 'mvn -B -DskipTests package' "
                + "or pass --zip");
    }

    private static void checkFree(int port, String flag) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IOException("Port " + port + " is in use (another Kafka, worker or broker?); pick another with " + flag);
        }
    }
}
