package io.tributary.connect.testkit;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Endpoints of the real services integration tests talk to, from environment variables, with this
 * machine's local services as defaults. Point them elsewhere with the variables below.
 */
public final class Services {
    private Services() {
    }

    public static String postgresUrl() {
        return env("TRIBUTARY_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String postgresUser() {
        return env("TRIBUTARY_PG_USER", "postgres");
    }

    public static String postgresPassword() {
        return env("TRIBUTARY_PG_PASSWORD", "");
    }

    public static String mariadbUrl() {
        return env("TRIBUTARY_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    }

    public static String mariadbUser() {
        return env("TRIBUTARY_MARIADB_USER", "root");
    }

    public static String mariadbPassword() {
        return env("TRIBUTARY_MARIADB_PASSWORD", "");
    }

    public static String mqttUri() {
        return env("TRIBUTARY_MQTT_URI", "tcp://127.0.0.1:1883");
    }

    /** A name no other test (or earlier run) uses: prefix, then a random suffix. Lower case, [a-z0-9_]. */
    public static String uniqueName(String prefix) {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        return (prefix + "_" + suffix).toLowerCase(Locale.ROOT);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
