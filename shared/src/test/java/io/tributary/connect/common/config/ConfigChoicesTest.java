package io.tributary.connect.common.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigChoicesTest {
    enum Action implements ConfigChoice {
        ERROR_TOPIC("error-topic"), DROP, FAIL;

        private final String value;

        Action() {
            this(null);
        }

        Action(String value) {
            this.value = value;
        }

        @Override
        public String configValue() {
            return value != null ? value : ConfigChoice.super.configValue();
        }
    }

    private static final ConfigDef DEF = new ConfigDefBuilder().defineChoice("errors.action", Action.ERROR_TOPIC,
            ConfigDef.Importance.LOW, "What to do.", "Action").build();

    @Test
    void theEnumGivesTheValuesTheDefaultAndTheParsing() {
        assertEquals(List.of("error-topic", "drop", "fail"), ConfigChoices.values(Action.class));
        AbstractConfig defaults = new AbstractConfig(DEF, Map.of());
        assertEquals(Action.ERROR_TOPIC, ConfigChoices.parse(Action.class, "errors.action", defaults.getString("errors.action")));
        assertEquals(Action.DROP, ConfigChoices.parse(Action.class, "errors.action", " Drop "));
        assertEquals("[error-topic, drop, fail]", DEF.configKeys().get("errors.action").validator.toString());
    }

    @Test
    void aValueNotInTheEnumFailsNamingTheKeyAndTheAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> new AbstractConfig(DEF, Map.of("errors.action", "ignore")));
        assertTrue(e.getMessage().contains("errors.action") && e.getMessage().contains("error-topic, drop, fail"), e.getMessage());
        ConfigValue validated = DEF.validate(Map.of("errors.action", "ignore")).get(0);
        assertEquals(1, validated.errorMessages().size(), validated.toString());
        assertEquals(List.of("error-topic", "drop", "fail"), validated.recommendedValues(),
                "validate offers the values, as UIs show them");
    }
}
