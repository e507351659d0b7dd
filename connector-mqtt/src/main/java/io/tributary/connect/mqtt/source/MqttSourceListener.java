package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;
import io.tributary.connect.mqtt.client.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Takes what the session reports: messages into the buffer, state changes into logs and counters. */
public final class MqttSourceListener implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(MqttSourceListener.class);

    private final String clientId;
    private final InboundBuffer buffer;
    private final LongAdder received;
    private final LongAdder reconnects;
    private final AtomicReference<String> fatal = new AtomicReference<>();

    public MqttSourceListener(String clientId, InboundBuffer buffer, LongAdder received, LongAdder reconnects) {
        this.clientId = clientId;
        this.buffer = buffer;
        this.received = received;
        this.reconnects = reconnects;
    }

    @Override
    public void onMessage(InboundMessage message) throws InterruptedException {
        received.increment();
        buffer.put(message);
    }

    @Override
    public void onConnected(long connection, boolean sessionPresent) {
        if (connection > 1) {
            reconnects.increment();
        }
        if (sessionPresent && connection > 1) {
            int dropped = buffer.dropRedelivered(connection);
            if (dropped > 0) {
                log.info("MQTT client {}: the broker resumed the session and re-sends {} unacknowledged messages; "
                        + "their earlier copies were dropped from the buffer", clientId, dropped);
            }
        }
    }

    @Override
    public void onDisconnected(Throwable cause, int attempt, long retryInMs) {
        log.warn("MQTT client {} is not connected ({}); attempt {} in {} ms. Unacknowledged messages will be "
                + "delivered again by the broker.", clientId, cause == null ? "closed" : cause.toString(), attempt + 1, retryInMs);
    }

    @Override
    public void onFatal(String message, Throwable cause) {
        log.error("MQTT client {}: {}", clientId, message, cause);
        fatal.compareAndSet(null, message);
    }

    /** What stopped the session for good, or null. */
    public String fatal() {
        return fatal.get();
    }
}
