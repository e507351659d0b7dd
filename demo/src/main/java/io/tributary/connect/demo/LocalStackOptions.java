package io.tributary.connect.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The command line of {@link LocalStack}: where data lives, which ports, which external services. */
final class LocalStackOptions {
    static final String USAGE = String.join("\n",
            "demo/run.sh [options]",
            "  --data-dir DIR        where Kafka, Connect, the MQTT broker and the demo database keep their data",
            "                        (default ./tributary-data; a re-run resumes from it)",
            "  --no-demo             start only the Kafka broker and the Connect worker, and print curl commands",
            "  --rest-port N         Connect REST port (default 8083)",
            "  --kafka-port N        Kafka listener port (default 9092; the KRaft controller uses the next one)",
            "  --mqtt-uri URI        use this MQTT broker instead of the embedded one (e.g. tcp://127.0.0.1:1883)",
            "  --mqtt-port N         port of the embedded MQTT broker (default 11883)",
            "  --jdbc-url URL        database of the readings and inventory tables (default SQLite files DATA/demo.db, DATA/retail.db)",
            "  --jdbc-user U, --jdbc-password P",
            "  --http-url URL        send the retail inventory to this endpoint instead of the demo's own stock page",
            "  --http-port N         port of the demo's stock page (default 8090)",
            "  --sensors N           simulated sensors (default 12)",
            "  --rate N              readings per second over all sensors (default 50)",
            "  --zip FILE            the pack to install (default packaging/target/tributary-connect-pack-*.zip)",
            "  --help");

    final Path dataDir;
    final boolean demo;
    final int restPort;
    final int kafkaPort;
    final int controllerPort;
    final String mqttUri;
    final int mqttPort;
    final String jdbcUrl;
    /** The inventory's database: --jdbc-url when given, else an SQLite file of its own beside the readings'. */
    final String retailJdbcUrl;
    final String jdbcUser;
    final String jdbcPassword;
    final String httpUrl;
    final int httpPort;
    final int sensors;
    final int rate;
    final Path zip;

    private LocalStackOptions(Map<String, String> flags) {
        dataDir = Path.of(flags.getOrDefault("data-dir", "tributary-data")).toAbsolutePath().normalize();
        demo = !flags.containsKey("no-demo");
        restPort = intFlag(flags, "rest-port", 8083);
        kafkaPort = intFlag(flags, "kafka-port", 9092);
        controllerPort = intFlag(flags, "controller-port", kafkaPort + 1);
        mqttUri = flags.get("mqtt-uri");
        mqttPort = intFlag(flags, "mqtt-port", 11883);
        jdbcUrl = flags.getOrDefault("jdbc-url", "jdbc:sqlite:" + dataDir.resolve("demo.db"));
        retailJdbcUrl = flags.getOrDefault("jdbc-url", "jdbc:sqlite:" + dataDir.resolve("retail.db"));
        jdbcUser = flags.getOrDefault("jdbc-user", "");
        jdbcPassword = flags.getOrDefault("jdbc-password", "");
        httpUrl = flags.get("http-url");
        httpPort = intFlag(flags, "http-port", 8090);
        sensors = intFlag(flags, "sensors", 12);
        rate = intFlag(flags, "rate", 50);
        zip = flags.containsKey("zip") ? Path.of(flags.get("zip")).toAbsolutePath() : null;
    }

    static LocalStackOptions parse(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + a + "'\n" + USAGE);
            }
            String name = a.substring(2);
            if (name.equals("no-demo") || name.equals("help")) {
                flags.put(name, "true");
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
            }
        }
        if (flags.containsKey("help")) {
            throw new IllegalArgumentException(USAGE);
        }
        return new LocalStackOptions(flags);
    }

    String mqttBrokerUri() {
        return mqttUri != null ? mqttUri : "tcp://127.0.0.1:" + mqttPort;
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    private static int intFlag(Map<String, String> flags, String name, int fallback) {
        String v = flags.get(name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, got '" + v + "'");
        }
    }
}
