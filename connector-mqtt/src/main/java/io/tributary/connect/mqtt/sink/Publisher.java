package io.tributary.connect.mqtt.sink;

import io.tributary.connect.common.flow.OffsetLedger;
import io.tributary.connect.mqtt.client.OutboundMessage;
import io.tributary.connect.mqtt.client.PublishOutcome;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;

/**
 * Publishes rendered records with a bounded window of unacknowledged messages, and tells which offsets are safe to
 * commit: only those whose message, and every message before it in its partition, the broker acknowledged (or that
 * went to error handling). Messages of one Kafka partition are published in offset order on the one connection, so
 * the broker receives them in that order (the client sends a resumed session's unacknowledged ones again in order).
 * A publish that fails without a refusal (its session expired with the connection, the client was not connected)
 * stalls its partition: nothing more of it goes out until {@link #resumeStalled} (a new connection), and then that
 * message first. A refusal is held for the task thread to report.
 *
 * <p>The task thread adds and pumps; acknowledgements arrive on the client's thread, which pumps the next messages
 * into the freed window at once. Every state change holds this object's lock.
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /** Where messages go: the session, or a fake in unit tests. */
    public interface Sender {
        CompletableFuture<PublishOutcome> publish(OutboundMessage message);
    }

    /** A message the broker refused (an MQTT 5 reason code), waiting to be reported on the task thread. */
    public record Refusal(SinkRecord record, OutboundMessage message, String reason) {
    }

    private final Sender sender;
    private final IntSupplier window;
    private final int maxBuffered;
    private final SinkMetrics metrics;
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    /** Lanes with messages waiting, taken round-robin so one busy partition cannot starve the others. */
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final Queue<Item> refused = new ConcurrentLinkedQueue<>();
    private int inFlight;
    private boolean pumping;
    private boolean closed;

    /**
     * @param window the most messages unacknowledged at once, asked before each publish (it follows the broker's
     *               Receive Maximum of the current connection)
     * @param maxBuffered records of one partition held before it should be paused
     */
    public Publisher(Sender sender, IntSupplier window, int maxBuffered, SinkMetrics metrics) {
        this.sender = sender;
        this.window = window;
        this.maxBuffered = maxBuffered;
        this.metrics = metrics;
    }

    /** Queues a record's message behind its partition's earlier ones. */
    public synchronized void add(SinkRecord record, OutboundMessage message) {
        Lane lane = lane(record);
        Item item = new Item(lane, record, message);
        lane.ledger.add(item);
        lane.buffered++;
        lane.waiting.add(item);
        queue(lane);
    }

    /** Puts the lane in the round-robin when it has something to send and may send it. */
    private void queue(Lane lane) {
        if (!lane.queued && !lane.stalled && !lane.dropped && lane.hasWaiting()) {
            lane.queued = true;
            ready.add(lane);
        }
    }

    /** A record dealt with on arrival (a skipped tombstone, a bad record already reported): its offset may commit in turn. */
    public synchronized void finished(SinkRecord record) {
        lane(record).ledger.addFinished(record.kafkaOffset());
    }

    /** Publishes waiting messages while the window has room. */
    public synchronized void pump() {
        if (pumping || closed) {
            return;
        }
        pumping = true;
        try {
            int limit = window.getAsInt();
            while (inFlight < limit && !ready.isEmpty()) {
                Lane lane = ready.poll();
                lane.queued = false;
                Item item = lane.next();
                // Back of the round-robin, unless sending just stalled it (a publish that fails at once).
                send(item);
                queue(lane);
            }
        } finally {
            pumping = false;
        }
    }

    private void send(Item item) {
        inFlight++;
        item.lane.inFlight++;
        item.sentNanos = System.nanoTime();
        metrics.published.increment();
        CompletableFuture<PublishOutcome> outcome;
        try {
            outcome = sender.publish(item.message);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((result, error) -> completed(item, result, error));
    }

    private synchronized void completed(Item item, PublishOutcome outcome, Throwable error) {
        inFlight--;
        Lane lane = item.lane;
        lane.inFlight--;
        if (error != null) {
            if (!closed && !lane.dropped) {
                // Lost with the connection or its session, or never sent: the partition waits for a connection, then
                // sends it again before its later records. Not at once: a client that fails every publish at once
                // would spin.
                metrics.resends.increment();
                log.debug("Publishing to {} again once connected ({}): {}", item.message.topic(), lane.partition,
                        error.toString());
                lane.resend.add(item);
                lane.stalled = true;
                if (lane.queued) {
                    lane.queued = false;
                    ready.remove(lane);
                }
            }
        } else if (outcome.taken()) {
            metrics.acknowledged.increment();
            metrics.ackTimeMicros.add((System.nanoTime() - item.sentNanos) / 1_000);
            finish(item);
        } else if (!lane.dropped) {
            item.refusal = outcome.refusal();
            refused.add(item);
        }
        notifyAll();
        pump();
    }

    /** A connection is up: partitions stalled by a lost publish send it again, then go on. */
    public synchronized void resumeStalled() {
        for (Lane lane : lanes.values()) {
            if (lane.stalled) {
                lane.stalled = false;
                queue(lane);
            }
        }
        pump();
    }

    private void finish(Item item) {
        item.done = true;
        item.lane.buffered--;
    }

    /**
     * Hands each refused message to {@code report} (on the task thread), then lets its offset commit. When
     * {@code report} throws (errors are not tolerated), the refusal stays and the exception goes on.
     */
    public void reportRefusals(java.util.function.Consumer<Refusal> report) {
        Item item;
        while ((item = refused.peek()) != null) {
            report.accept(new Refusal(item.record, item.message, item.refusal));
            refused.poll();
            synchronized (this) {
                finish(item);
                notifyAll();
            }
        }
    }

    /**
     * Waits up to {@code timeoutMs} until every message of {@code partitions} handed over so far has an answer
     * (acknowledged or refused), so that an offset commit covers them: fewer records are sent twice after a
     * rebalance or a stop. Returns at once when nothing is outstanding; a broker that is away costs the timeout.
     */
    public synchronized void awaitAnswers(Collection<TopicPartition> partitions, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!closed && outstanding(partitions)) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    private boolean outstanding(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Lane lane = lanes.get(tp);
            if (lane != null && (lane.inFlight > 0 || lane.hasWaiting())) {
                return true;
            }
        }
        return false;
    }

    /** The offset to commit per partition (the one after the last finished run), for partitions that have one. */
    public synchronized Map<TopicPartition, Long> committableOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Lane lane = lanes.get(tp);
            if (lane != null) {
                long next = lane.ledger.committableOffset();
                if (next >= 0) {
                    out.put(tp, next);
                }
            }
        }
        return out;
    }

    /** Partitions that hold {@code maxBuffered} records and are not yet paused; they count as paused from now. */
    public synchronized List<TopicPartition> partitionsToPause() {
        List<TopicPartition> out = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (!lane.paused && lane.buffered >= maxBuffered) {
                lane.paused = true;
                metrics.partitionPauses.increment();
                out.add(lane.partition);
            }
        }
        return out;
    }

    /** Paused partitions that drained to half of {@code maxBuffered}; they count as running from now. */
    public synchronized List<TopicPartition> partitionsToResume() {
        List<TopicPartition> out = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (lane.paused && lane.buffered <= maxBuffered / 2) {
                lane.paused = false;
                out.add(lane.partition);
            }
        }
        return out;
    }

    /**
     * When every one of {@code assigned} is paused, waits up to {@code timeoutMs} for one to drain enough to resume:
     * the worker would otherwise call put at once with nothing, over and over.
     */
    public synchronized void awaitRoom(Collection<TopicPartition> assigned, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!closed && allPaused(assigned) && !anyDrained() && refused.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    private boolean allPaused(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return false;
        }
        for (TopicPartition tp : assigned) {
            Lane lane = lanes.get(tp);
            if (lane == null || !lane.paused) {
                return false;
            }
        }
        return true;
    }

    private boolean anyDrained() {
        for (Lane lane : lanes.values()) {
            if (lane.paused && lane.buffered <= maxBuffered / 2) {
                return true;
            }
        }
        return false;
    }

    /** Records held: waiting for the window, in flight, or refused and not yet reported. */
    public synchronized int buffered() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            n += lane.buffered;
        }
        return n;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * The partitions left this task: nothing more of theirs is published; their uncommitted records go to the
     * task that gets them next. What is in flight still completes, unheard.
     */
    public synchronized void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Lane lane = lanes.remove(tp);
            if (lane != null) {
                lane.dropped = true;
                lane.waiting.clear();
                lane.resend.clear();
                if (lane.queued) {
                    lane.queued = false;
                    ready.remove(lane);
                }
            }
        }
        refused.removeIf(item -> item.lane.dropped);
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private Lane lane(SinkRecord record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
        return lanes.computeIfAbsent(tp, Lane::new);
    }

    /** One partition's messages: waiting in offset order, sent again first, and its offsets until finished. */
    private static final class Lane {
        final TopicPartition partition;
        final ArrayDeque<Item> waiting = new ArrayDeque<>();
        final PriorityQueue<Item> resend = new PriorityQueue<>(Comparator.comparingLong(i -> i.record.kafkaOffset()));
        final OffsetLedger ledger = new OffsetLedger();
        int buffered;
        boolean paused;
        boolean dropped;
        /** Messages published and not yet answered. */
        int inFlight;
        /** In the round-robin of lanes with something to send. */
        boolean queued;
        /** A publish of this lane failed: nothing more goes out until {@link #resumeStalled}. */
        boolean stalled;

        Lane(TopicPartition partition) {
            this.partition = partition;
        }

        boolean hasWaiting() {
            return !waiting.isEmpty() || !resend.isEmpty();
        }

        Item next() {
            return resend.isEmpty() ? waiting.poll() : resend.poll();
        }
    }

    /** One record's message, held in its partition's ledger until acknowledged or reported. */
    private static final class Item implements OffsetLedger.Entry {
        final Lane lane;
        final SinkRecord record;
        final OutboundMessage message;
        long sentNanos;
        String refusal;
        volatile boolean done;

        Item(Lane lane, SinkRecord record, OutboundMessage message) {
            this.lane = lane;
            this.record = record;
            this.message = message;
        }

        @Override
        public boolean done() {
            return done;
        }

        @Override
        public long lastOffset() {
            return record.kafkaOffset();
        }
    }
}
