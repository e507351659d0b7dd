package io.tributary.connect.http.client;

import io.tributary.connect.common.retry.Backoff;

import java.util.Set;

/**
 * Which failures are worth another attempt and how long to wait: connection errors and timeouts always,
 * statuses from a configured set; exponential backoff with jitter, at most {@code maxRetries} times and
 * never past {@code retryTimeoutMs} after the first failure.
 */
public record RetryPolicy(Set<Integer> retriableStatuses, Backoff backoff, int maxRetries, long retryTimeoutMs) {
    public boolean retriable(int status) {
        return retriableStatuses.contains(status);
    }
}
