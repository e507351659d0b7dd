package io.tributary.connect.http.sink;

import io.tributary.connect.common.errors.SinkRecordOrigin;
import io.tributary.connect.http.client.Bodies;
import io.tributary.connect.http.client.OutgoingRequest;
import io.tributary.connect.http.client.RequestOutcome;
import io.tributary.connect.http.client.RetryingExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The HTTP sink's engine, behind a thin task: renders records, batches them per partition, sends each
 * partition's batches one after another (partitions side by side, up to the in-flight limit), hands
 * records that fail for good to error handling, and says which offsets are safe to commit and which
 * partitions to pause. Reporting and failing happen on the task thread, where Connect expects them.
 */
public final class HttpSinkWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpSinkWriter.class);
    /** How much of a failed response body goes into logs and dead letter queue headers. */
    public static final int RESPONSE_BODY_CHARS = 1_000;
    /** How often the task looks again while requests are open, to report failures and resume partitions. */
    static final long BUSY_CHECK_MS = 100;

    public static final String HEADER_STATUS = "tributary.http.status";
    public static final String HEADER_URL = "tributary.http.url";
    public static final String HEADER_METHOD = "tributary.http.method";
    public static final String HEADER_RESPONSE_BODY = "tributary.http.response.body";
    public static final String HEADER_ATTEMPTS = "tributary.http.attempts";

    /** Where records that cannot be delivered go: Connect's error handling, or a failed task. */
    public interface ErrorHandling {
        /** False when errors.tolerance=none: a failure fails the task. */
        boolean tolerates();

        void report(SinkRecord record, Throwable cause, Map<String, String> headers);
    }

    /** The batching and request settings. */
    public record Settings(int maxRecords, int maxBytes, long lingerMs, int maxBuffered, String method,
                           String contentType) {
    }

    private final Settings settings;
    private final RecordRenderer renderer;
    private final BodyAssembler body;
    private final RetryingExecutor executor;
    private final ErrorHandling errors;
    private final HttpSinkMetrics metrics;
    private final ResponseReporter reporter;
    private final Map<TopicPartition, PartitionLane> lanes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    /** Signalled when a paused lane can resume (or a request failed for good), for {@link #awaitRoom}. */
    private final Object room = new Object();
    private volatile ConnectException fatal;

    public HttpSinkWriter(Settings settings, RecordRenderer renderer, BodyAssembler body, RetryingExecutor executor,
                          ErrorHandling errors, HttpSinkMetrics metrics, ResponseReporter reporter) {
        this.reporter = reporter;
        this.settings = settings;
        this.renderer = renderer;
        this.body = body;
        this.executor = executor;
        this.errors = errors;
        this.metrics = metrics;
    }

    /** Takes records into their partitions' batches and sends what is ready. */
    public void put(Collection<SinkRecord> records, long nowMs) {
        throwIfFailed();
        reportFailures();
        PartitionLane lane = null;
        for (SinkRecord record : records) {
            // A poll hands over runs of one partition's records: look the lane up when the partition changes.
            String topic = SinkRecordOrigin.topic(record);
            int partition = SinkRecordOrigin.partition(record);
            if (lane == null || lane.partition.partition() != partition || !lane.partition.topic().equals(topic)) {
                lane = lanes.computeIfAbsent(new TopicPartition(topic, partition), PartitionLane::new);
            }
            long offset = SinkRecordOrigin.offset(record);
            RenderedRecord rendered;
            try {
                rendered = renderer.render(record);
            } catch (BadRecordException e) {
                badRecord(record, e);
                lane.finished(offset);
                continue;
            }
            if (rendered == null) {
                metrics.recordsSkipped.increment();
                lane.finished(offset);
                continue;
            }
            lane.add(record, rendered, offset, nowMs, settings.maxRecords(), settings.maxBytes(), body);
        }
        sendReady(nowMs);
    }

    /**
     * Closes batches that lingered long enough and starts requests; returns how long until the task should
     * look again (a batch's linger ending, or open requests to follow), or -1 when nothing is pending.
     */
    public long sendReady(long nowMs) {
        long next = Long.MAX_VALUE;
        for (PartitionLane lane : lanes.values()) {
            long due = lane.closeIfLingered(nowMs, settings.lingerMs());
            if (due > 0) {
                next = Math.min(next, due - nowMs);
            }
            startNext(lane);
            if (lane.hasOpenRequest() || lane.paused()) {
                next = Math.min(next, BUSY_CHECK_MS);
            }
        }
        if (!failures.isEmpty()) {
            next = 0;
        }
        return next == Long.MAX_VALUE ? -1 : Math.max(next, 1);
    }

    private void startNext(PartitionLane lane) {
        if (fatal != null) {
            return;
        }
        Batch batch = lane.startNext();
        if (batch == null) {
            return;
        }
        OutgoingRequest request = request(lane.partition, batch);
        executor.submit(request).whenComplete((outcome, error) -> ended(lane, batch, outcome, error));
    }

    private OutgoingRequest request(TopicPartition tp, Batch batch) {
        if (batch.first.delete()) {
            return new OutgoingRequest("DELETE", batch.first.url(), batch.first.headers(), null, null);
        }
        return new OutgoingRequest(settings.method(), batch.first.url(), batch.first.headers(),
                body.body(batch.parts, tp.topic(), tp.partition()), settings.contentType());
    }

    private void ended(PartitionLane lane, Batch batch, RequestOutcome outcome, Throwable error) {
        int resumeAt = settings.maxBuffered() / 2;
        boolean above = lane.buffered() > resumeAt;
        try {
            finish(lane, batch, outcome, error);
        } finally {
            // Wakes a waiting put only when the lane can be resumed, not after every request: with one record per
            // request that would be a context switch per record.
            if ((above && lane.buffered() <= resumeAt) || error != null || fatal != null || !failures.isEmpty()) {
                synchronized (room) {
                    room.notifyAll();
                }
            }
        }
    }

    private void finish(PartitionLane lane, Batch batch, RequestOutcome outcome, Throwable error) {
        if (error != null) {
            // Cancelled at stop: the records stay uncommitted and come again.
            lane.requestEnded(batch, false);
            return;
        }
        boolean delivered = outcome.delivered();
        if (!lane.requestEnded(batch, delivered)) {
            return;
        }
        if (delivered) {
            metrics.requestsDelivered.increment();
            metrics.recordsSent.add(batch.size());
            metrics.bytesSent.add(outcome.request().bodyBytes());
            reporter.delivered(batch.records, outcome);
        } else if (outcome.kind() == RequestOutcome.Kind.FATAL) {
            fatal = new ConnectException(outcome.reason());
            return;
        } else {
            failures.add(new Failure(lane, batch, outcome));
        }
        startNext(lane);
    }

    /**
     * Hands the records of requests that failed for good to error handling, on the caller's (the task's)
     * thread; with errors.tolerance=none the first such failure fails the task instead.
     */
    public void reportFailures() {
        Failure failure;
        while ((failure = failures.poll()) != null) {
            Batch batch = failure.batch;
            RequestOutcome outcome = failure.outcome;
            TopicPartition tp = failure.lane.partition;
            reporter.failed(batch.records, outcome);
            if (!errors.tolerates()) {
                fatal = new ConnectException("Records " + tp + " offsets " + batch.firstOffset + " to " + batch.lastOffset
                        + " could not be delivered: " + outcome.describe() + "; response: "
                        + Bodies.snippet(outcome.lastExchange() == null ? "" : outcome.lastExchange().body(), 300)
                        + ". Set errors.tolerance=all with errors.deadletterqueue.topic.name to send such records to "
                        + "a dead letter queue and go on, or add the status to retry.on.status.codes", outcome.lastError());
                throw fatal;
            }
            log.warn("Sending {} records of {} (offsets {} to {}) to error handling: {}", batch.size(), tp,
                    batch.firstOffset, batch.lastOffset, outcome.describe());
            Map<String, String> headers = headers(outcome);
            ConnectException cause = new ConnectException(outcome.describe(), outcome.lastError());
            for (SinkRecord record : batch.records) {
                errors.report(record, cause, headers);
            }
            metrics.recordsErrored.add(batch.size());
            failure.lane.complete(batch);
        }
    }

    private static Map<String, String> headers(RequestOutcome outcome) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_METHOD, outcome.request().method());
        headers.put(HEADER_URL, outcome.request().uri().toString());
        headers.put(HEADER_STATUS, Integer.toString(outcome.status()));
        headers.put(HEADER_ATTEMPTS, Integer.toString(outcome.attempts()));
        if (outcome.lastExchange() != null && outcome.lastError() == null) {
            headers.put(HEADER_RESPONSE_BODY, Bodies.snippet(outcome.lastExchange().body(), RESPONSE_BODY_CHARS));
        }
        return headers;
    }

    private void badRecord(SinkRecord record, BadRecordException e) {
        String where = record.topic() + "/" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (!errors.tolerates()) {
            throw new ConnectException("Record " + where + " cannot be sent: " + e.getMessage() + ". Set "
                    + "errors.tolerance=all with errors.deadletterqueue.topic.name to send such records to a dead "
                    + "letter queue instead of failing", e);
        }
        log.warn("Sending record {} to error handling: {}", where, e.getMessage());
        errors.report(record, e, Map.of());
        metrics.recordsErrored.increment();
    }

    /**
     * The offsets safe to commit: every record before them was delivered, skipped or reported, and the
     * response reports of those records are in Kafka.
     */
    public Map<TopicPartition, Long> committableOffsets(Collection<TopicPartition> assigned) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        // Read before the flush: only records whose reports the flush covers count.
        Map<TopicPartition, Long> finished = new HashMap<>();
        for (TopicPartition tp : assigned) {
            PartitionLane lane = lanes.get(tp);
            finished.put(tp, lane == null ? -1 : lane.committableOffset());
        }
        reporter.flush();
        for (TopicPartition tp : assigned) {
            long next = finished.get(tp);
            if (next >= 0) {
                offsets.put(tp, next);
            }
        }
        return offsets;
    }

    /**
     * When every partition of {@code assigned} is paused, so the worker has nothing to fetch, waits up to
     * {@code maxWaitMs} for one of them to drain enough to resume. Without it, the worker would look again
     * only at its next poll's timeout, while a fast endpoint empties the partitions long before. An endpoint
     * that is down keeps them full, and the wait ends at its limit.
     */
    public void awaitRoom(Collection<TopicPartition> assigned, long maxWaitMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000;
        synchronized (room) {
            while (fatal == null && failures.isEmpty() && allPausedAndFull(assigned)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                room.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private boolean allPausedAndFull(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return false;
        }
        for (TopicPartition tp : assigned) {
            PartitionLane lane = lanes.get(tp);
            if (lane == null || !lane.paused() || lane.buffered() <= settings.maxBuffered() / 2) {
                return false;
            }
        }
        return true;
    }

    /** Partitions that now hold max.buffered.records and should stop being fetched. */
    public List<TopicPartition> partitionsToPause() {
        List<TopicPartition> pause = new ArrayList<>();
        for (PartitionLane lane : lanes.values()) {
            if (lane.pauseIfFull(settings.maxBuffered())) {
                pause.add(lane.partition);
                metrics.partitionsPaused.increment();
            }
        }
        return pause;
    }

    /** Paused partitions that have delivered half of what they held. */
    public List<TopicPartition> partitionsToResume() {
        List<TopicPartition> resume = new ArrayList<>();
        for (PartitionLane lane : lanes.values()) {
            if (lane.resumeIfDrained(settings.maxBuffered())) {
                resume.add(lane.partition);
            }
        }
        return resume;
    }

    /** Records held (batching, waiting, in flight, awaiting report), over all partitions. */
    public long buffered() {
        long n = 0;
        for (PartitionLane lane : lanes.values()) {
            n += lane.buffered();
        }
        return n;
    }

    public long openRequests() {
        return lanes.values().stream().filter(PartitionLane::hasOpenRequest).count();
    }

    /** Forgets partitions the task lost: their uncommitted records go to the partitions' next owner. */
    public void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionLane lane = lanes.remove(tp);
            if (lane != null) {
                lane.drop();
            }
        }
        failures.removeIf(f -> partitions.contains(f.lane.partition));
    }

    public void throwIfFailed() {
        if (fatal != null) {
            throw fatal;
        }
    }

    @Override
    public void close() {
        executor.close();
        reporter.close();
    }

    private record Failure(PartitionLane lane, Batch batch, RequestOutcome outcome) {
    }
}
