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
    private final AckTracker tracker;
    private final LongAdder received;
    private final LongAdder reconnects;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    /** Whether acknowledgements can reach the broker; guarded by this. */
    private boolean connected;
    /** Messages handed to Kafka and unacknowledged when the connection was lost: they come again. */
    private int unacknowledgedAtLoss;

    public MqttSourceListener(String clientId, InboundBuffer buffer, AckTracker tracker, LongAdder received,
                              LongAdder reconnects) {
        this.clientId = clientId;
        this.buffer = buffer;
        this.tracker = tracker;
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
        synchronized (this) {
            connected = true;
            notifyAll();
        }
        if (connection == 1) {
            if (sessionPresent) {
                log.info("MQTT client {} resumed its broker session: the broker sends again what an earlier run of this "
                        + "task left unacknowledged (at most mqtt.max.unacknowledged.messages of those had reached Kafka "
                        + "and arrive twice)", clientId);
            }
            return;
        }
        reconnects.increment();
        int handedOn = unacknowledgedAtLoss;
        if (sessionPresent) {
            // Buffered copies of the lost connection are dropped: the broker sends them again.
            int dropped = buffer.dropRedelivered(connection);
            log.info("MQTT client {} reconnected and the broker resumed its session: it sends again the {} messages of "
                    + "the lost connection that were not acknowledged, {} of them handed to Kafka already (they arrive "
                    + "twice; mqtt.max.unacknowledged.messages bounds them) and {} still buffered (dropped here for their "
                    + "copies)", clientId, handedOn + dropped, handedOn, dropped);
        } else {
            log.warn("MQTT client {} reconnected to a new session (the broker kept none): messages published while "
                    + "it was away are lost unless the broker queued them, and the {} handed to Kafka stay "
                    + "unacknowledged (check mqtt.session.expiry.seconds and the broker's persistence)", clientId, handedOn);
        }
    }

    @Override
    public void onDisconnected(Throwable cause, int attempt, long retryInMs) {
        synchronized (this) {
            if (connected) {
                unacknowledgedAtLoss = tracker.pending();
            }
            connected = false;
        }
        log.warn("MQTT client {} is not connected ({}); attempt {} in {} ms. Unacknowledged messages will be "
                + "delivered again by the broker.", clientId, cause == null ? "closed" : cause.toString(), attempt + 1, retryInMs);
    }

    /**
     * Waits up to {@code timeoutMs} for a connection to the broker; false when there is none. While
     * disconnected the task hands out nothing: no acknowledgement could reach the broker, so each message
     * handed to Kafka would come again.
     */
    public synchronized boolean awaitConnected(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!connected) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
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
