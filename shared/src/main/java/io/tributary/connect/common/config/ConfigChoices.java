package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A config key's validator, recommender and parsing, all derived from the {@link ConfigChoice}
 * enum that lists its values; values compare ignoring case and surrounding white space.
 */
public final class ConfigChoices {
    private ConfigChoices() {
    }

    /** Every allowed value, in the enum's order. */
    public static <E extends Enum<E> & ConfigChoice> List<String> values(Class<E> choices) {
        return Arrays.stream(choices.getEnumConstants()).map(ConfigChoice::configValue).toList();
    }

    /** The constant {@code value} names; a ConfigException naming {@code key} and the allowed values when none does. */
    public static <E extends Enum<E> & ConfigChoice> E parse(Class<E> choices, String key, Object value) {
        String wanted = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        for (E choice : choices.getEnumConstants()) {
            if (choice.configValue().toLowerCase(Locale.ROOT).equals(wanted)) {
                return choice;
            }
        }
        throw new ConfigException(key, value, "must be one of " + String.join(", ", values(choices)) + "; set " + key
                + " to one of them");
    }

    /** Accepts exactly the values {@link #parse} accepts; its text (in the config reference) lists them. */
    public static <E extends Enum<E> & ConfigChoice> ConfigDef.Validator validator(Class<E> choices) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    parse(choices, name, value);
                }
            }

            @Override
            public String toString() {
                return values(choices).stream().collect(Collectors.joining(", ", "[", "]"));
            }
        };
    }

    /** Offers the allowed values to UIs (Control Center, the validate endpoint's recommended_values). */
    public static <E extends Enum<E> & ConfigChoice> ConfigDef.Recommender recommender(Class<E> choices) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return List.copyOf(values(choices));
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }
}
