package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.config.ConfigChoice;
import io.tributary.connect.common.tls.TlsSettings;
import org.apache.kafka.common.config.types.Password;

/** Everything a {@link MqttSession} needs to reach and log in to a broker. */
public record MqttConnectionSettings(MqttServerUri uri, Protocol protocol, String username, Password password,
                                     int keepAliveSeconds, int connectTimeoutMs, long reconnectBackoffMs,
                                     long reconnectBackoffMaxMs, TlsSettings tls) {

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

    @Override
    public String toString() {
        // Never the password.
        return uri + " (MQTT " + protocol.configValue() + (username == null ? "" : ", user " + username) + ")";
    }
}
