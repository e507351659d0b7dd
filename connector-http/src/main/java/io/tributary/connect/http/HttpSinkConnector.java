package io.tributary.connect.http;

import io.tributary.connect.common.connector.NumberedSinkConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * Sends Kafka records to HTTP endpoints: templated URLs and headers, batched bodies, authentication,
 * retries that honour Retry-After, and offsets committed only for records delivered or reported.
 */
public final class HttpSinkConnector extends NumberedSinkConnector {
    @Override
    public Class<? extends Task> taskClass() {
        return HttpSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return HttpSinkConfig.CONFIG_DEF;
    }

    @Override
    protected void parse(Map<String, String> props) {
        new HttpSinkConfig(props);
    }

    /** Authentication, body, batching, TLS. */
    @Override
    protected void validateAcrossKeys(Map<String, String> props, List<ConfigValue> values) {
        new HttpSinkConfigValidator(props, values).validate();
    }
}
