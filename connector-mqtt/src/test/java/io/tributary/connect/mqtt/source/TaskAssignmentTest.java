package io.tributary.connect.mqtt.source;

import io.tributary.connect.common.config.TaskConfigKeys;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskAssignmentTest {
    @Test
    void theTaskReadsWhatTheConnectorWroteUnderThePacksSharedKey() {
        Map<String, String> props = new TaskAssignment("sensors", 2, List.of("a/#", "b/+")).addTo(Map.of("name", "sensors"));
        assertEquals("2", props.get(TaskConfigKeys.TASK_NUMBER));
        assertEquals(new TaskAssignment("sensors", 2, List.of("a/#", "b/+")), TaskAssignment.of(props));
    }

    /** Task configs stored by an earlier version stay in the config topic until the connector rewrites them. */
    @Test
    void aTaskConfigWrittenBeforeTheSharedKeyStillStarts() {
        Map<String, String> stored = Map.of("name", "sensors", "mqtt.task.number", "1", "mqtt.task.filters", "[\"a/#\"]");
        assertEquals(new TaskAssignment("sensors", 1, List.of("a/#")), TaskAssignment.of(stored));
    }

    @Test
    void aConfigWithoutAnAssignmentFailsSayingWhere() {
        ConnectException e = assertThrows(ConnectException.class, () -> TaskAssignment.of(Map.of("name", "x")));
        assertEquals(true, e.getMessage().contains(TaskConfigKeys.TASK_NUMBER), e.getMessage());
    }
}
