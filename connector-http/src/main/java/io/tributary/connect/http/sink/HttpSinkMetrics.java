package io.tributary.connect.http.sink;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.client.RequestMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an HTTP sink task did, over JMX as
 * {@code io.tributary.connect:type=http-sink-task,connector=<name>,task=<id>}: records delivered, skipped
 * and errored, bytes sent, partitions paused, beside the {@link RequestMetrics} every HTTP task has.
 */
public final class HttpSinkMetrics {
    public static final String TYPE = "http-sink-task";

    final LongAdder recordsSent;
    final LongAdder recordsSkipped;
    final LongAdder recordsErrored;
    final LongAdder requestsDelivered;
    final LongAdder bytesSent;
    final LongAdder partitionsPaused;
    private final RequestMetrics requests;

    public HttpSinkMetrics(TaskMetrics metrics) {
        recordsSent = metrics.counter("records-sent", "Records the endpoint took (a 2xx answer to their request)");
        recordsSkipped = metrics.counter("records-skipped", "Tombstones skipped (tombstones=skip)");
        recordsErrored = metrics.counter("records-errored", "Records handed to Connect's error handling (dead letter "
                + "queue or log): a status that is not retried, retries used up, or a record that cannot be a request");
        requestsDelivered = metrics.counter("requests-delivered", "Requests that ended with a 2xx answer");
        bytesSent = metrics.counter("bytes-sent", "Request body bytes sent, every attempt counted");
        partitionsPaused = metrics.counter("partition-pauses",
                "Times a partition was paused because max.buffered.records of its records were held");
        requests = new RequestMetrics(metrics);
    }

    /** What the retrying executor reports: the request counters. */
    public RequestMetrics requests() {
        return requests;
    }
}
