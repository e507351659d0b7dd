package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AckTrackerTest {
    private final List<String> acked = new ArrayList<>();

    private InboundMessage message(String id) {
        return new InboundMessage("t", new byte[0], 1, false, null, null, null, null, List.of(), 0, 1, id, () -> acked.add(id));
    }

    @Test
    void acknowledgesInArrivalOrderOnlyOnceEveryEarlierMessageIsDone() {
        AckTracker tracker = new AckTracker();
        AckTracker.Ticket a = tracker.track(message("a"));
        AckTracker.Ticket b = tracker.track(message("b"));
        AckTracker.Ticket c = tracker.track(message("c"));
        tracker.done(c);
        tracker.done(b);
        assertEquals(List.of(), acked, "a is not in Kafka yet, so nothing may be acknowledged");
        assertEquals(3, tracker.pending());
        tracker.done(a);
        assertEquals(List.of("a", "b", "c"), acked);
        assertEquals(0, tracker.pending());
        assertEquals(3, tracker.acknowledged());
    }

    @Test
    void awaitBelowWaitsForAcknowledgementsAtTheBound() throws Exception {
        AckTracker tracker = new AckTracker();
        AckTracker.Ticket first = tracker.track(message("1"));
        tracker.track(message("2"));
        assertEquals(1, tracker.awaitBelow(3, 10));
        assertEquals(0, tracker.awaitBelow(2, 50), "at the bound the wait runs out");
        AtomicInteger room = new AtomicInteger(-1);
        Thread poll = new Thread(() -> {
            try {
                room.set(tracker.awaitBelow(2, 10_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        poll.start();
        while (poll.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        assertEquals(-1, room.get(), "the poll waits at the bound");
        tracker.done(first);
        poll.join(5_000);
        assertEquals(1, room.get(), "an acknowledgement wakes the waiting poll");
    }
}
