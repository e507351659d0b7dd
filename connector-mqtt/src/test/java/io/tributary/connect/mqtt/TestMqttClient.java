package io.tributary.connect.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A plain MQTT 5 publisher for tests, talking to the real broker. */
final class TestMqttClient implements AutoCloseable {
    private final Mqtt5BlockingClient client;

    TestMqttClient(String serverUri) {
        URI uri = URI.create(serverUri);
        client = MqttClient.builder().useMqttVersion5()
                .identifier("test-pub-" + UUID.randomUUID())
                .serverHost(uri.getHost()).serverPort(uri.getPort() < 0 ? 1883 : uri.getPort())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildBlocking();
        client.connect();
    }

    void publish(String topic, String payload, int qos) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, Map.of());
    }

    void publish(String topic, byte[] payload, int qos, boolean retain, Map<String, String> userProperties) {
        Mqtt5PublishBuilder.Complete p = com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish.builder()
                .topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain);
        if (!userProperties.isEmpty()) {
            var props = com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties.builder();
            userProperties.forEach(props::add);
            p = p.userProperties(props.build());
        }
        client.publish(p.build());
    }

    /** Publishes at QoS 1 and retries until the broker acknowledges (the broker may be restarting). */
    void publishUntilAcknowledged(String topic, String payload) throws InterruptedException {
        while (true) {
            try {
                client.toAsync().publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).send().get(5, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException e) {
            // already gone
        }
    }
}
