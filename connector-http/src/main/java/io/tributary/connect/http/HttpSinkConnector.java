package io.tributary.connect.http;

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
 * Sends Kafka records to HTTP endpoints: templated URLs and headers, batched bodies, authentication,
 * retries that honour Retry-After, and offsets committed only for records delivered or reported.
 */
public final class HttpSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new HttpSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSinkTask.class;
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
        return HttpSinkConfig.CONFIG_DEF;
    }

    /** Adds the checks that span keys (authentication, body, batching, TLS) to the per-key validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        new HttpSinkConfigValidator(connectorConfigs, config.configValues()).validate();
        return config;
    }

    /** True: sink offsets may be altered or reset (workers 3.6+); the task keeps no offsets of its own. */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
