package io.tributary.connect.jdbc;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/**
 * Writes Kafka records into tables of PostgreSQL, MariaDB/MySQL, SQLite or any JDBC database.
 * Every task gets the same configuration plus its number; Connect spreads the topic partitions over them.
 */
public final class JdbcSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new JdbcSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
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
        return JdbcSinkConfig.CONFIG_DEF;
    }

    /** Adds the checks that span keys, and whether the database answers, to the per-key validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        new JdbcSinkConfigValidator(connectorConfigs, config.configValues()).validate();
        return config;
    }

    /** True: the connector can be told its sink offsets were altered or reset (workers 3.6+). */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig,
                                Map<org.apache.kafka.common.TopicPartition, Long> offsets) {
        return true;
    }
}
