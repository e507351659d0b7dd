package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.template.Template;

import java.nio.charset.StandardCharsets;

/**
 * Checks a topic rendered from the {@code mqtt.topic} template before anything is published to it: a record's data
 * must not turn it into a filter (wildcards), a broker topic ('$'), an empty level the template does not have in its
 * own text (devices//setpoint from an empty device id), or more than MQTT's 65535 bytes. '/' in the data is allowed:
 * a key such as plant-1/line-2 may name levels.
 */
final class TopicNameCheck {
    static final int MAX_TOPIC_BYTES = 65_535;

    private final int templateEmptyLevels;

    TopicNameCheck(Template template) {
        this.templateEmptyLevels = emptyLevels(template.render((root, path) -> "x"));
    }

    /** Null when {@code topic} may be published to; otherwise why not. */
    String problem(String topic) {
        if (topic.isEmpty()) {
            return "the topic renders empty";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return "the topic '" + topic + "' holds the wildcard '" + c + "', which only subscriptions may use";
            }
            if (c == '\0') {
                return "the topic holds a NUL character";
            }
        }
        if (topic.charAt(0) == '$') {
            return "the topic '" + topic + "' starts with '$', which brokers keep for themselves";
        }
        if (emptyLevels(topic) > templateEmptyLevels) {
            return "the topic '" + topic + "' has an empty level (a placeholder rendered empty)";
        }
        if (topic.length() * 3 > MAX_TOPIC_BYTES && topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            return "the topic is longer than MQTT's 65535 bytes";
        }
        return null;
    }

    private static int emptyLevels(String topic) {
        int empty = 0;
        int start = 0;
        for (int i = 0; i <= topic.length(); i++) {
            if (i == topic.length() || topic.charAt(i) == '/') {
                if (i == start) {
                    empty++;
                }
                start = i + 1;
            }
        }
        return empty;
    }
}
