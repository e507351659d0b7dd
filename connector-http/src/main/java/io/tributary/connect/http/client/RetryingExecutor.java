package io.tributary.connect.http.client;

import io.tributary.connect.common.retry.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Sends requests on a fixed number of threads (the task's in-flight limit) and retries them by the
 * {@link RetryPolicy}. A retry waits on a timer, not on a thread, so other requests go on meanwhile; a
 * Retry-After holds every request to that endpoint until the time it names.
 */
public final class RetryingExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetryingExecutor.class);

    /** What the executor did, for metrics. */
    public interface Listener {
        void answered(HttpExchange exchange);

        void unanswered(IOException error);

        void retryScheduled(long delayMs);
    }

    private final HttpTransport transport;
    private final RetryPolicy policy;
    private final EndpointGate gate;
    private final ResponseReading reading;
    private final Listener listener;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor threads;
    /** On our threads while they run attempts: requests submitted meanwhile, which the same thread runs next. */
    private final ThreadLocal<ArrayDeque<Call>> continuations = new ThreadLocal<>();

    /** {@code threads} requests are sent at once at most; of each answer, what {@code reading} asks for is read. */
    public RetryingExecutor(HttpTransport transport, RetryPolicy policy, EndpointGate gate, int threads,
                            ResponseReading reading, String threadName, Listener listener) {
        this(transport, policy, gate, threads, reading, threadName, listener, System::currentTimeMillis);
    }

    RetryingExecutor(HttpTransport transport, RetryPolicy policy, EndpointGate gate, int threads,
                     ResponseReading reading, String threadName, Listener listener, LongSupplier clock) {
        this.transport = transport;
        this.policy = policy;
        this.gate = gate;
        this.reading = reading;
        this.listener = listener;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadName + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        this.threads = new ScheduledThreadPoolExecutor(threads, factory);
        this.threads.setRemoveOnCancelPolicy(true);
    }

    /** Sends {@code request} until it is delivered or no further attempt may be made. */
    public CompletableFuture<RequestOutcome> submit(OutgoingRequest request) {
        Call call = new Call(request);
        schedule(call, 0);
        return call.result;
    }

    private void schedule(Call call, long delayMs) {
        ArrayDeque<Call> here = continuations.get();
        if (delayMs <= 0 && here != null) {
            // Submitted from one of our threads as its request ended (a partition's next batch): that thread
            // sends it next, rather than handing it to another through the queue; a switch per request costs
            // more than a small request does.
            here.add(call);
            return;
        }
        try {
            threads.schedule(() -> run(call), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            call.result.cancel(false);
        }
    }

    /** Runs an attempt, then the attempts it (or what its completion did) asked to run next, in order. */
    private void run(Call first) {
        ArrayDeque<Call> queue = new ArrayDeque<>();
        continuations.set(queue);
        try {
            for (Call call = first; call != null; call = queue.poll()) {
                if (threads.isShutdown()) {
                    call.result.cancel(false);
                    continue;
                }
                attempt(call);
            }
        } finally {
            continuations.remove();
        }
    }

    private void attempt(Call call) {
        if (call.result.isDone()) {
            return;
        }
        OutgoingRequest request = call.request;
        long now = clock.getAsLong();
        long openAt = gate.openAtMs(call.origin);
        if (openAt > now) {
            schedule(call, openAt - now);
            return;
        }
        call.attempts++;
        HttpExchange exchange = null;
        IOException error = null;
        try {
            exchange = transport.send(request, reading);
            listener.answered(exchange);
        } catch (CredentialsRejectedException e) {
            call.result.complete(new RequestOutcome(RequestOutcome.Kind.FATAL, request, null, e, call.attempts,
                    e.getMessage()));
            return;
        } catch (IOException e) {
            error = e;
            listener.unanswered(e);
        } catch (RuntimeException e) {
            // A request the client cannot even form is not worth retrying.
            call.result.complete(new RequestOutcome(RequestOutcome.Kind.FAILED, request, null, e, call.attempts,
                    "the request could not be sent: " + e));
            return;
        }
        now = clock.getAsLong();
        long retryAfterAt = -1;
        if (exchange != null) {
            if (exchange.succeeded()) {
                call.result.complete(new RequestOutcome(RequestOutcome.Kind.DELIVERED, request, exchange, null,
                        call.attempts, "delivered"));
                return;
            }
            retryAfterAt = RetryAfter.untilMs(exchange.retryAfter(), now);
            if (retryAfterAt > now) {
                gate.hold(call.origin, retryAfterAt);
            }
            if (!policy.retriable(exchange.status())) {
                call.result.complete(new RequestOutcome(RequestOutcome.Kind.FAILED, request, exchange, null,
                        call.attempts, "status " + exchange.status() + " is not retried (retry.on.status.codes)"));
                return;
            }
        }
        if (call.firstFailureMs < 0) {
            call.firstFailureMs = now;
        }
        int retriesDone = call.attempts - 1;
        if (retriesDone >= policy.maxRetries()) {
            call.result.complete(new RequestOutcome(RequestOutcome.Kind.FAILED, request, exchange, error, call.attempts,
                    "gave up after " + policy.maxRetries() + " retries (max.retries)"));
            return;
        }
        long retryAt = Math.max(now + policy.backoff().delayMs(retriesDone), retryAfterAt);
        if (retryAt - call.firstFailureMs > policy.retryTimeoutMs()) {
            call.result.complete(new RequestOutcome(RequestOutcome.Kind.FAILED, request, exchange, error, call.attempts,
                    "the next attempt would come " + (retryAt - call.firstFailureMs) + " ms after the first failure, "
                            + "past retry.timeout.ms=" + policy.retryTimeoutMs()));
            return;
        }
        long delay = retryAt - now;
        listener.retryScheduled(delay);
        if (log.isDebugEnabled()) {
            log.debug("{} {} failed ({}); attempt {} in {} ms", request.method(), request.uri(),
                    exchange != null ? "status " + exchange.status() : String.valueOf(error), call.attempts + 1, delay);
        }
        schedule(call, delay);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Call {
        final OutgoingRequest request;
        final CompletableFuture<RequestOutcome> result = new CompletableFuture<>();
        final String origin;
        int attempts;
        long firstFailureMs = -1;

        Call(OutgoingRequest request) {
            this.request = request;
            this.origin = request.origin();
        }
    }
}
