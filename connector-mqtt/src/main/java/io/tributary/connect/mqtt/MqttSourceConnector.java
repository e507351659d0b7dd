package io.tributary.connect.mqtt;

import io.tributary.connect.common.Version;
import io.tributary.connect.mqtt.source.SubscriptionPlan;
import io.tributary.connect.mqtt.source.TaskAssignment;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Subscribes to MQTT topic filters and writes each message to Kafka, acknowledging it to the broker
 * only once Kafka has it. Tasks scale through MQTT 5 shared subscriptions, or by splitting filters.
 */
public final class MqttSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceConnector.class);

    private Map<String, String> props;
    private MqttSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.config = new MqttSourceConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        String name = props.getOrDefault("name", "mqtt-source");
        List<List<String>> plan = SubscriptionPlan.plan(config.topicFilters(), maxTasks, config.sharedSubscriptions(),
                config.sharedGroup(name));
        List<Map<String, String>> configs = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            configs.add(new TaskAssignment(name, i, plan.get(i)).addTo(props));
        }
        log.info(SubscriptionPlan.describe(name, plan, maxTasks, config.sharedSubscriptions(), config.isMqtt5()));
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.CONFIG_DEF;
    }

    /** Adds the checks that span keys to the per-key validation. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        MqttSourceConfigValidator.validate(connectorConfigs, result.configValues());
        return result;
    }
}
