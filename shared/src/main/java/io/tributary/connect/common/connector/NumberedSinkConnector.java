package io.tributary.connect.common.connector;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/**
 * What every sink connector of the pack does alike: each task gets the connector's config plus its number (Connect
 * spreads the topic partitions over the tasks), the config is parsed at start so a mistake fails the connector
 * before any task, validate adds the checks between keys to the per-key ones, and sink offsets may be altered or
 * reset (workers 3.6+), since the tasks keep no offsets of their own. A subclass names its task, its ConfigDef,
 * how to parse its config and its checks between keys.
 */
public abstract class NumberedSinkConnector extends SinkConnector {
    private Map<String, String> props;

    /** Parses the config, throwing on a mistake. */
    protected abstract void parse(Map<String, String> props);

    /** Adds what is wrong between keys to {@code values}; the per-key checks have run. */
    protected abstract void validateAcrossKeys(Map<String, String> props, List<ConfigValue> values);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        parse(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigKeys.numbered(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        validateAcrossKeys(connectorConfigs, config.configValues());
        return config;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
