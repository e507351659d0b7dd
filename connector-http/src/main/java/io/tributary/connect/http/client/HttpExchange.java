package io.tributary.connect.http.client;

/**
 * The endpoint's answer to one request: status, the Retry-After header as sent, the body (cut at the
 * length the caller asked for) and how long the exchange took.
 */
public record HttpExchange(int status, String retryAfter, String body, long elapsedNanos) {
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
