package io.tributary.connect.common.errors;

import io.tributary.connect.common.config.ConfigChoice;

/**
 * What a source connector does with input it cannot turn into a record (a bad payload, a body that is not
 * JSON, a page that cannot go on): the one rule every source of the pack names the same way.
 */
public enum BadInputAction implements ConfigChoice {
    /** A record to the connector's error topic, holding what came in, with the cause in headers. */
    ERROR_TOPIC,
    /** Skipped, counted in the task metrics and logged. */
    DROP,
    /** The task stops, saying what came in and which key changes the rule. */
    FAIL;

    @Override
    public String configValue() {
        return this == ERROR_TOPIC ? "error-topic" : ConfigChoice.super.configValue();
    }
}
