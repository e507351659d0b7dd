package io.tributary.connect.mqtt;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;

/** Checks between the MQTT sink's keys: settings that are each valid but cannot work together. */
final class MqttSinkConfigValidator {
    private MqttSinkConfigValidator() {
    }

    static void validate(Map<String, String> props, List<ConfigValue> values) {
        if (ConfigErrors.any(values)) {
            return;
        }
        MqttSinkConfig config = new MqttSinkConfig(props);
        if (!config.isMqtt5()) {
            for (String key : MqttSinkConfig.MQTT5_KEYS) {
                Object v = config.originals().get(key);
                if (v != null && !v.toString().isBlank()) {
                    ConfigErrors.add(values, key, key + " sets an MQTT 5 property, which MQTT 3.1.1 has no place for; set "
                            + MqttConnectionConfig.VERSION + "=5 or remove " + key);
                }
            }
        }
        MqttConnectionConfig.validate(props, config.connectionSettings(), values);
    }
}
