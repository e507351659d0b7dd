package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a connector's {@link ConfigDef} as a Markdown reference, grouped and ordered as the
 * ConfigDef says. The reference under docs/ is generated from this, never edited by hand.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    /**
     * The committed reference at {@code doc}, first rewritten with {@code generated} when the system
     * property {@code tributary.docs.write} is true; a test compares the two so a stale reference fails.
     */
    public static String committed(java.nio.file.Path doc, String generated) throws java.io.IOException {
        if (Boolean.getBoolean("tributary.docs.write")) {
            java.nio.file.Files.createDirectories(doc.getParent());
            java.nio.file.Files.writeString(doc, generated, java.nio.charset.StandardCharsets.UTF_8);
        }
        return java.nio.file.Files.exists(doc)
                ? java.nio.file.Files.readString(doc, java.nio.charset.StandardCharsets.UTF_8) : "";
    }

    public static String markdown(String title, String intro, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("<!-- Generated from the connector's ConfigDef by ConfigReference; do not edit by hand. -->\n\n");
        if (intro != null && !intro.isBlank()) {
            out.append(intro.trim()).append("\n\n");
        }
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        for (String group : def.groups()) {
            byGroup.put(group, new ArrayList<>());
        }
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> e : byGroup.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            e.getValue().sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
            out.append("## ").append(e.getKey()).append("\n\n");
            for (ConfigDef.ConfigKey key : e.getValue()) {
                out.append("### `").append(key.name).append("`\n\n");
                out.append(key.documentation == null ? "" : key.documentation.trim()).append("\n\n");
                out.append("- Type: ").append(key.type.name().toLowerCase()).append('\n');
                out.append("- Default: ").append(defaultText(key)).append('\n');
                if (key.validator != null && !key.validator.toString().isBlank()) {
                    out.append("- Valid values: ").append(key.validator).append('\n');
                }
                out.append("- Importance: ").append(key.importance.name().toLowerCase()).append("\n\n");
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "none (required)";
        }
        Object v = key.defaultValue;
        if (v == null) {
            return "null";
        }
        if (v instanceof Password) {
            return "[hidden]";
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            return list.isEmpty() ? "\"\"" : "`" + String.join(",", list.stream().map(Object::toString).toList()) + "`";
        }
        String s = v.toString();
        return s.isEmpty() ? "\"\"" : "`" + s + "`";
    }
}
