package io.tributary.connect.demo;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The display end of an MQTT sink pipeline: subscribes to what a sink publishes (a topic filter) and counts it
 * for the progress board, as a display would show it. MQTT 3.1.1, which every broker speaks; resubscribes on its own.
 */
final class DashboardSubscriber implements AutoCloseable {
    static final String TOPIC_FILTER = "dashboard/#";

    private final String filter;
    private final Mqtt3AsyncClient client;
    private final AtomicLong received = new AtomicLong();

    DashboardSubscriber(String brokerUri, String filter) {
        this.filter = filter;
        URI uri = URI.create(brokerUri);
        client = MqttClient.builder().useMqttVersion3()
                .identifier("tributary-demo-dashboard-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(uri.getHost()).serverPort(uri.getPort() < 0 ? 1883 : uri.getPort())
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
    }

    void start() {
        client.connectWith().cleanSession(true).send().thenCompose(ack -> client.subscribeWith()
                .topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(p -> received.incrementAndGet()).send());
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the broker is already gone
        }
    }
}
