package io.tributary.connect.mqtt.client;

import io.tributary.connect.testkit.Await;
import io.tributary.connect.testkit.Services;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each session runs its connection on a network thread of its own, named after its client id, and
 * that thread ends when the session closes: a task restarted a thousand times leaves no threads.
 */
class MqttSessionThreadsIT {

    @Test
    void eachSessionHasItsOwnNamedNetworkThreadWhichEndsOnClose() throws Exception {
        String a = Services.uniqueName("threads-a");
        String b = Services.uniqueName("threads-b");
        MqttSession first = session(a);
        MqttSession second = session(b);
        try {
            assertEquals(1, networkThreads(a).size(), "threads of " + a + ": " + networkThreads(a));
            assertEquals(1, networkThreads(b).size(), "threads of " + b + ": " + networkThreads(b));
        } finally {
            first.close();
        }
        Await.until(Duration.ofSeconds(10), "the network thread of " + a + " ends after close",
                () -> networkThreads(a).isEmpty());
        assertEquals(1, networkThreads(b).size(), "the other session keeps its thread");
        second.close();
        Await.until(Duration.ofSeconds(10), "the network thread of " + b + " ends after close",
                () -> networkThreads(b).isEmpty());
    }

    private static MqttSession session(String clientId) throws Exception {
        return TestSessions.connected(Services.mqttUri(), MqttConnectionSettings.Protocol.V5, clientId,
                List.of(new Subscription("tributary/threads/" + clientId, 1, false)), new java.util.ArrayList<>());
    }

    private static List<String> networkThreads(String clientId) {
        String prefix = "tributary-mqtt-io-" + clientId + "-";
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
