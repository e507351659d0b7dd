package io.tributary.connect.http.source;

import io.tributary.connect.http.client.OutgoingRequest;
import io.tributary.connect.http.client.RequestOutcome;
import io.tributary.connect.http.client.RetryPolicy;
import io.tributary.connect.http.client.RetryingExecutor;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drives a task's endpoint readers: sends each due reader's request through the {@link RetryingExecutor} (so
 * endpoints are asked side by side, and one that retries holds up no other), and hands the task one answer at
 * a time, already turned into records by its reader. Readers are touched on the task's thread only.
 */
public final class EndpointPoller {
    /** One endpoint's answer, as its reader made it into records, problems or an outage. */
    public record Answer(EndpointReader reader, EndpointReader.Result result) {
    }

    private record Completed(EndpointReader reader, OutgoingRequest request, RequestOutcome outcome,
                             EndpointReader.ParsedBody body, Throwable error) {
    }

    private final List<EndpointReader> readers;
    private final RetryingExecutor executor;
    private final RetryPolicy policy;
    private final LongSupplier clock;
    private final int maxBodyChars;
    private final BlockingQueue<Completed> completed = new LinkedBlockingQueue<>();

    public EndpointPoller(List<EndpointReader> readers, RetryingExecutor executor, RetryPolicy policy, int maxBodyChars,
                          LongSupplier clock) {
        this.readers = List.copyOf(readers);
        this.executor = executor;
        this.policy = policy;
        this.maxBodyChars = maxBodyChars;
        this.clock = clock;
    }

    /**
     * Sends the requests that are due, then waits up to {@code maxWaitMs} (less when another request falls due
     * sooner) for an answer; null when none came.
     */
    public Answer next(long maxWaitMs) throws InterruptedException {
        long now = clock.getAsLong();
        long wakeAt = Math.min(now + maxWaitMs, sendDue(now));
        Completed c = completed.poll(Math.max(0, wakeAt - now), TimeUnit.MILLISECONDS);
        if (c == null || c.error() != null) {
            // An error here is a request cancelled because the task is stopping.
            return null;
        }
        now = clock.getAsLong();
        RequestOutcome outcome = c.outcome();
        if (outcome.kind() == RequestOutcome.Kind.FATAL) {
            // The connector's own credentials were refused: no retry helps, the keys must change.
            throw new ConnectException("Endpoint " + c.reader().name() + ": " + outcome.reason(), outcome.lastError());
        }
        EndpointReader.Result result;
        if (outcome.delivered()) {
            result = c.reader().answered(c.request(), outcome.lastExchange(), c.body(), now);
        } else {
            boolean refused = outcome.status() >= 0 && !policy.retriable(outcome.status());
            result = c.reader().failed(outcome, refused, now);
        }
        // The next page goes out now, so the endpoint answers while the worker converts and sends this one.
        sendDue(now);
        return new Answer(c.reader(), result);
    }

    /** Sends the due readers' requests; returns when the earliest reader not waiting for an answer falls due. */
    private long sendDue(long now) {
        long earliest = Long.MAX_VALUE;
        for (EndpointReader reader : readers) {
            if (reader.due(now)) {
                OutgoingRequest request = reader.request(now);
                executor.submit(request).whenComplete((outcome, error) -> completed.add(new Completed(reader, request,
                        outcome, outcome != null && outcome.delivered() ? EndpointReader.parse(outcome.lastExchange(),
                        maxBodyChars) : null, error)));
            } else if (!reader.open()) {
                earliest = Math.min(earliest, reader.dueAtMs());
            }
        }
        return earliest;
    }
}
