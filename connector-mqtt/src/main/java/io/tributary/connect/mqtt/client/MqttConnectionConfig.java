package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.config.ConfigChoices;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.tls.TlsMaterial;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Files;
import java.nio.file.Path;

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

    public static final String TRUSTSTORE_LOCATION = "mqtt.ssl.truststore.location";
    public static final String TRUSTSTORE_TYPE = "mqtt.ssl.truststore.type";
    public static final String TRUSTSTORE_PASSWORD = "mqtt.ssl.truststore.password";
    public static final String KEYSTORE_LOCATION = "mqtt.ssl.keystore.location";
    public static final String KEYSTORE_TYPE = "mqtt.ssl.keystore.type";
    public static final String KEYSTORE_PASSWORD = "mqtt.ssl.keystore.password";
    public static final String KEY_PASSWORD = "mqtt.ssl.key.password";
    public static final String HOSTNAME_VERIFICATION = "mqtt.ssl.hostname.verification";

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
                .group("TLS")
                .define(TRUSTSTORE_LOCATION, Type.STRING, null, new FileValidator(), Importance.MEDIUM,
                        "Certificates to trust for ssl:// and wss:// (JKS, PKCS12 or a PEM file of CA certificates). "
                                + "Empty: the JVM's default trust store.", "Trust store")
                .defineChoice(TRUSTSTORE_TYPE, TlsMaterial.StoreType.PKCS12, Importance.LOW, "Format of the trust store: JKS, PKCS12 or PEM.", "Trust store type")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, null, Importance.LOW,
                        "Trust store password (JKS, PKCS12).", "Trust store password")
                .define(KEYSTORE_LOCATION, Type.STRING, null, new FileValidator(), Importance.LOW,
                        "Client certificate and key, for brokers that require them (JKS, PKCS12, or PEM with an "
                                + "unencrypted PKCS#8 key and its certificate chain).", "Key store")
                .defineChoice(KEYSTORE_TYPE, TlsMaterial.StoreType.PKCS12, Importance.LOW, "Format of the key store: JKS, PKCS12 or PEM.", "Key store type")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, null, Importance.LOW, "Key store password.",
                        "Key store password")
                .define(KEY_PASSWORD, Type.PASSWORD, null, null, Importance.LOW,
                        "Password of the key inside the key store, when it differs from the store's.", "Key password")
                .define(HOSTNAME_VERIFICATION, Type.BOOLEAN, true, null, Importance.LOW,
                        "Check that the broker's certificate names the host in mqtt.server.uri. Turn off only for "
                                + "test brokers with certificates that name another host.", "Hostname verification");
    }

    /** The connection settings of a parsed config. */
    public static MqttConnectionSettings settings(AbstractConfig c) {
        return new MqttConnectionSettings(
                MqttServerUri.parse(c.getString(SERVER_URI)),
                ConfigChoices.parse(MqttConnectionSettings.Protocol.class, VERSION, c.getString(VERSION)),
                c.getString(USERNAME), c.getPassword(PASSWORD),
                c.getInt(KEEP_ALIVE_SECONDS), c.getInt(CONNECT_TIMEOUT_MS),
                c.getLong(RECONNECT_BACKOFF_MS), Math.max(c.getLong(RECONNECT_BACKOFF_MS), c.getLong(RECONNECT_BACKOFF_MAX_MS)),
                store(c.getString(TRUSTSTORE_LOCATION), ConfigChoices.parse(TlsMaterial.StoreType.class, TRUSTSTORE_TYPE,
                        c.getString(TRUSTSTORE_TYPE)), c.getPassword(TRUSTSTORE_PASSWORD), null),
                store(c.getString(KEYSTORE_LOCATION), ConfigChoices.parse(TlsMaterial.StoreType.class, KEYSTORE_TYPE,
                        c.getString(KEYSTORE_TYPE)), c.getPassword(KEYSTORE_PASSWORD),
                        c.getPassword(KEY_PASSWORD)),
                c.getBoolean(HOSTNAME_VERIFICATION));
    }

    public static String clientIdPrefix(AbstractConfig c) {
        return c.getString(CLIENT_ID_PREFIX).trim();
    }

    private static MqttConnectionSettings.Store store(String location, TlsMaterial.StoreType type, Password password,
                                                     Password keyPassword) {
        if (location == null || location.isBlank()) {
            return null;
        }
        return new MqttConnectionSettings.Store(Path.of(location.trim()), type, password, keyPassword);
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

    static final class FileValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || value.toString().isBlank()) {
                return;
            }
            Path p = Path.of(value.toString().trim());
            if (!Files.isReadable(p) || Files.isDirectory(p)) {
                throw new ConfigException(name, value, "is not a readable file on this worker; copy the file to "
                        + "every worker at the same path, or leave " + name + " empty");
            }
        }

        @Override
        public String toString() {
            return "a readable file";
        }
    }
}
