package io.tributary.connect.http.sink;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.client.HttpExchange;
import io.tributary.connect.http.client.RetryingExecutor;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an HTTP sink task did, over JMX as
 * {@code io.tributary.connect:type=http-sink-task,connector=<name>,task=<id>}: records delivered, skipped
 * and errored, requests and their answers by status class, retries, time spent in requests.
 */
public final class HttpSinkMetrics implements RetryingExecutor.Listener {
    public static final String TYPE = "http-sink-task";

    final LongAdder recordsSent;
    final LongAdder recordsSkipped;
    final LongAdder recordsErrored;
    final LongAdder requestsDelivered;
    final LongAdder requests;
    final LongAdder retries;
    final LongAdder status2xx;
    final LongAdder status3xx;
    final LongAdder status4xx;
    final LongAdder status5xx;
    final LongAdder connectionErrors;
    final LongAdder requestTimeMs;
    final LongAdder bytesSent;
    final LongAdder partitionsPaused;

    public HttpSinkMetrics(TaskMetrics metrics) {
        recordsSent = metrics.counter("records-sent", "Records the endpoint took (a 2xx answer to their request)");
        recordsSkipped = metrics.counter("records-skipped", "Tombstones skipped (tombstones=skip)");
        recordsErrored = metrics.counter("records-errored", "Records handed to Connect's error handling (dead letter "
                + "queue or log): a status that is not retried, retries used up, or a record that cannot be a request");
        requestsDelivered = metrics.counter("requests-delivered", "Requests that ended with a 2xx answer");
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
        bytesSent = metrics.counter("bytes-sent", "Request body bytes sent, every attempt counted");
        partitionsPaused = metrics.counter("partition-pauses",
                "Times a partition was paused because max.buffered.records of its records were held");
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
