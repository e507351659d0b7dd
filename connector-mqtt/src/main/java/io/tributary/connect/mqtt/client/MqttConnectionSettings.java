package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.tls.TlsMaterial;
import org.apache.kafka.common.config.types.Password;

import java.nio.file.Path;

/** Everything a {@link MqttSession} needs to reach and log in to a broker. */
public record MqttConnectionSettings(MqttServerUri uri, Protocol protocol, String username, Password password,
                                     int keepAliveSeconds, int connectTimeoutMs, long reconnectBackoffMs,
                                     long reconnectBackoffMaxMs, Store trustStore, Store keyStore,
                                     boolean hostnameVerification) {

    /** The MQTT version, as {@code mqtt.version} names it. */
    public enum Protocol implements ConfigChoice {
        V5("5"), V3_1_1("3.1.1");

        private final String version;

        Protocol(String version) {
            this.version = version;
        }

        @Override
        public String configValue() {
            return version;
        }
    }

    /** A trust or key store on the worker's disk. */
    public record Store(Path location, TlsMaterial.StoreType type, Password password, Password keyPassword) {
        char[] passwordChars() {
            return password == null || password.value() == null ? null : password.value().toCharArray();
        }

        char[] keyPasswordChars() {
            return keyPassword == null || keyPassword.value() == null ? null : keyPassword.value().toCharArray();
        }

        @Override
        public String toString() {
            return type + " " + location;
        }
    }

    @Override
    public String toString() {
        // Never the password.
        return uri + " (MQTT " + protocol.configValue() + (username == null ? "" : ", user " + username) + ")";
    }
}
