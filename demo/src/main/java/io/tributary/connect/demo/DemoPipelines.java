package io.tributary.connect.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's connectors, created through the REST API. Simulated sensors → MQTT → MQTT source →
 * Kafka → JDBC sink → the readings table; and the retail pipeline: a changing inventory table →
 * JDBC source → topic retail.inventory → HTTP sink → a store service's stock endpoint (the demo's own
 * stock page, or --http-url); the sensor readings → MQTT sink → the broker's dashboard/ topics, each sensor's
 * latest reading retained, where the demo's dashboard subscriber counts them; and, with the demo's own store
 * service, its pricing API (cursor-paged price changes) → HTTP source → topic retail.prices → MQTT sink →
 * prices/&lt;sku&gt;, each SKU's latest price retained.
 */
final class DemoPipelines {
    static final String MQTT_SOURCE_CLASS = "io.tributary.connect.mqtt.MqttSourceConnector";
    static final String JDBC_SINK_CLASS = "io.tributary.connect.jdbc.JdbcSinkConnector";
    static final String SENSORS_SOURCE = "sensors-mqtt-source";
    static final String READINGS_SINK = "readings-jdbc-sink";
    static final String READINGS_TOPIC = "sensor-readings";
    static final String READINGS_TABLE = "readings";
    static final String SOURCE_ERRORS_TOPIC = SENSORS_SOURCE + ".errors";
    static final String SINK_DLQ_TOPIC = READINGS_SINK + ".dlq";
    static final String JDBC_SOURCE_CLASS = "io.tributary.connect.jdbc.JdbcSourceConnector";
    static final String RETAIL_SOURCE = "retail-jdbc-source";
    static final String RETAIL_TOPIC_PREFIX = "retail.";
    static final String INVENTORY_TOPIC = RETAIL_TOPIC_PREFIX + InventorySimulator.TABLE;
    static final String HTTP_SINK_CLASS = "io.tributary.connect.http.HttpSinkConnector";
    static final String STOCK_SINK = "inventory-http-sink";
    static final String STOCK_SINK_DLQ_TOPIC = STOCK_SINK + ".dlq";
    static final String MQTT_SINK_CLASS = "io.tributary.connect.mqtt.MqttSinkConnector";
    static final String DASHBOARD_SINK = "dashboard-mqtt-sink";
    static final String DASHBOARD_SINK_DLQ_TOPIC = DASHBOARD_SINK + ".dlq";
    static final String HTTP_SOURCE_CLASS = "io.tributary.connect.http.HttpSourceConnector";
    static final String PRICES_SOURCE = "prices-http-source";
    static final String PRICES_TOPIC = RETAIL_TOPIC_PREFIX + "prices";
    static final String PRICES_SOURCE_ERRORS_TOPIC = PRICES_SOURCE + ".errors";
    static final String PRICES_SINK = "prices-mqtt-sink";
    static final String PRICES_SINK_DLQ_TOPIC = PRICES_SINK + ".dlq";
    static final String PRICES_MQTT_FILTER = "prices/#";

    private final LocalStackOptions options;
    private final String mqttUri;
    private final String stockUrl;
    private final String pricesUrl;

    /** {@code pricesUrl}: the pricing API, or null when the demo's store service does not run (--http-url). */
    DemoPipelines(LocalStackOptions options, String mqttUri, String stockUrl, String pricesUrl) {
        this.options = options;
        this.mqttUri = mqttUri;
        this.stockUrl = stockUrl;
        this.pricesUrl = pricesUrl;
    }

    /** Connector name → config, in the order data flows. */
    Map<String, Map<String, String>> connectors() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put(SENSORS_SOURCE, sensorsSource());
        all.put(READINGS_SINK, readingsSink());
        all.put(RETAIL_SOURCE, retailSource());
        all.put(STOCK_SINK, stockSink());
        all.put(DASHBOARD_SINK, dashboardSink());
        if (pricesUrl != null) {
            all.put(PRICES_SOURCE, pricesSource());
            all.put(PRICES_SINK, pricesSink());
        }
        return all;
    }

    /** Kafka topics the board follows: connector → (records topic, errors topic). */
    static Map<String, List<String>> topics() {
        return Map.of(SENSORS_SOURCE, List.of(READINGS_TOPIC, SOURCE_ERRORS_TOPIC), READINGS_SINK, List.of(SINK_DLQ_TOPIC));
    }

    private Map<String, String> sensorsSource() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", MQTT_SOURCE_CLASS);
        c.put("tasks.max", "1");
        c.put("mqtt.server.uri", mqttUri);
        // 3.1.1: what the embedded broker speaks; Mosquitto and others speak it too.
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.topics", SensorSimulator.TOPIC_FILTER);
        c.put("mqtt.qos", "1");
        c.put("kafka.topic", READINGS_TOPIC);
        c.put("mqtt.payload.format", "json");
        c.put("mqtt.json.schema", "infer");
        c.put("mqtt.record.key", "topic");
        c.put("mqtt.record.timestamp", "field");
        c.put("mqtt.record.timestamp.field", "ts");
        c.put("mqtt.errors.action", "error-topic");
        c.put("mqtt.errors.topic", SOURCE_ERRORS_TOPIC);
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        return c;
    }

    /** The inventory's new and changed rows, in timestamp+incrementing mode, into retail.inventory. */
    private Map<String, String> retailSource() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", JDBC_SOURCE_CLASS);
        c.put("tasks.max", "1");
        c.put("connection.url", options.retailJdbcUrl);
        if (!options.jdbcUser.isEmpty()) {
            c.put("connection.user", options.jdbcUser);
        }
        if (!options.jdbcPassword.isEmpty()) {
            c.put("connection.password", options.jdbcPassword);
        }
        c.put("mode", "timestamp+incrementing");
        c.put("incrementing.column.name", "id");
        c.put("timestamp.column.name", "updated_at");
        c.put("table.include.list", InventorySimulator.TABLE);
        c.put("topic.prefix", RETAIL_TOPIC_PREFIX);
        c.put("poll.interval.ms", "1000");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return c;
    }

    /**
     * Inventory rows, batched, POSTed to the store service's stock endpoint; what it refuses for good goes to
     * a dead letter queue with the HTTP status and response in headers.
     */
    private Map<String, String> stockSink() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", HTTP_SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", INVENTORY_TOPIC);
        c.put("http.url", stockUrl);
        c.put("http.method", "POST");
        c.put("http.headers", "X-Source-Topic: ${topic}");
        c.put("body.format", "json_array");
        c.put("batch.max.records", "200");
        c.put("batch.linger.ms", "200");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        return withDeadLetterQueue(c, STOCK_SINK_DLQ_TOPIC);
    }

    /**
     * Each reading to dashboard/&lt;site&gt;/&lt;sensor&gt;, retained, so a display that connects gets every sensor's
     * latest reading at once; offsets commit once the broker acknowledged.
     */
    private Map<String, String> dashboardSink() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", MQTT_SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", READINGS_TOPIC);
        c.put("mqtt.server.uri", mqttUri);
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.topic", "dashboard/${value.site}/${value.sensor}");
        c.put("mqtt.qos", "1");
        c.put("mqtt.retain", "true");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        return withDeadLetterQueue(c, DASHBOARD_SINK_DLQ_TOPIC);
    }

    /**
     * The pricing API's changes, read from the last change number on (${offset}), page after page by cursor, into
     * retail.prices keyed by SKU.
     */
    private Map<String, String> pricesSource() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", HTTP_SOURCE_CLASS);
        c.put("tasks.max", "1");
        c.put("http.endpoints", "prices");
        c.put("http.endpoint.prices.url", pricesUrl + "?since=${offset}");
        c.put("http.endpoint.prices.topic", PRICES_TOPIC);
        c.put("http.endpoint.prices.pagination", "cursor");
        c.put("http.endpoint.prices.pagination.cursor.pointer", "/meta/next_cursor");
        c.put("http.endpoint.prices.records.pointer", "/changes");
        c.put("http.endpoint.prices.key.pointer", "/sku");
        c.put("http.endpoint.prices.timestamp.pointer", "/changed_at");
        c.put("http.endpoint.prices.offset.pointer", "/seq");
        c.put("http.endpoint.prices.offset.initial", "0");
        c.put("http.endpoint.prices.poll.interval.ms", "1000");
        c.put("http.errors.topic", PRICES_SOURCE_ERRORS_TOPIC);
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    /** Each price change to prices/&lt;sku&gt;, retained: a shelf display that connects gets every latest price. */
    private Map<String, String> pricesSink() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", MQTT_SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", PRICES_TOPIC);
        c.put("mqtt.server.uri", mqttUri);
        c.put("mqtt.version", "3.1.1");
        c.put("mqtt.topic", "prices/${value.sku}");
        c.put("mqtt.qos", "1");
        c.put("mqtt.retain", "true");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("key.converter.schemas.enable", "false");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return withDeadLetterQueue(c, PRICES_SINK_DLQ_TOPIC);
    }

    private Map<String, String> readingsSink() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", JDBC_SINK_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", READINGS_TOPIC);
        c.put("connection.url", options.jdbcUrl);
        if (!options.jdbcUser.isEmpty()) {
            c.put("connection.user", options.jdbcUser);
        }
        if (!options.jdbcPassword.isEmpty()) {
            c.put("connection.password", options.jdbcPassword);
        }
        c.put("table.name.format", READINGS_TABLE);
        c.put("auto.create", "true");
        c.put("auto.evolve", "true");
        // Keyed by Kafka coordinates: a restart never writes a reading twice.
        c.put("insert.mode", "insert");
        c.put("pk.mode", "kafka");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        return withDeadLetterQueue(c, SINK_DLQ_TOPIC);
    }

    /** Bad records go to {@code topic}, with the cause in Connect's headers, and the pipeline goes on. */
    private static Map<String, String> withDeadLetterQueue(Map<String, String> c, String topic) {
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", topic);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }
}
