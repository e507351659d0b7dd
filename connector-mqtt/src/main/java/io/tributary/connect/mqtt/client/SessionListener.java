package io.tributary.connect.mqtt.client;

/** What a {@link MqttSession} tells its owner. Called from the client's threads. */
public interface SessionListener {
    /** A message arrived; may block to hold the broker back while the owner catches up. */
    void onMessage(InboundMessage message) throws InterruptedException;

    /** Connected; {@code sessionPresent} is whether the broker resumed the earlier session. */
    void onConnected(long connection, boolean sessionPresent);

    void onDisconnected(Throwable cause, int attempt, long retryInMs);

    /** Something that will not heal by reconnecting (bad credentials, a refused subscription). */
    void onFatal(String message, Throwable cause);
}
