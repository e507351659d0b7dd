package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.PublishOutcome;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);

    /** Keeps every publish open until the test completes it. */
    private static final class HeldSender implements Publisher.Sender {
        final List<OutboundMessage> sent = new ArrayList<>();
        final List<CompletableFuture<PublishOutcome>> open = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<PublishOutcome> publish(OutboundMessage message) {
            sent.add(message);
            CompletableFuture<PublishOutcome> f = new CompletableFuture<>();
            open.add(f);
            return f;
        }
    }

    private static SinkRecord record(int partition, long offset) {
        return new SinkRecord("t", partition, null, null, null, "v" + offset, offset);
    }

    private static OutboundMessage message(long offset) {
        return OutboundMessage.of("m/" + offset, new byte[0], 1, false);
    }

    private static Publisher publisher(HeldSender sender, int window) {
        return new Publisher(sender, () -> window, 100, new SinkMetrics(new TaskMetrics("test", "c", "0")));
    }

    @Test
    void theWindowBoundsWhatIsInFlightAndAcknowledgementsPumpTheNext() {
        HeldSender sender = new HeldSender();
        Publisher publisher = publisher(sender, 2);
        for (long o = 0; o < 5; o++) {
            publisher.add(record(0, o), message(o));
        }
        publisher.pump();
        assertEquals(2, sender.sent.size());
        sender.open.get(0).complete(new PublishOutcome(true, null));
        assertEquals(3, sender.sent.size(), "an acknowledgement frees the window for the next");
        assertEquals(List.of("m/0", "m/1", "m/2"), sender.sent.stream().map(OutboundMessage::topic).toList());
        assertEquals(Map.of(P0, 1L), publisher.committableOffsets(List.of(P0)));
    }

    @Test
    void onlyOffsetsAfterAFinishedRunCommitAndALostPublishIsSentAgainFirst() {
        HeldSender sender = new HeldSender();
        Publisher publisher = publisher(sender, 10);
        for (long o = 0; o < 3; o++) {
            publisher.add(record(0, o), message(o));
        }
        publisher.pump();
        sender.open.get(1).complete(new PublishOutcome(true, null));
        sender.open.get(2).complete(new PublishOutcome(true, null));
        assertTrue(publisher.committableOffsets(List.of(P0)).isEmpty(), "offset 0 is not acknowledged");
        publisher.add(record(0, 3), message(3));
        sender.open.get(0).completeExceptionally(new IllegalStateException("session expired"));
        publisher.pump();
        assertEquals(3, sender.sent.size(), "the partition waits for a connection");
        publisher.resumeStalled();
        assertEquals(List.of("m/0", "m/3"), sender.sent.subList(3, 5).stream().map(OutboundMessage::topic).toList(),
                "sent again, ahead of the partition's later record");
        sender.open.get(4).complete(new PublishOutcome(true, null));
        sender.open.get(3).complete(new PublishOutcome(true, null));
        assertEquals(Map.of(P0, 4L), publisher.committableOffsets(List.of(P0)));
    }

    @Test
    void aClientThatFailsEveryPublishAtOnceDoesNotSpin() {
        List<OutboundMessage> sent = new ArrayList<>();
        Publisher publisher = new Publisher(m -> {
            sent.add(m);
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }, () -> 10, 100, new SinkMetrics(new TaskMetrics("test", "c", "2")));
        for (long o = 0; o < 5; o++) {
            publisher.add(record(0, o), message(o));
            publisher.add(record(1, o), message(100 + o));
        }
        publisher.pump();
        assertEquals(2, sent.size(), "one attempt per partition, then each waits for a connection");
        publisher.resumeStalled();
        assertEquals(4, sent.size());
        assertEquals(java.util.Set.of("m/0", "m/100"), sent.subList(2, 4).stream().map(OutboundMessage::topic)
                .collect(java.util.stream.Collectors.toSet()), "each partition's first record again, not its next");
    }

    @Test
    void aCommitWaitsForAnswersOnlyWhileSomethingIsOutstanding() throws Exception {
        HeldSender sender = new HeldSender();
        Publisher publisher = publisher(sender, 1);
        publisher.add(record(0, 0), message(0));
        publisher.add(record(0, 1), message(1));
        publisher.pump();
        long start = System.nanoTime();
        publisher.awaitAnswers(List.of(P0), 100);
        assertTrue(System.nanoTime() - start >= 90_000_000L, "waited while unanswered");
        Thread answers = new Thread(() -> {
            sender.open.get(0).complete(new PublishOutcome(true, null));
            sender.open.get(1).complete(new PublishOutcome(true, null));
        });
        answers.start();
        publisher.awaitAnswers(List.of(P0), 10_000);
        answers.join();
        assertEquals(Map.of(P0, 2L), publisher.committableOffsets(List.of(P0)), "both answered when the wait returned");
    }

    @Test
    void aRefusalHoldsItsOffsetUntilReported() {
        HeldSender sender = new HeldSender();
        Publisher publisher = publisher(sender, 10);
        publisher.add(record(0, 0), message(0));
        publisher.finished(record(0, 1));
        publisher.pump();
        sender.open.get(0).complete(new PublishOutcome(false, "NOT_AUTHORIZED"));
        assertTrue(publisher.committableOffsets(List.of(P0)).isEmpty());
        List<Publisher.Refusal> reported = new ArrayList<>();
        publisher.reportRefusals(reported::add);
        assertEquals("NOT_AUTHORIZED", reported.get(0).reason());
        assertEquals(Map.of(P0, 2L), publisher.committableOffsets(List.of(P0)));
    }

    @Test
    void partitionsTakeTurnsAndPauseWhenFull() {
        HeldSender sender = new HeldSender();
        Publisher publisher = new Publisher(sender, () -> 4, 3, new SinkMetrics(new TaskMetrics("test", "c", "1")));
        for (long o = 0; o < 3; o++) {
            publisher.add(record(0, o), message(o));
            publisher.add(record(1, o), message(100 + o));
        }
        publisher.pump();
        assertEquals(List.of("m/0", "m/100", "m/1", "m/101"), sender.sent.stream().map(OutboundMessage::topic).toList());
        assertEquals(2, publisher.partitionsToPause().size());
        new ArrayList<>(sender.open).forEach(f -> f.complete(new PublishOutcome(true, null)));
        assertEquals(2, publisher.partitionsToResume().size(), "drained to half");
    }
}
