package io.tributary.connect.mqtt.client;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session publishes too (the MQTT sink's direction), on either protocol version: messages reach a
 * subscriber of the real broker in order with their QoS, retain flag and, on MQTT 5, their properties.
 */
class MqttSessionPublishIT {

    @ParameterizedTest
    @EnumSource(MqttConnectionSettings.Protocol.class)
    void publishesReachASubscriberInOrderWithTheirProperties(MqttConnectionSettings.Protocol version) throws Exception {
        String base = "tributary/publish/" + Services.uniqueName(version.name().toLowerCase());
        List<InboundMessage> received = new CopyOnWriteArrayList<>();
        MqttSession subscriber = session(version, Services.uniqueName("sub"),
                List.of(new Subscription(base + "/#", 1, false)), received);
        MqttSession publisher = session(version, Services.uniqueName("pub"), List.of(), new CopyOnWriteArrayList<>());
        try {
            Await.until(Duration.ofSeconds(10), "the subscription in place", () -> {
                // A probe tells when the subscription holds, whatever the broker's pace.
                publisher.publish(OutboundMessage.of(base + "/probe", new byte[]{1}, 1, false)).join();
                return received.stream().anyMatch(m -> m.topic().endsWith("/probe"));
            });
            received.clear();
            for (int i = 0; i < 20; i++) {
                OutboundMessage m = new OutboundMessage(base + "/shelf/" + (i % 2), ("price " + i).getBytes(StandardCharsets.UTF_8),
                        i % 2 == 0 ? 1 : 2, false, "text/plain", 60L, null, null, List.of(Map.entry("seq", Integer.toString(i))));
                PublishOutcome outcome = publisher.publish(m).get(10, TimeUnit.SECONDS);
                assertTrue(outcome.taken(), "publish " + i + ": " + outcome);
            }
            // Probes still on their way may arrive after the clear: only the shelf messages count.
            List<InboundMessage> shelf = Await.value(Duration.ofSeconds(10), "20 messages at the subscriber",
                    () -> received.stream().filter(m -> m.topic().contains("/shelf/")).toList(), l -> l.size() >= 20);
            assertEquals(20, shelf.size());
            for (int i = 0; i < 20; i++) {
                InboundMessage m = shelf.get(i);
                assertEquals("price " + i, new String(m.payload(), StandardCharsets.UTF_8), "in order");
                assertEquals(base + "/shelf/" + (i % 2), m.topic());
                if (version == MqttConnectionSettings.Protocol.V5) {
                    assertEquals("text/plain", m.contentType());
                    assertEquals(List.of(Map.entry("seq", Integer.toString(i))), m.userProperties());
                } else {
                    assertNull(m.contentType(), "MQTT 3.1.1 has no properties");
                }
            }
        } finally {
            publisher.close();
            subscriber.close();
        }
    }

    private static MqttSession session(MqttConnectionSettings.Protocol version, String clientId, List<Subscription> subs,
                                       List<InboundMessage> received) throws Exception {
        return TestSessions.connected(Services.mqttUri(), version, clientId, subs, received);
    }
}
