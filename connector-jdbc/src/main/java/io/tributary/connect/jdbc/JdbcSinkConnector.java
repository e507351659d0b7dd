package io.tributary.connect.jdbc;

import io.tributary.connect.common.connector.NumberedSinkConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Writes Kafka records into tables of PostgreSQL, MariaDB/MySQL, SQLite or any JDBC database.
 * Every task gets the same configuration plus its number; Connect spreads the topic partitions over them.
 */
public final class JdbcSinkConnector extends NumberedSinkConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return JdbcSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return JdbcSinkConfig.CONFIG_DEF;
    }

    @Override
    protected void parse(Map<String, String> props) {
        new JdbcSinkConfig(props);
    }

    /** The checks that span keys, and whether the database answers. */
    @Override
    protected void validateAcrossKeys(Map<String, String> props, List<ConfigValue> values) {
        new JdbcSinkConfigValidator(props, values).validate();
    }
}
