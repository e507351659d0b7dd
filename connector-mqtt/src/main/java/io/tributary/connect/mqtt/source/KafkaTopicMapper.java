package io.tributary.connect.mqtt.source;

import io.tributary.connect.common.naming.KafkaTopicNames;

import io.tributary.connect.common.template.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * MQTT topic to Kafka topic: the first matching regex rule, else the {@code kafka.topic} template;
 * the result is made legal for Kafka. Results are cached, as sensors publish to few topics many times.
 */
public final class KafkaTopicMapper {
    private static final int CACHE_SIZE = 10_000;

    /** One {@code regex=>target} rule. */
    public record Rule(Pattern pattern, String target) {
        public static Rule parse(String text) {
            int arrow = text.lastIndexOf("=>");
            if (arrow <= 0 || arrow == text.length() - 2) {
                throw new IllegalArgumentException("is not a rule: write regex=>topic, as in ^plant/([^/]+)/temp$=>temp-$1");
            }
            try {
                return new Rule(Pattern.compile(text.substring(0, arrow).trim()), text.substring(arrow + 2).trim());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("has a bad regex: " + e.getDescription());
            }
        }
    }

    private final List<Rule> rules;
    private final Template template;
    private final String separator;
    private final Map<String, String> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public KafkaTopicMapper(String template, String separator, List<String> rules) {
        this.template = Template.parse(template, Set.of("mqtt"));
        this.separator = separator;
        this.rules = new ArrayList<>();
        for (String r : rules) {
            if (!r.isBlank()) {
                this.rules.add(Rule.parse(r));
            }
        }
    }

    public String kafkaTopic(String mqttTopic) {
        String cached = cache.get(mqttTopic);
        if (cached == null) {
            cached = KafkaTopicNames.legal(map(mqttTopic));
            cache.put(mqttTopic, cached);
        }
        return cached;
    }

    private String map(String mqttTopic) {
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(mqttTopic);
            if (m.matches()) {
                StringBuilder out = new StringBuilder();
                m.appendReplacement(out, rule.target());
                return out.toString();
            }
        }
        return template.render((root, path) -> mqttTopic.replace("/", separator));
    }
}
