package io.tributary.connect.mqtt.client;

import io.tributary.connect.common.tls.TlsSettings;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connected MqttSessions for tests: no credentials or TLS, short backoffs, messages collected and acknowledged. */
public final class TestSessions {
    private TestSessions() {
    }

    /**
     * Starts a session at {@code serverUri} with {@code subscriptions} (none: a publisher), adding what arrives
     * to {@code received}, and waits until it is connected.
     */
    public static MqttSession connected(String serverUri, MqttConnectionSettings.Protocol version, String clientId,
                                        List<Subscription> subscriptions, List<InboundMessage> received) throws Exception {
        return connected(serverUri, version, clientId, subscriptions, received, false);
    }

    /**
     * As above; {@code persistent}: the broker keeps the session (and queues what it misses) while the
     * connection is down, as across a broker restart.
     */
    public static MqttSession connected(String serverUri, MqttConnectionSettings.Protocol version, String clientId,
                                        List<Subscription> subscriptions, List<InboundMessage> received,
                                        boolean persistent) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        MqttConnectionSettings settings = new MqttConnectionSettings(MqttServerUri.parse(serverUri), version, null, null,
                30, 10_000, 100, 1_000, TlsSettings.DEFAULTS);
        MqttSession session = new MqttSession(settings, new MqttSession.Options(clientId, !persistent, persistent ? 3600 : 0, 65_535, subscriptions),
                new SessionListener() {
                    @Override
                    public void onMessage(InboundMessage message) {
                        received.add(message);
                        message.acknowledge().run();
                    }

                    @Override
                    public void onConnected(long connection, boolean sessionPresent) {
                        connected.countDown();
                    }

                    @Override
                    public void onDisconnected(Throwable cause, int attempt, long retryInMs) {
                    }

                    @Override
                    public void onFatal(String message, Throwable cause) {
                    }
                });
        session.start();
        assertTrue(connected.await(20, TimeUnit.SECONDS), clientId + " did not connect to " + serverUri);
        return session;
    }
}
