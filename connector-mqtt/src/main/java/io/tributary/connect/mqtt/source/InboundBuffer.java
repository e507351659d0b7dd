package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Messages between the MQTT client and {@code poll()}. Bounded: when it is full the client's
 * delivery thread waits, the client stops reading the socket and the broker holds messages back.
 * QoS 1/2 messages never fill it alone, as the Receive Maximum window is smaller than it.
 */
public final class InboundBuffer {
    private final ArrayBlockingQueue<InboundMessage> queue;
    private volatile boolean closed;

    public InboundBuffer(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Waits for room; returns false if the buffer was closed meanwhile. */
    public boolean put(InboundMessage message) throws InterruptedException {
        while (!closed) {
            if (queue.offer(message, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Up to {@code max} messages, waiting at most {@code waitMs} for the first. */
    public List<InboundMessage> take(int max, long waitMs) throws InterruptedException {
        List<InboundMessage> out = new ArrayList<>(Math.min(max, 256));
        InboundMessage first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            return out;
        }
        out.add(first);
        queue.drainTo(out, max - 1);
        return out;
    }

    /**
     * Drops QoS 1/2 messages of connections before {@code connection}: the broker resumed the
     * session and re-sends every one it has not seen acknowledged, so keeping them would only
     * write duplicates. Each is let go in the client too: the client sends acknowledgements in
     * arrival order, so one it keeps waiting for would hold back every later acknowledgement (no
     * acknowledgement of a lost connection's message reaches the broker). QoS 0 messages are never
     * re-sent and stay.
     */
    public int dropRedelivered(long connection) {
        int before = queue.size();
        queue.removeIf(m -> {
            if (m.qos() > 0 && m.connection() < connection) {
                m.acknowledge().run();
                return true;
            }
            return false;
        });
        return before - queue.size();
    }

    public int size() {
        return queue.size();
    }

    public void close() {
        closed = true;
    }
}
