package io.tributary.connect.common.flow;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnacknowledgedRecordsTest {
    @Test
    void aTaskAtTheBoundWaitsUntilKafkaAcknowledgesSome() throws Exception {
        UnacknowledgedRecords records = new UnacknowledgedRecords();
        assertEquals(10, records.awaitBelow(10, 0), "all the room at first");
        records.handedOut(10);
        long start = System.nanoTime();
        assertEquals(0, records.awaitBelow(10, 50), "none at the bound once the wait runs out");
        assertTrue(System.nanoTime() - start >= 40_000_000L, "it waited");
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return records.awaitBelow(10, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        records.acknowledged();
        records.acknowledged();
        assertTrue(waiting.get(5, TimeUnit.SECONDS) >= 1, "woken by an acknowledgement");
        assertEquals(8, records.count());
        assertEquals(2, records.awaitBelow(10, 0));
    }
}
