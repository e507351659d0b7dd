package io.tributary.connect.mqtt.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.mqtt.client.MqttConnectionConfig;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the connector tells one task: its number and its filters, carried in the task's config. */
public record TaskAssignment(String connector, int task, List<String> filters) {
    /** Where task configs written before the pack shared one key kept the number; still read, so those tasks start. */
    private static final String LEGACY_TASK_NUMBER = "mqtt.task.number";
    public static final String TASK_FILTERS = "mqtt.task.filters";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Map<String, String> addTo(Map<String, String> connectorProps) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TaskConfigKeys.TASK_NUMBER, Integer.toString(task));
        try {
            props.put(TASK_FILTERS, JSON.writeValueAsString(filters));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return props;
    }

    public static TaskAssignment of(Map<String, String> props) {
        String connector = props.getOrDefault("name", "mqtt-source");
        try {
            String number = props.getOrDefault(TaskConfigKeys.TASK_NUMBER, props.get(LEGACY_TASK_NUMBER));
            return new TaskAssignment(connector, Integer.parseInt(number),
                    JSON.readValue(props.get(TASK_FILTERS), new TypeReference<List<String>>() { }));
        } catch (RuntimeException | JsonProcessingException e) {
            throw new ConnectException("Task config lacks its assignment (" + TaskConfigKeys.TASK_NUMBER + ", " + TASK_FILTERS
                    + "); it must come from MqttSourceConnector", e);
        }
    }

    /** {@code <prefix>-<connector>-<task>}: unique per task, the same after restarts. */
    public String clientId(String prefix) {
        return MqttConnectionConfig.clientId(prefix, connector, Integer.toString(task));
    }
}
