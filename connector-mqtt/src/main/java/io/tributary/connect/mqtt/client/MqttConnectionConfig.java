package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.common.tls.TlsConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;

/** The broker connection keys every MQTT connector shares: address, protocol, credentials, TLS, reconnects. */
public final class MqttConnectionConfig {
    public static final String SERVER_URI = "mqtt.server.uri";
    public static final String VERSION = "mqtt.version";
    public static final String USERNAME = "mqtt.username";
    public static final String PASSWORD = "mqtt.password";
    public static final String CLIENT_ID_PREFIX = "mqtt.client.id.prefix";
    public static final String KEEP_ALIVE_SECONDS = "mqtt.keepalive.seconds";
    public static final String CONNECT_TIMEOUT_MS = "mqtt.connect.timeout.ms";
    public static final String RECONNECT_BACKOFF_MS = "mqtt.reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "mqtt.reconnect.backoff.max.ms";

    /** The TLS keys, under mqtt.ssl. */
    public static final TlsConfig TLS = new TlsConfig("mqtt.ssl.");
    public static final String TRUSTSTORE_LOCATION = TLS.truststoreLocation();
    public static final String KEYSTORE_LOCATION = TLS.keystoreLocation();

    private MqttConnectionConfig() {
    }

    public static ConfigDefBuilder define(ConfigDefBuilder b) {
        return b.group("Connection")
                .defineRequired(SERVER_URI, Type.STRING, new ServerUriValidator(), Importance.HIGH,
                        "Broker address: tcp://host:1883, ssl://host:8883 (TLS), ws://host:8080/mqtt or "
                                + "wss://host:443/mqtt (WebSocket, path after the port).", "Broker URI")
                .defineChoice(VERSION, MqttConnectionSettings.Protocol.V5, Importance.MEDIUM,
                        "MQTT protocol version: 5 (shared subscriptions, session expiry, Receive Maximum, user "
                                + "properties) or 3.1.1 for older brokers.", "MQTT version")
                .define(USERNAME, Type.STRING, null, null, Importance.MEDIUM, "User name sent on connect.", "User name")
                .define(PASSWORD, Type.PASSWORD, null, null, Importance.MEDIUM,
                        "Password sent on connect. Stored as a Connect password: never logged; use a config "
                                + "provider (${file:...} or ${env:...}) to keep it out of the connector config.",
                        "Password")
                .define(CLIENT_ID_PREFIX, Type.STRING, "tributary", new ClientIdPrefixValidator(), Importance.LOW,
                        "Client ids are <prefix>-<connector name>-<task number>: unique per task and the same after "
                                + "a restart, so the broker resumes each task's persistent session.", "Client id prefix")
                .define(KEEP_ALIVE_SECONDS, Type.INT, 30, ConfigDef.Range.between(0, 65535), Importance.LOW,
                        "Keep-alive interval; a dead connection is noticed within about 1.5 times this.", "Keep alive")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                        "How long one connection attempt may take.", "Connect timeout")
                .define(RECONNECT_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(10), Importance.LOW,
                        "Wait before the first reconnect after the connection drops; it doubles per attempt, "
                                + "with random jitter, up to mqtt.reconnect.backoff.max.ms.", "Reconnect backoff")
                .define(RECONNECT_BACKOFF_MAX_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(10), Importance.LOW,
                        "Longest wait between reconnect attempts.", "Maximum reconnect backoff")
                .apply(keys -> TLS.define(keys, "broker", SERVER_URI, "ssl:// and wss://"));
    }

    /** The connection settings of a parsed config. */
    public static MqttConnectionSettings settings(AbstractConfig c) {
        return new MqttConnectionSettings(
                MqttServerUri.parse(c.getString(SERVER_URI)),
                ConfigChoices.parse(MqttConnectionSettings.Protocol.class, VERSION, c.getString(VERSION)),
                c.getString(USERNAME), c.getPassword(PASSWORD),
                c.getInt(KEEP_ALIVE_SECONDS), c.getInt(CONNECT_TIMEOUT_MS),
                c.getLong(RECONNECT_BACKOFF_MS), Math.max(c.getLong(RECONNECT_BACKOFF_MS), c.getLong(RECONNECT_BACKOFF_MAX_MS)),
                TLS.settings(c));
    }

    public static String clientIdPrefix(AbstractConfig c) {
        return c.getString(CLIENT_ID_PREFIX).trim();
    }

    /** {@code <prefix>-<connector>-<task>}: unique per task, the same after restarts. */
    public static String clientId(String prefix, String connector, String task) {
        return prefix + "-" + connector.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + task;
    }

    /**
     * The checks between connection keys, for a connector's validate once every key is valid on its own: a trust
     * store without a TLS URI, TLS files or passwords that do not open.
     */
    public static void validate(Map<String, String> props, MqttConnectionSettings settings, List<ConfigValue> values) {
        boolean tls = settings.uri().tls();
        String trust = props.get(TRUSTSTORE_LOCATION);
        if (!tls && trust != null && !trust.isBlank()) {
            ConfigErrors.add(values, SERVER_URI, "a trust store is set but the URI is not TLS; use ssl:// or wss:// to "
                    + "connect with TLS");
        }
        if (tls) {
            TlsConfig.Problem problem = TLS.problem(settings.tls());
            if (problem != null) {
                ConfigErrors.add(values, problem.key(), problem.message());
            }
        }
    }

    static final class ServerUriValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                throw new ConfigException(name, value, "must not be empty; set it to the broker address, such as "
                        + "tcp://broker:1883");
            }
            try {
                MqttServerUri.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "tcp://, ssl://, ws:// or wss:// URI";
        }
    }

    static final class ClientIdPrefixValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : value.toString().trim();
            if (v.isEmpty() || !v.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException(name, value, "must be letters, digits, '.', '_' or '-'; brokers reject "
                        + "other characters in client ids");
            }
        }

        @Override
        public String toString() {
            return "[A-Za-z0-9._-]+";
        }
    }
}
