package io.tributary.connect.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.Database;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the JDBC source's ITs share: an inventory table, a connector config, and reading its topics as JSON. */
final class JdbcSourceTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private JdbcSourceTestSupport() {
    }

    static boolean isPostgres(Database db) {
        return db.url().startsWith("jdbc:postgresql");
    }

    static void createTable(Database db, String table) {
        if (isPostgres(db)) {
            db.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL, qty INTEGER, "
                    + "price NUMERIC(10,2), updated_at TIMESTAMP(6) NOT NULL DEFAULT now())");
        } else {
            db.execute("CREATE TABLE " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(50) NOT NULL, qty INT, "
                    + "price DECIMAL(10,2), updated_at DATETIME(6) NOT NULL DEFAULT NOW(6))");
        }
    }

    static Map<String, String> config(Database db, String prefix, String include, String mode) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", JdbcSourceConnector.class.getName());
        c.put("tasks.max", "2");
        c.put("connection.url", db.url());
        c.put("connection.user", db.user());
        c.put("connection.password", db.password());
        c.put("mode", mode);
        c.put("table.include.list", include);
        c.put("topic.prefix", prefix);
        c.put("poll.interval.ms", "200");
        c.put("table.poll.interval.ms", "2000");
        c.put("timestamp.column.name", "updated_at");
        // The worker creates each table's topic as it first writes to it (KIP-158).
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("key.converter.schemas.enable", "false");
        return c;
    }

    static List<JsonNode> values(ConnectClusterExtension connect, String topic) {
        return connect.records(topic).stream().map(ConsumerRecord::value).map(v -> {
            try {
                return JSON.readTree(v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static List<JsonNode> awaitValues(ConnectClusterExtension connect, String topic, int n) {
        return Await.value(TIMEOUT, n + " records in " + topic, () -> {
            try {
                return values(connect, topic);
            } catch (IllegalStateException e) {
                return List.<JsonNode>of(); // the topic is not there yet
            }
        }, v -> v.size() >= n);
    }
}
