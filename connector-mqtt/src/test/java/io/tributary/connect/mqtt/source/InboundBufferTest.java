package io.tributary.connect.mqtt.source;

import io.tributary.connect.mqtt.client.InboundMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class InboundBufferTest {
    private final List<String> letGo = new ArrayList<>();

    private InboundMessage message(String id, int qos, long connection) {
        return new InboundMessage("t", new byte[0], qos, false, null, null, null, null, List.of(), 0, connection, id,
                () -> letGo.add(id));
    }

    @Test
    void dropsOnlyQos1And2CopiesFromEarlierConnectionsWhenTheSessionResumes() throws InterruptedException {
        InboundBuffer buffer = new InboundBuffer(10);
        buffer.put(message("old-q1", 1, 1));
        buffer.put(message("old-q0", 0, 1));
        buffer.put(message("new-q1", 1, 2));
        assertEquals(1, buffer.dropRedelivered(2));
        List<InboundMessage> left = buffer.take(10, 10);
        assertEquals(List.of("old-q0", "new-q1"), left.stream().map(InboundMessage::id).toList());
        assertEquals(List.of("old-q1"), letGo, "the dropped copy is let go in the client, so it holds back no later acknowledgement");
    }

    @Test
    void aClosedBufferReleasesAWaitingProducer() throws InterruptedException {
        InboundBuffer buffer = new InboundBuffer(1);
        buffer.put(message("a", 1, 1));
        buffer.close();
        assertFalse(buffer.put(message("b", 1, 1)));
        assertEquals(1, buffer.take(5, 10).size());
    }
}
