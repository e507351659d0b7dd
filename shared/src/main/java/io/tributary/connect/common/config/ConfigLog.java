package io.tributary.connect.common.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.slf4j.Logger;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Logs a connector's settings once, as Kafka's own configs do ("X values: key = value"), but with the
 * credentials in URL settings masked ({@link CredentialMask}); passwords show as [hidden]. Configs that
 * use it pass {@code doLog=false} to {@link AbstractConfig}, whose own log would print URLs as given.
 */
public final class ConfigLog {
    private ConfigLog() {
    }

    public static void values(Logger log, AbstractConfig config, Set<String> urlKeys) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Map<String, Object> sorted = new TreeMap<>(config.values());
        StringBuilder text = new StringBuilder(config.getClass().getSimpleName()).append(" values: ");
        sorted.forEach((key, value) -> {
            Object shown = urlKeys.contains(key) && value != null ? CredentialMask.url(value.toString()) : value;
            text.append("\n\t").append(key).append(" = ").append(shown);
        });
        log.info(text.toString());
    }
}
