package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;

import java.util.ArrayDeque;

/**
 * Acknowledges messages to the broker in arrival order, each only once Kafka holds its record
 * ({@code commitRecord}) or the task deliberately dropped it. Kafka confirms partitions out of
 * order, so a confirmed message waits for every earlier one: the broker's view of what is done
 * never runs ahead of Kafka's. Arrival order is also what MQTT asks of a client (PUBACKs in the
 * order of the PUBLISHes), and the HiveMQ client holds acknowledgements back to keep it anyway.
 *
 * <p>It also counts the messages handed on and not yet acknowledged, which are exactly what the
 * broker sends again after a crash or a lost connection: {@link #awaitBelow} lets the task stop
 * handing out more at a bound.
 */
public final class AckTracker {
    /** One message awaiting its record's fate. */
    public static final class Ticket {
        private final InboundMessage message;
        private boolean done;

        private Ticket(InboundMessage message) {
            this.message = message;
        }

        public InboundMessage message() {
            return message;
        }
    }

    private final ArrayDeque<Ticket> pending = new ArrayDeque<>();
    private long acknowledged;

    /** Called in arrival order. */
    public synchronized Ticket track(InboundMessage message) {
        Ticket t = new Ticket(message);
        pending.addLast(t);
        return t;
    }

    /** The record is in Kafka (or was dropped on purpose): acknowledge it and every earlier finished one. */
    public synchronized void done(Ticket ticket) {
        ticket.done = true;
        // Under the lock, so two committing threads never acknowledge out of order; the client
        // only queues the PUBACK on its event loop, so this is quick.
        boolean any = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            pending.pollFirst().message.acknowledge().run();
            acknowledged++;
            any = true;
        }
        if (any) {
            notifyAll();
        }
    }

    /**
     * Waits until fewer than {@code bound} messages are unacknowledged, at most {@code timeoutMs}; returns
     * how many more may be handed out (0 when the wait ran out).
     */
    public synchronized int awaitBelow(int bound, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (pending.size() >= bound) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return 0;
            }
            wait(left);
        }
        return bound - pending.size();
    }

    public synchronized int pending() {
        return pending.size();
    }

    public synchronized long acknowledged() {
        return acknowledged;
    }
}
