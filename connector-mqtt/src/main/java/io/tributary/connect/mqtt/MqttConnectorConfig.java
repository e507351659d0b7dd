package io.tributary.connect.mqtt;

import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import io.tributary.connect.mqtt.client.MqttConnectionSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Map;

/**
 * What the MQTT source's and sink's configs read alike: the broker connection and the session keys, which each
 * defines with the docs and defaults its direction needs.
 */
abstract class MqttConnectorConfig extends AbstractConfig {
    public static final String CLEAN_START = "mqtt.clean.start";
    public static final String SESSION_EXPIRY_SECONDS = "mqtt.session.expiry.seconds";

    MqttConnectorConfig(ConfigDef definition, Map<?, ?> props) {
        super(definition, props, false);
    }

    public MqttConnectionSettings connectionSettings() {
        return MqttConnectionConfig.settings(this);
    }

    public String clientIdPrefix() {
        return MqttConnectionConfig.clientIdPrefix(this);
    }

    public boolean isMqtt5() {
        return connectionSettings().protocol() == MqttConnectionSettings.Protocol.V5;
    }

    public boolean cleanStart() {
        return getBoolean(CLEAN_START);
    }

    public long sessionExpirySeconds() {
        return getLong(SESSION_EXPIRY_SECONDS);
    }
}
