package io.tributary.connect.jdbc.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.config.TaskConfigKeys;
import io.tributary.connect.common.config.TaskShares;
import io.tributary.connect.jdbc.db.TableId;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables the connector gives one task, carried in the task's config as [schema, table] pairs
 * (names may hold any character, dots included), and how the connector deals tables out: round
 * robin over the sorted list, so tasks differ by at most one table.
 */
public record TableAssignment(int task, List<TableId> tables) {
    public static final String TASK_TABLES = "tributary.task.tables";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TableAssignment {
        tables = List.copyOf(tables);
    }

    /** {@code tables} dealt over at most {@code maxTasks} tasks; none for no tables. */
    public static List<TableAssignment> deal(List<TableId> tables, int maxTasks) {
        List<List<TableId>> shares = TaskShares.deal(tables, maxTasks);
        List<TableAssignment> out = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            out.add(new TableAssignment(i, shares.get(i)));
        }
        return out;
    }

    public Map<String, String> addTo(Map<String, String> connectorProps) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TaskConfigKeys.TASK_NUMBER, Integer.toString(task));
        List<List<String>> pairs = tables.stream().map(t -> java.util.Arrays.asList(t.schema(), t.table())).toList();
        try {
            props.put(TASK_TABLES, JSON.writeValueAsString(pairs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return props;
    }

    public static TableAssignment of(Map<String, String> props) {
        try {
            int task = Integer.parseInt(props.getOrDefault(TaskConfigKeys.TASK_NUMBER, "0"));
            String raw = props.get(TASK_TABLES);
            List<TableId> tables = new ArrayList<>();
            if (raw != null) {
                for (List<String> pair : JSON.readValue(raw, new TypeReference<List<List<String>>>() { })) {
                    tables.add(new TableId(pair.get(0), pair.get(1)));
                }
            }
            return new TableAssignment(task, tables);
        } catch (RuntimeException | JsonProcessingException e) {
            throw new ConnectException("Task config lacks its tables (" + TASK_TABLES + "); it must come from "
                    + "JdbcSourceConnector", e);
        }
    }
}
