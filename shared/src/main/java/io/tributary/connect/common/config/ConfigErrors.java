package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigValue;

import java.util.List;

/** Adds errors found by checks that span keys to the per-key results of {@code validate}. */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    /** Adds {@code message} to {@code key}'s result, so the REST answer names the key. */
    public static void add(List<ConfigValue> values, String key, String message) {
        for (ConfigValue v : values) {
            if (v.name().equals(key)) {
                v.addErrorMessage(message);
                return;
            }
        }
    }

    public static boolean any(List<ConfigValue> values) {
        return values.stream().anyMatch(v -> !v.errorMessages().isEmpty());
    }
}
