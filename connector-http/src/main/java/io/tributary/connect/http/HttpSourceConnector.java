package io.tributary.connect.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.common.config.TaskShares;
import io.tributary.connect.http.source.EndpointPosition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls HTTP endpoints into Kafka: named endpoints, each with its own request, paging, record rules and offset,
 * dealt out over the tasks so each is read by exactly one. Offsets carry each endpoint's position, mid-pass
 * included, so a restarted task goes on with the next page, and an exactly-once worker commits each page with
 * its records.
 */
public final class HttpSourceConnector extends SourceConnector {
    /** The endpoints a task reads, comma-separated, in its config. */
    public static final String TASK_ENDPOINTS = "tributary.task.endpoints";

    private Map<String, String> props;
    private HttpSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new HttpSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<List<String>> shares = TaskShares.deal(config.endpointNames(), maxTasks);
        List<Map<String, String>> configs = new ArrayList<>(shares.size());
        for (int i = 0; i < shares.size(); i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TaskConfigKeys.TASK_NUMBER, Integer.toString(i));
            task.put(TASK_ENDPOINTS, String.join(",", shares.get(i)));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return HttpSourceConfig.CONFIG_DEF;
    }

    /** The connector's keys and every named endpoint's, each checked, then the checks between keys. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        List<ConfigValue> values = HttpSourceConfig.configDef(HttpSourceConfig.endpointNames(connectorConfigs))
                .validate(connectorConfigs);
        if (values.stream().allMatch(v -> v.errorMessages().isEmpty())) {
            new HttpSourceConfigValidator(connectorConfigs, values).validate();
        }
        return new Config(values);
    }

    /** Each poll's records are one page, committed with the position after that page. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }

    /**
     * Checks offsets written through PATCH /connectors/NAME/offsets: a partition names one of the connector's
     * endpoints ({"endpoint": "prices"}); an offset holds "offset" (the value ${offset} takes next) and, to go on in
     * the middle of a pass, "next_page" with "pass_offset". A null offset starts the endpoint over from
     * offset.initial.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        List<String> endpoints = HttpSourceConfig.endpointNames(connectorConfig);
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> partition = e.getKey();
            Object endpoint = partition == null ? null : partition.get(EndpointPosition.PARTITION_ENDPOINT);
            if (partition == null || partition.size() != 1 || !(endpoint instanceof String)) {
                throw new ConnectException("A partition must be {\"" + EndpointPosition.PARTITION_ENDPOINT
                        + "\": \"<endpoint name>\"}, not " + partition);
            }
            if (!endpoints.contains(endpoint)) {
                throw new ConnectException("No endpoint '" + endpoint + "' in http.endpoints " + endpoints);
            }
            if (e.getValue() != null) {
                try {
                    EndpointPosition.check(e.getValue());
                } catch (IllegalArgumentException problem) {
                    throw new ConnectException("The offset of endpoint " + endpoint + ": " + problem.getMessage());
                }
            }
        }
        return true;
    }
}
