package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Adds keys to a {@link ConfigDef} group by group, numbering the order inside each group so the
 * generated reference and UIs list keys the way the connector's docs talk about them.
 */
public final class ConfigDefBuilder {
    private final ConfigDef def;
    private String group = "General";
    private int order;

    public ConfigDefBuilder(ConfigDef def) {
        this.def = def;
    }

    public ConfigDefBuilder() {
        this(new ConfigDef());
    }

    /** Lets a shared set of keys (connection settings, say) define itself in the middle of a chain. */
    public ConfigDefBuilder apply(java.util.function.UnaryOperator<ConfigDefBuilder> keys) {
        return keys.apply(this);
    }

    public ConfigDefBuilder group(String name) {
        this.group = name;
        this.order = 0;
        return this;
    }

    public ConfigDefBuilder define(String name, ConfigDef.Type type, Object defaultValue, ConfigDef.Validator validator,
                                   ConfigDef.Importance importance, String doc, String displayName) {
        return define(name, type, defaultValue, validator, importance, doc, displayName, null);
    }

    public ConfigDefBuilder define(String name, ConfigDef.Type type, Object defaultValue, ConfigDef.Validator validator,
                                   ConfigDef.Importance importance, String doc, String displayName,
                                   ConfigDef.Recommender recommender) {
        def.define(name, type, defaultValue, validator, importance, doc, group, ++order, width(type), displayName,
                java.util.List.of(), recommender);
        return this;
    }

    /**
     * A key whose values are the constants of a {@link ConfigChoice} enum: its type, default, validator
     * and recommender all come from the enum, so its values are written in one place.
     */
    public <E extends Enum<E> & ConfigChoice> ConfigDefBuilder defineChoice(String name, E defaultValue,
                                                                            ConfigDef.Importance importance, String doc,
                                                                            String displayName) {
        Class<E> choices = defaultValue.getDeclaringClass();
        return define(name, ConfigDef.Type.STRING, defaultValue.configValue(), ConfigChoices.validator(choices), importance,
                doc, displayName, ConfigChoices.recommender(choices));
    }

    /** A key with no default: the connector cannot start without it. */
    public ConfigDefBuilder defineRequired(String name, ConfigDef.Type type, ConfigDef.Validator validator,
                                           ConfigDef.Importance importance, String doc, String displayName) {
        return define(name, type, ConfigDef.NO_DEFAULT_VALUE, validator, importance, doc, displayName);
    }

    public ConfigDef build() {
        return def;
    }

    private static ConfigDef.Width width(ConfigDef.Type type) {
        switch (type) {
            case BOOLEAN:
            case INT:
            case SHORT:
                return ConfigDef.Width.SHORT;
            case LONG:
            case DOUBLE:
            case PASSWORD:
                return ConfigDef.Width.MEDIUM;
            default:
                return ConfigDef.Width.LONG;
        }
    }
}
