package io.tributary.connect.testkit;

import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads what {@code PUT /connector-plugins/{class}/config/validate} answered. */
public final class Validation {
    private Validation() {
    }

    /** Every key that has errors, with them. */
    public static Map<String, List<String>> errors(ConfigInfos infos) {
        return infos.configs().stream().filter(v -> !v.configValue().errors().isEmpty())
                .collect(Collectors.toMap(v -> v.configValue().name(), v -> v.configValue().errors()));
    }

    /** Asserts that {@code key} has an error containing {@code expected}. */
    public static void assertError(ConfigInfos infos, String key, String expected) {
        ConfigInfo info = infos.configs().stream().filter(v -> v.configValue().name().equals(key)).findFirst().orElse(null);
        assertNotNull(info, "no entry for " + key);
        List<String> errs = info.configValue().errors();
        assertTrue(!errs.isEmpty() && errs.stream().anyMatch(e -> e.contains(expected)),
                "expected an error on " + key + " containing '" + expected + "', got " + errs + "; all: " + errors(infos));
    }
}
