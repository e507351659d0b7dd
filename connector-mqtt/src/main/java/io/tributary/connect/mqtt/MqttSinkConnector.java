package io.tributary.connect.mqtt;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/**
 * Publishes Kafka records to an MQTT broker: templated topics, QoS and retain per record, MQTT 5 properties, a
 * bounded window of unacknowledged publishes, and offsets committed only once the broker has acknowledged.
 */
public final class MqttSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new MqttSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigKeys.numbered(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MqttSinkConfig.CONFIG_DEF;
    }

    /** Adds the checks that span keys (MQTT 5 properties on 3.1.1, TLS) to the per-key validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        MqttSinkConfigValidator.validate(connectorConfigs, result.configValues());
        return result;
    }

    /** True: sink offsets may be altered or reset (workers 3.6+); the task keeps no offsets of its own. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
