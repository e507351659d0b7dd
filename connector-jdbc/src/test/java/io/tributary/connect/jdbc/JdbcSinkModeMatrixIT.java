package io.tributary.connect.jdbc;

import io.tributary.connect.testkit.ConnectClusterExtension;
import io.tributary.connect.testkit.ConnectProducer;
import io.tributary.connect.testkit.Database;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.ORDER_KEY;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.order;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.orderKey;
import static io.tributary.connect.jdbc.JdbcSinkTestSupport.sinkConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every {@code insert.mode} with every {@code pk.mode} it accepts, on each database, all at once
 * in one 2-worker cluster: each case writes the same orders with a key and headers, and the table
 * must hold exactly the rows and primary key that mode promises.
 */
class JdbcSinkModeMatrixIT {
    private static final Duration ROWS_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> KAFKA_PK = List.of("__connect_topic", "__connect_partition", "__connect_offset");
    private static final List<String> HEADER_PK = List.of("region", "order_id");

    @RegisterExtension
    static final ConnectClusterExtension connect = ConnectClusterExtension.workers(2).build();

    @TempDir
    Path dir;

    enum Target { POSTGRES, MARIADB, SQLITE }

    /** One connector: a mode, a pk mode, the orders it is sent, and the table it must leave. */
    private record Case(String mode, String pkMode, long[][] orders, List<Long> expectedQty, List<String> expectedPk,
                        boolean tableExists) {
    }

    private static final long[][] DISTINCT = {{1, 10}, {2, 20}, {3, 30}};
    private static final long[][] REWRITES = {{1, 10}, {2, 20}, {1, 11}, {3, 30}};
    private static final long[][] UPDATES = {{1, 11}, {3, 30}};

    private static List<Case> cases() {
        List<Long> distinct = List.of(10L, 20L, 30L);
        List<Long> lastWrites = List.of(11L, 20L, 30L);
        // Update mode only changes rows that exist: the table starts with orders 1 and 2 at qty 0.
        List<Long> updated = List.of(0L, 11L);
        return List.of(
                new Case("insert", "none", DISTINCT, distinct, List.of(), false),
                new Case("insert", "kafka", DISTINCT, distinct, KAFKA_PK, false),
                new Case("insert", "record_key", DISTINCT, distinct, List.of("id"), false),
                new Case("insert", "record_value", DISTINCT, distinct, List.of("id"), false),
                new Case("insert", "record_header", DISTINCT, distinct, HEADER_PK, false),
                new Case("upsert", "kafka", REWRITES, List.of(10L, 11L, 20L, 30L), KAFKA_PK, false),
                new Case("upsert", "record_key", REWRITES, lastWrites, List.of("id"), false),
                new Case("upsert", "record_value", REWRITES, lastWrites, List.of("id"), false),
                new Case("upsert", "record_header", REWRITES, lastWrites, HEADER_PK, false),
                new Case("update", "record_key", UPDATES, updated, List.of("id"), true),
                new Case("update", "record_value", UPDATES, updated, List.of("id"), true),
                new Case("update", "record_header", UPDATES, updated, HEADER_PK, true));
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyModeWithEveryPrimaryKeyMode(Target target) throws SQLException {
        Database db = database(target);
        Map<String, Case> byTopic = new TreeMap<>();
        for (Case c : cases()) {
            String topic = Services.uniqueName("mx_" + c.mode() + "_" + c.pkMode().replace("record_", ""));
            byTopic.put(topic, c);
            connect.createTopic(topic, 1);
            if (c.tableExists()) {
                createUpdateTarget(db, target, topic, c.pkMode());
            }
            try (ConnectProducer p = new ConnectProducer(connect.kafka(), true)) {
                for (long[] o : c.orders()) {
                    p.send(topic, 0, ORDER_KEY, orderKey(o[0]), ORDER, order(o[0], "s" + o[0], (int) o[1], c.mode()),
                            Map.of("region", "eu", "order_id", Long.toString(o[0])));
                }
            }
            Map<String, String> config = sinkConfig(db, topic, 1);
            config.put("insert.mode", c.mode());
            config.put("pk.mode", c.pkMode());
            config.put("auto.create", Boolean.toString(!c.tableExists()));
            if (c.pkMode().equals("record_value")) {
                config.put("pk.fields", "id");
            } else if (c.pkMode().equals("record_header")) {
                config.put("pk.fields", String.join(",", HEADER_PK));
            }
            connect.configure(topic, config);
        }
        for (Map.Entry<String, Case> e : byTopic.entrySet()) {
            String topic = e.getKey();
            Case c = e.getValue();
            String what = target + " " + c.mode() + " with pk.mode=" + c.pkMode();
            String table = quote(target, topic);
            db.awaitCount("SELECT count(*) FROM " + table + " WHERE qty = " + c.expectedQty().get(c.expectedQty().size() - 1),
                    1, ROWS_TIMEOUT);
            List<Long> qty = db.query("SELECT qty FROM " + table + " ORDER BY qty").stream()
                    .map(r -> ((Number) r.get("qty")).longValue()).toList();
            assertEquals(c.expectedQty(), qty, what);
            assertEquals(c.expectedPk(), primaryKey(db, topic), what + ": primary key");
            if (c.pkMode().equals("kafka")) {
                assertEquals(c.orders().length, db.count("SELECT count(*) FROM " + table + " WHERE "
                        + quote(target, "__connect_topic") + " = '" + topic + "' AND " + quote(target, "__connect_offset")
                        + " < " + c.orders().length), what + ": Kafka coordinates");
            }
            if (c.pkMode().equals("record_header")) {
                assertEquals(qty.size(), db.count("SELECT count(*) FROM " + table + " WHERE region = 'eu' AND order_id = id"),
                        what + ": header columns");
            }
            connect.delete(topic);
        }
    }

    private Database database(Target target) {
        switch (target) {
            case POSTGRES:
                return Database.postgres();
            case MARIADB:
                return Database.mariadb();
            default:
                return new Database("jdbc:sqlite:" + dir.resolve("matrix.db"), "", "");
        }
    }

    private static void createUpdateTarget(Database db, Target target, String topic, String pkMode) {
        String table = quote(target, topic);
        boolean headers = pkMode.equals("record_header");
        db.execute("CREATE TABLE " + table + " (" + (headers ? "region VARCHAR(8) NOT NULL, order_id BIGINT NOT NULL, " : "")
                        + "id BIGINT NOT NULL, store VARCHAR(32), qty INT, note VARCHAR(64), PRIMARY KEY ("
                        + (headers ? "region, order_id" : "id") + "))",
                "INSERT INTO " + table + " (" + (headers ? "region, order_id, " : "") + "id, store, qty, note) VALUES "
                        + "(" + (headers ? "'eu', 1, " : "") + "1, 'old', 0, 'before'), "
                        + "(" + (headers ? "'eu', 2, " : "") + "2, 'old', 0, 'before')");
    }

    private static String quote(Target target, String identifier) {
        return target == Target.MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    /** The table's primary key columns in key order, as the driver's metadata reports them. */
    private static List<String> primaryKey(Database db, String table) throws SQLException {
        try (Connection conn = db.connect()) {
            DatabaseMetaData md = conn.getMetaData();
            Map<Short, String> columns = new TreeMap<>();
            try (ResultSet rs = md.getPrimaryKeys(conn.getCatalog(), null, table)) {
                while (rs.next()) {
                    columns.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
            return new ArrayList<>(columns.values());
        }
    }
}
