package io.tributary.connect.mqtt;

import io.tributary.connect.common.config.ConfigErrors;
import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;

/** Checks between keys: settings that are each valid but cannot work together. */
final class MqttSourceConfigValidator {
    private MqttSourceConfigValidator() {
    }

    static void validate(Map<String, String> props, List<ConfigValue> values) {
        if (ConfigErrors.any(values)) {
            return;
        }
        MqttSourceConfig config = new MqttSourceConfig(props);
        boolean json = config.payloadFormat() == MqttSourceConfig.PayloadFormat.JSON;
        if (config.keySource() == MqttSourceConfig.KeySource.FIELD) {
            if (!json) {
                error(values, MqttSourceConfig.RECORD_KEY, "mqtt.record.key=field reads the key from a JSON payload; "
                        + "set mqtt.payload.format=json or choose mqtt.record.key=topic");
            } else if (config.keyField().isEmpty()) {
                error(values, MqttSourceConfig.RECORD_KEY_FIELD, "mqtt.record.key=field needs the field's path; set "
                        + MqttSourceConfig.RECORD_KEY_FIELD + ", as in device.id");
            }
        }
        if (config.timestampSource() == MqttSourceConfig.TimestampSource.FIELD) {
            if (!json) {
                error(values, MqttSourceConfig.RECORD_TIMESTAMP, "mqtt.record.timestamp=field reads a JSON payload; "
                        + "set mqtt.payload.format=json or choose arrival");
            } else if (config.timestampField().isEmpty()) {
                error(values, MqttSourceConfig.RECORD_TIMESTAMP_FIELD, "mqtt.record.timestamp=field needs the "
                        + "field's path; set " + MqttSourceConfig.RECORD_TIMESTAMP_FIELD + ", as in ts");
            }
        }
        if (config.jsonSchema() == MqttSourceConfig.JsonSchema.INFER && !json) {
            error(values, MqttSourceConfig.JSON_SCHEMA, "mqtt.json.schema=infer applies to JSON payloads; set "
                    + "mqtt.payload.format=json or mqtt.json.schema=none");
        }
        MqttConnectionConfig.validate(props, config.connectionSettings(), values);
    }

    private static void error(List<ConfigValue> values, String key, String message) {
        ConfigErrors.add(values, key, message);
    }
}
