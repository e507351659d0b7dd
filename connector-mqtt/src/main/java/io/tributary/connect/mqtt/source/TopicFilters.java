package io.tributary.connect.mqtt.source;

import java.nio.charset.StandardCharsets;

/** MQTT topic filter rules (MQTT 5 section 4.7), checked before a broker would refuse them. */
public final class TopicFilters {
    public static final String SHARE_PREFIX = "$share/";

    private TopicFilters() {
    }

    /** Returns null when {@code filter} is valid, else what is wrong with it. */
    public static String problem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "an empty topic filter";
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > 65535) {
            return "longer than 65535 bytes";
        }
        if (filter.indexOf('\u0000') >= 0) {
            return "contains a NUL character";
        }
        String body = filter;
        if (filter.startsWith(SHARE_PREFIX)) {
            int slash = filter.indexOf('/', SHARE_PREFIX.length());
            if (slash <= SHARE_PREFIX.length() || slash == filter.length() - 1) {
                return "a shared subscription needs a group and a filter: $share/<group>/<filter>";
            }
            String group = filter.substring(SHARE_PREFIX.length(), slash);
            if (group.contains("+") || group.contains("#")) {
                return "the share group '" + group + "' contains a wildcard";
            }
            body = filter.substring(slash + 1);
        }
        String[] levels = body.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one, as in sensors/#";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level, as in sensors/+/temperature";
            }
        }
        return null;
    }

    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** Whether {@code topic} (no wildcards) matches {@code filter}; '$' topics only match filters that name them. */
    public static boolean matches(String filter, String topic) {
        String body = filter;
        if (isShared(filter)) {
            body = filter.substring(filter.indexOf('/', SHARE_PREFIX.length()) + 1);
        }
        String[] f = body.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("#") || f[0].equals("+"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
