package io.tributary.connect.http.client;

import io.tributary.connect.common.metrics.TaskMetrics;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request counters every HTTP task shows over JMX, sink or source: attempts, answers by status class,
 * connection errors, retries and time spent in requests.
 */
public final class RequestMetrics implements RetryingExecutor.Listener {
    private final LongAdder requests;
    private final LongAdder retries;
    private final LongAdder status2xx;
    private final LongAdder status3xx;
    private final LongAdder status4xx;
    private final LongAdder status5xx;
    private final LongAdder connectionErrors;
    private final LongAdder requestTimeMs;

    public RequestMetrics(TaskMetrics metrics) {
        requests = metrics.counter("requests", "Requests sent, every attempt counted");
        retries = metrics.counter("request-retries", "Attempts scheduled again after a failure");
        status2xx = metrics.counter("responses-2xx", "Answers with a 2xx status");
        status3xx = metrics.counter("responses-3xx", "Answers with a 3xx status (redirects are not followed)");
        status4xx = metrics.counter("responses-4xx", "Answers with a 4xx status");
        status5xx = metrics.counter("responses-5xx", "Answers with a 5xx status");
        connectionErrors = metrics.counter("connection-errors",
                "Attempts that got no answer: refused or dropped connections, timeouts");
        requestTimeMs = metrics.counter("request-time-ms", "Milliseconds spent in requests, in total (divide by "
                + "requests for the mean latency)");
    }

    @Override
    public void answered(HttpExchange exchange) {
        requests.increment();
        requestTimeMs.add(exchange.elapsedNanos() / 1_000_000);
        switch (exchange.status() / 100) {
            case 2 -> status2xx.increment();
            case 3 -> status3xx.increment();
            case 4 -> status4xx.increment();
            default -> status5xx.increment();
        }
    }

    @Override
    public void unanswered(IOException error) {
        requests.increment();
        connectionErrors.increment();
    }

    @Override
    public void retryScheduled(long delayMs) {
        retries.increment();
    }
}
