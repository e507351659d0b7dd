package io.tributary.connect.common.config;

import java.util.Locale;

/**
 * An enum whose constants are the allowed values of a config key: the one place those values are
 * written. {@link ConfigChoices} derives the key's validator, recommender, default and parsing from
 * it. A constant's value is its name in lower case unless it says otherwise (for values such as
 * {@code error-topic} or {@code 3.1.1}).
 */
public interface ConfigChoice {
    /** The value as users write it in a config. */
    default String configValue() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }
}
