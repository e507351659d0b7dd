package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AckTrackerTest {
    private final List<String> acked = new ArrayList<>();

    private InboundMessage message(String id) {
        return new InboundMessage("t", new byte[0], 1, false, null, null, null, List.of(), 0, 1, id, () -> acked.add(id));
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
}
