package io.tributary.connect.mqtt;

import io.tributary.connect.common.connector.NumberedSinkConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Publishes Kafka records to an MQTT broker: templated topics, QoS and retain per record, MQTT 5 properties, a
 * bounded window of unacknowledged publishes, and offsets committed only once the broker has acknowledged.
 */
public final class MqttSinkConnector extends NumberedSinkConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return MqttSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return MqttSinkConfig.CONFIG_DEF;
    }

    @Override
    protected void parse(Map<String, String> props) {
        new MqttSinkConfig(props);
    }

    /** MQTT 5 properties on 3.1.1, TLS. */
    @Override
    protected void validateAcrossKeys(Map<String, String> props, List<ConfigValue> values) {
        MqttSinkConfigValidator.validate(props, values);
    }
}
