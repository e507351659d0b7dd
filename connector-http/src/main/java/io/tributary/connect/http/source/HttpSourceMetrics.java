package io.tributary.connect.http.source;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.http.client.RequestMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an HTTP source task did, over JMX as
 * {@code io.tributary.connect:type=http-source-task,connector=<name>,task=<id>}: pages and records read,
 * repeats dropped, bad input, outages, beside the {@link RequestMetrics} every HTTP task has.
 */
public final class HttpSourceMetrics {
    public static final String TYPE = "http-source-task";

    public final LongAdder pages;
    public final LongAdder records;
    public final LongAdder duplicates;
    public final LongAdder badInput;
    public final LongAdder outages;
    private final RequestMetrics requests;

    public HttpSourceMetrics(TaskMetrics metrics) {
        pages = metrics.counter("pages", "Pages answered with a 2xx status");
        records = metrics.counter("records", "Records handed to the worker (error-topic records not counted)");
        duplicates = metrics.counter("records-duplicate", "Records dropped as seen again (dedup.window.records)");
        badInput = metrics.counter("bad-input", "Answers or records that could not become records "
                + "(http.errors.action)");
        outages = metrics.counter("outages", "Requests that got no usable answer after every retry; the endpoint "
                + "is asked again at its next poll");
        requests = new RequestMetrics(metrics);
    }

    /** What the retrying executor reports: the request counters. */
    public RequestMetrics requests() {
        return requests;
    }
}
