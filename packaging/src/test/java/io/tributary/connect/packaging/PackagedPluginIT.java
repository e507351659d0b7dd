package io.tributary.connect.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.LoopbackHttpServer;
import io.tributary.connect.testkit.MqttWire;
import io.tributary.connect.testkit.Services;
import io.tributary.connect.testkit.Validation;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.tools.ConnectPluginPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Installs the zip the way a user does (unpacked into plugin.path) on a 2-worker cluster whose test
 * classpath holds none of our classes, then drives it only through the Connect REST API.
 */
class PackagedPluginIT {
    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2)
            .pluginPath(PackArchive.PLUGIN_PATH).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void ourClassesAreNotOnTheTestClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tributary.connect.jdbc.JdbcSinkConnector"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tributary.connect.common.Version"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tributary.connect.mqtt.MqttSourceConnector"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.hivemq.client.mqtt.MqttClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.tributary.connect.http.HttpSinkConnector"));
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"));
    }

    @Test
    void workersListExactlyTheDeclaredConnectorsWithOurVersion() throws Exception {
        JsonNode plugins = get("connector-plugins?connectorsOnly=true");
        Set<String> ours = new TreeSet<>();
        for (JsonNode p : plugins) {
            String cls = p.path("class").asText();
            if (cls.startsWith("io.tributary.")) {
                ours.add(cls);
                assertEquals(PackArchive.VERSION, p.path("version").asText(), "version of " + cls);
            }
        }
        Set<String> declared = PluginManifests.declaredConnectors(PackArchive.component().resolve("lib"));
        assertTrue(!declared.isEmpty());
        assertEquals(declared, ours);
    }

    @Test
    void kafkasPluginPathToolListsEveryPluginAsLoadableWithAManifest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ConnectPluginPath.mainNoExit(new String[]{"list", "--plugin-path", PackArchive.PLUGIN_PATH.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String listing = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        Set<String> declared = PluginManifests.declaredConnectors(PackArchive.component().resolve("lib"));
        for (String cls : declared) {
            String line = listing.lines().filter(l -> l.startsWith(cls + "\t") || l.startsWith(cls + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(cls + " not listed:\n" + listing));
            // Columns: pluginName, firstAlias, secondAlias, pluginVersion, pluginType, isLoadable, hasManifest, pluginLocation
            List<String> cols = List.of(line.split("\t"));
            assertEquals(PackArchive.VERSION, cols.get(3).trim(), line);
            assertEquals("true", cols.get(5).trim(), "loadable: " + line);
            assertEquals("true", cols.get(6).trim(), "has a manifest: " + line);
            assertTrue(cols.get(7).contains(PackArchive.NAME), "found in the unpacked zip: " + line);
        }
    }

    @Test
    void everyExampleValidatesCleanlyAndFailsWithoutItsRequiredKey() throws Exception {
        Path etc = PackArchive.component().resolve("etc");
        List<Path> examples;
        try (var files = Files.list(etc)) {
            examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(!examples.isEmpty());
        for (Path example : examples) {
            JsonNode root = JSON.readTree(example.toFile());
            Map<String, String> config = withTestEndpoints(root.path("config"));
            config.put("name", root.path("name").asText());
            if (config.containsKey("table.include.list")) {
                config.put("table.include.list", inventoryTable()); // a source validates that its tables exist
            }
            ConfigInfos infos = connect.validate(config.get("connector.class"), config);
            assertEquals(0, infos.errorCount(), example + ": " + Validation.errors(infos));

            String required = config.containsKey("connection.url") ? "connection.url"
                    : config.containsKey("mqtt.server.uri") ? "mqtt.server.uri"
                    : config.containsKey("http.endpoints") ? "http.endpoints" : "http.url";
            Map<String, String> missing = new HashMap<>(config);
            missing.remove(required);
            Validation.assertError(connect.validate(config.get("connector.class"), missing), required,
                    "Missing required configuration \"" + required + "\"");
        }
    }

    /** A table shaped as the JDBC source example's inventory, of its own name. */
    private static String inventoryTable() {
        String table = Services.uniqueName("pack_inventory").toLowerCase().replace('-', '_');
        Database.postgres().execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL, qty INTEGER NOT NULL, "
                + "price NUMERIC(10,2), updated_at TIMESTAMP NOT NULL DEFAULT now())");
        return table;
    }

    @Test
    void theJdbcSourceExampleStreamsItsTableIntoKafka() throws Exception {
        // Submit the JDBC source example through REST (POST /connectors) and watch its rows reach the topic.
        JsonNode root = JSON.readTree(PackArchive.component().resolve("etc").resolve("jdbc-source-inventory.json").toFile());
        String table = inventoryTable();
        for (int i = 0; i < 10; i++) {
            Database.postgres().execute("INSERT INTO " + table + " (sku, qty, price) VALUES ('sku-" + i + "', " + i + ", 9.99)");
        }
        Map<String, String> config = withTestEndpoints(root.path("config"));
        config.put("table.include.list", table);
        config.put("topic.creation.default.replication.factor", "1"); // one test broker
        config.put("topic.creation.default.partitions", "1");
        create(table, config);
        connect.awaitRunning(table, 1);
        String topic = config.get("topic.prefix") + table;
        io.tributary.connect.testkit.Await.until(Duration.ofSeconds(90), "10 rows of " + table + " in " + topic, () -> {
            try {
                return connect.records(topic).size() >= 10;
            } catch (IllegalStateException e) {
                return false; // not created yet
            }
        });
        assertEquals(10, connect.records(topic).size());
        connect.delete(table);
    }

    @Test
    void theJdbcExampleMovesRecordsIntoItsTable() throws Exception {
        // Submit the JDBC example through REST (POST /connectors) and watch a record reach its table.
        Path etc = PackArchive.component().resolve("etc");
        JsonNode root = JSON.readTree(etc.resolve("jdbc-sink-postgres.json").toFile());
        String topic = Services.uniqueName("pack.orders");
        Map<String, String> config = withTestEndpoints(root.path("config"));
        config.put("topics", topic);
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.createTopic(topic, 2);
        create(topic, config);
        connect.awaitRunning(topic, 4);
        Schema key = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema value = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("sku", Schema.STRING_SCHEMA).build();
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
            for (long i = 0; i < 100; i++) {
                p.send(topic, (int) (i % 2), key, new Struct(key).put("id", i), value, new Struct(value).put("id", i).put("sku", "sku-" + i));
            }
        }
        Database.postgres().awaitCount("SELECT count(*) FROM \"" + topic.replace('.', '_') + "\"", 100, Duration.ofSeconds(90));
        connect.delete(topic);
    }

    @Test
    void theMqttExampleMovesSensorReadingsIntoKafka() throws Exception {
        Path etc = PackArchive.component().resolve("etc");
        JsonNode root = JSON.readTree(etc.resolve("mqtt-source-sensors.json").toFile());
        String name = Services.uniqueName("pack-sensors");
        Map<String, String> config = withTestEndpoints(root.path("config"));
        String topic = name + ".readings";
        config.put("kafka.topic", topic);
        config.put("mqtt.errors.topic", topic + ".errors");
        config.put("mqtt.topics", name + "/+/temperature," + name + "/+/humidity");
        config.put("topic.creation.default.replication.factor", "1");
        create(name, config);
        connect.awaitRunning(name, 2);
        try (MqttWire mqtt = new MqttWire(Services.mqttUri())) {
            io.tributary.connect.testkit.Await.until(Duration.ofSeconds(90), "readings in " + topic, () -> {
                try {
                    mqtt.publish(name + "/s1/temperature", "{\"celsius\":21.5}");
                    mqtt.publish(name + "/s1/humidity", "not json");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return !connect.records(topic).isEmpty() && !connect.records(topic + ".errors").isEmpty();
            });
        }
        var record = connect.records(topic).get(0);
        assertEquals(name + "/s1/temperature", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals(21.5, JSON.readTree(record.value()).path("celsius").doubleValue());
        connect.delete(name);
    }

    @Test
    void theMqttSinkExamplePublishesRetainedSetpoints() throws Exception {
        JsonNode root = JSON.readTree(PackArchive.component().resolve("etc").resolve("mqtt-sink-setpoints.json").toFile());
        String topic = Services.uniqueName("pack.setpoints");
        Map<String, String> config = withTestEndpoints(root.path("config"));
        config.put("topics", topic);
        config.put("mqtt.topic", topic + "/" + config.get("mqtt.topic"));
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        connect.createTopic(topic, 2);
        create(topic, config);
        connect.awaitRunning(topic, 2);
        try (ConnectProducer p = new ConnectProducer(connect.kafka(), false)) {
            for (int room = 0; room < 10; room++) {
                p.send(topic, room % 2, null, null, null, Map.of("building", "hq", "room", "r" + room, "celsius", 20 + room));
            }
        }
        // Retained: a subscriber that comes afterwards still gets each room's setpoint.
        Set<String> rooms = new TreeSet<>();
        io.tributary.connect.testkit.Await.until(Duration.ofSeconds(90), "10 retained setpoints", () -> {
            try (MqttWire subscriber = new MqttWire(Services.mqttUri())) {
                subscriber.subscribe(topic + "/buildings/hq/rooms/#");
                for (MqttWire.Message m = subscriber.next(); m != null && rooms.size() < 10; m = subscriber.next()) {
                    assertTrue(m.retain(), m.toString());
                    assertEquals(20 + Integer.parseInt(m.topic().replaceAll(".*/r(\\d+)/setpoint", "$1")),
                            JSON.readTree(m.payload()).path("celsius").intValue(), m.toString());
                    rooms.add(m.topic());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return rooms.size() >= 10;
        });
        connect.delete(topic);
    }

    @Test
    void theHttpSinkExampleSendsRecordsToItsEndpointWithAnOAuth2Token() throws Exception {
        JsonNode root = JSON.readTree(PackArchive.component().resolve("etc").resolve("http-sink-inventory.json").toFile());
        String topic = Services.uniqueName("pack.inventory");
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> r.path().equals("/oauth2/token")
                    ? LoopbackHttpServer.Response.ok("{\"access_token\":\"tok-" + n + "\",\"expires_in\":300}")
                    : "Bearer tok-1".equals(r.header("Authorization")) ? LoopbackHttpServer.Response.ok("{}")
                    : LoopbackHttpServer.Response.status(401));
            Map<String, String> config = withTestEndpoints(root.path("config"));
            config.put("http.url", server.baseUrl() + "/api/v1/stores/${value.store_id}/stock");
            config.put("http.auth.oauth2.token.url", server.baseUrl() + "/oauth2/token");
            config.put("topics", topic);
            config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            connect.createTopic(topic, 2);
            create(topic, config);
            connect.awaitRunning(topic, 2);
            Schema value = SchemaBuilder.struct().field("store_id", Schema.INT32_SCHEMA).field("sku", Schema.STRING_SCHEMA)
                    .field("qty", Schema.INT32_SCHEMA).build();
            try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
                for (int i = 0; i < 40; i++) {
                    p.send(topic, i % 2, null, null, value, new Struct(value).put("store_id", i % 2 + 1)
                            .put("sku", "sku-" + i).put("qty", i));
                }
            }
            io.tributary.connect.testkit.Await.until(Duration.ofSeconds(90), "40 stock items at the endpoint", () ->
                    server.answered().stream().filter(a -> a.succeeded() && a.request().path().endsWith("/stock"))
                            .mapToInt(a -> readTree(a.request().body()).size()).sum() >= 40);
            for (LoopbackHttpServer.Answered a : server.answered()) {
                if (a.request().path().endsWith("/stock")) {
                    JsonNode items = readTree(a.request().body());
                    int store = items.get(0).path("store_id").asInt();
                    assertEquals("/api/v1/stores/" + store + "/stock", a.request().path());
                    assertEquals(topic, a.request().header("X-Source-Topic"));
                    items.forEach(item -> assertEquals(store, item.path("store_id").asInt()));
                }
            }
            connect.delete(topic);
        }
    }

    /**
     * The HTTP source example reads its two endpoints (a cursor-paged price feed read from its offset, a store list
     * paged by Link headers) with its API key into their topics.
     */
    @Test
    void theHttpSourceExampleReadsItsEndpointsIntoKafka() throws Exception {
        JsonNode root = JSON.readTree(PackArchive.component().resolve("etc").resolve("http-source-prices.json").toFile());
        String name = Services.uniqueName("pack-prices");
        try (LoopbackHttpServer server = new LoopbackHttpServer()) {
            server.behave((r, n) -> {
                if (!"test-key".equals(r.header("X-Api-Key"))) {
                    return LoopbackHttpServer.Response.status(401);
                }
                if (r.path().startsWith("/v2/prices")) {
                    boolean second = r.path().contains("cursor=p2");
                    return LoopbackHttpServer.Response.ok("{\"data\":[{\"sku\":\"sku-" + (second ? 3 : 1)
                            + "\",\"price\":2.5,\"updated_at\":\"2026-11-0" + (second ? 3 : 1) + "T10:00:00Z\"},"
                            + "{\"sku\":\"sku-" + (second ? 4 : 2) + "\",\"price\":3.5,\"updated_at\":\"2026-11-0"
                            + (second ? 4 : 2) + "T10:00:00Z\"}],\"meta\":{\"next_cursor\":" + (second ? "null" : "\"p2\"")
                            + "}}");
                }
                if (r.path().equals("/v2/stores")) {
                    return new LoopbackHttpServer.Response(200, Map.of("Link", "<" + server.baseUrl()
                            + "/v2/stores?page=2>; rel=\"next\""), "[{\"store_id\":1},{\"store_id\":2}]");
                }
                return LoopbackHttpServer.Response.ok("[{\"store_id\":3}]");
            });
            Map<String, String> config = withTestEndpoints(root.path("config"));
            config.put("http.endpoint.prices.url", config.get("http.endpoint.prices.url")
                    .replace("https://pricing.example.com", server.baseUrl()));
            config.put("http.endpoint.stores.url", server.baseUrl() + "/v2/stores");
            config.put("http.endpoint.prices.topic", name + ".prices");
            config.put("http.endpoint.stores.topic", name + ".stores");
            config.put("http.errors.topic", name + ".errors");
            create(name, config);
            connect.awaitRunning(name, 2);
            io.tributary.connect.testkit.Await.until(Duration.ofSeconds(90), "4 prices and 3 stores", () ->
                    connect.records(name + ".prices").size() >= 4 && connect.records(name + ".stores").size() >= 3);
            assertEquals(List.of("\"sku-1\"", "\"sku-2\"", "\"sku-3\"", "\"sku-4\""), connect.records(name + ".prices")
                    .stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList());
            String firstPrices = server.requests().stream().map(LoopbackHttpServer.Request::path)
                    .filter(p -> p.startsWith("/v2/prices")).findFirst().orElseThrow();
            assertTrue(firstPrices.contains("updated_since=2026-01-01T00%3A00%3A00Z"), firstPrices);
            connect.delete(name);
        }
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** POST /connectors with {@code name} and {@code config}, as a user submits an example. */
    private static void create(String name, Map<String, String> config) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("name", name);
        request.set("config", JSON.valueToTree(config));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(connect.cluster().endpointForResource("connectors")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
    }

    /** The example's config with this machine's services in place of the example endpoints. */
    private static Map<String, String> withTestEndpoints(JsonNode config) {
        Map<String, String> out = new HashMap<>();
        config.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        if (out.containsKey("connection.url")) {
            out.put("connection.url", Services.postgresUrl());
            out.put("connection.user", Services.postgresUser());
            out.put("connection.password", Services.postgresPassword());
        }
        if (out.containsKey("http.auth.api.key")) {
            out.put("http.auth.api.key", "test-key"); // the example reads it from a file provider
        }
        if (out.containsKey("topic.creation.default.replication.factor")) {
            out.put("topic.creation.default.replication.factor", "1"); // the test cluster has one broker
        }
        if (out.containsKey("http.auth.oauth2.client.secret")) {
            out.put("http.auth.oauth2.client.secret", "test-secret"); // the example reads it from a file provider
        }
        if (out.containsKey("mqtt.server.uri")) {
            out.put("mqtt.server.uri", Services.mqttUri());
            out.remove("mqtt.username"); // the test broker takes anonymous clients
            out.remove("mqtt.password");
        }
        return out;
    }

    private static JsonNode get(String resource) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(connect.cluster().endpointForResource(resource))).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
