package io.tributary.connect.common.naming;

/**
 * Kafka's rule for topic names (at most 249 of letters, digits, '.', '_' and '-'; not "." or ".."),
 * for connectors that make topic names from what a source holds: MQTT topics, table names.
 */
public final class KafkaTopicNames {
    public static final int MAX_LENGTH = 249;

    private KafkaTopicNames() {
    }

    public static boolean isLegal(String topic) {
        return !topic.isEmpty() && topic.length() <= MAX_LENGTH && !topic.equals(".") && !topic.equals("..")
                && topic.chars().allMatch(KafkaTopicNames::legalChar);
    }

    /** Replaces what Kafka does not allow in topic names with '_' and trims to 249 characters. */
    public static String legal(String topic) {
        StringBuilder out = new StringBuilder(topic.length());
        for (int i = 0; i < topic.length() && out.length() < MAX_LENGTH; i++) {
            char c = topic.charAt(i);
            out.append(legalChar(c) ? c : '_');
        }
        String s = out.toString();
        return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" + s : s;
    }

    private static boolean legalChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }
}
